//! The HTTP/1.1 plumbing of the test servers: one thread per connection, keep-alive, request
//! bodies by `Content-Length` or chunked (as Substrate's off-chain HTTP client streams them).

use std::{
	io::{BufRead, BufReader, Read, Write},
	net::{TcpListener, TcpStream},
	sync::{Arc, Mutex},
	thread,
};

/// A request as a handler sees it.
pub struct Request<'a> {
	/// `GET`, `POST`, ...
	pub method: &'a str,
	/// The path, with its query string.
	pub path: &'a str,
	/// The body (empty for GET).
	pub body: &'a [u8],
}

/// An answer: status, content type, body. `None` never answers (a stalled server).
pub type Answer = Option<(u16, &'static str, String)>;

/// The largest request body read.
const MAX_BODY: usize = 1 << 20;

/// Serves `handler` on a free port of 127.0.0.1 until the process ends; returns
/// `http://127.0.0.1:<port>`.
pub fn serve<H>(handler: H) -> String
where
	H: Fn(&Request) -> Answer + Send + Sync + 'static,
{
	let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
	let url = format!("http://{}", listener.local_addr().expect("bound"));
	let handler = Arc::new(handler);
	thread::spawn(move || {
		for stream in listener.incoming().flatten() {
			let handler = handler.clone();
			thread::spawn(move || {
				let _ = connection(stream, handler.as_ref());
			});
		}
	});
	url
}

/// A log of what a server was asked, shared with the test.
pub type Log = Arc<Mutex<Vec<String>>>;

fn connection<H: Fn(&Request) -> Answer>(stream: TcpStream, handler: &H) -> std::io::Result<()> {
	let mut reader = BufReader::new(stream.try_clone()?);
	loop {
		let mut request_line = String::new();
		if reader.read_line(&mut request_line)? == 0 {
			return Ok(());
		}
		let (mut length, mut chunked) = (0usize, false);
		loop {
			let mut line = String::new();
			if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
				break;
			}
			if let Some((name, value)) = line.split_once(':') {
				if name.eq_ignore_ascii_case("content-length") {
					length = value.trim().parse().unwrap_or(0);
				}
				if name.eq_ignore_ascii_case("transfer-encoding") {
					chunked = value.trim().eq_ignore_ascii_case("chunked");
				}
			}
		}
		let body = if chunked {
			read_chunked(&mut reader)?
		} else {
			let mut body = vec![0u8; length.min(MAX_BODY)];
			reader.read_exact(&mut body)?;
			body
		};
		let mut parts = request_line.split_whitespace();
		let method = parts.next().unwrap_or_default();
		let path = parts.next().unwrap_or("/");
		let Some((status, content_type, answer)) = handler(&Request { method, path, body: &body })
		else {
			// Never answer: hold the connection until the client gives up.
			thread::park();
			return Ok(());
		};
		let reason = match status {
			200 => "OK",
			404 => "Not Found",
			405 => "Method Not Allowed",
			_ => "Error",
		};
		let mut out = &stream;
		write!(
			out,
			"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{answer}",
			answer.len()
		)?;
		out.flush()?;
	}
}

fn invalid(what: &str) -> std::io::Error {
	std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string())
}

/// Reads a body sent with `Transfer-Encoding: chunked`.
fn read_chunked(reader: &mut impl BufRead) -> std::io::Result<Vec<u8>> {
	let mut body = Vec::new();
	loop {
		let mut size_line = String::new();
		reader.read_line(&mut size_line)?;
		let size_text = size_line.trim().split(';').next().unwrap_or_default();
		let size = usize::from_str_radix(size_text, 16).map_err(|_| invalid("chunk size"))?;
		if size == 0 {
			// Trailers, up to the blank line.
			loop {
				let mut line = String::new();
				if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
					return Ok(body);
				}
			}
		}
		if body.len() + size > MAX_BODY {
			return Err(invalid("body too large"));
		}
		let mut chunk = vec![0u8; size];
		reader.read_exact(&mut chunk)?;
		body.extend_from_slice(&chunk);
		let mut end = String::new();
		reader.read_line(&mut end)?;
	}
}
