//! The test Esplora server as a process, for end-to-end tests outside Rust (Polkadot.js): serves
//! the repository's mainnet data (headers 822,528 to 830,592 and block 830,000 with all its
//! transactions) over the Esplora REST paths on a free port of 127.0.0.1 until killed.
//!
//! ```text
//! esplora-server [--tip HEIGHT]
//! ```
//!
//! `--tip` serves the chain only up to `HEIGHT`, as if it were Bitcoin's tip. The first line on
//! standard output is `listening on http://127.0.0.1:PORT`.

use hashmix_tests::esplora::{Chain, EsploraServer};
use std::io::Write;

fn main() {
	let mut args = std::env::args().skip(1);
	let mut tip = None;
	while let Some(arg) = args.next() {
		match (arg.as_str(), args.next().map(|v| v.parse::<u32>())) {
			("--tip", Some(Ok(height))) => tip = Some(height),
			_ => {
				eprintln!("usage: esplora-server [--tip HEIGHT]");
				std::process::exit(2);
			}
		}
	}
	let mut chain = Chain::mainnet();
	if let Some(tip) = tip {
		chain.truncate(tip);
	}
	let server = EsploraServer::start(chain);
	println!("listening on {}", server.url);
	std::io::stdout().flush().expect("stdout is open");
	loop {
		std::thread::park();
	}
}
