//! The test Lotus node as a process, for end-to-end tests outside Rust (Polkadot.js): serves
//! [`hashmix_tests::lotus`]'s Filecoin state over Lotus's JSON-RPC on a free port of 127.0.0.1
//! until killed.
//!
//! ```text
//! lotus-server [--lie | --stall | --garbage]
//! ```
//!
//! `--lie` reports another beneficiary and twice the power; `--stall` never answers;
//! `--garbage` answers truncated JSON. The first line on standard output is
//! `listening on http://127.0.0.1:PORT/rpc/v1`.

use hashmix_tests::lotus::{Behaviour, LotusServer, State};
use std::io::Write;

fn main() {
	let behaviour = match std::env::args().nth(1).as_deref() {
		None => Behaviour::Honest,
		Some("--lie") => Behaviour::Lie,
		Some("--stall") => Behaviour::Stall,
		Some("--garbage") => Behaviour::Garbage,
		Some(_) => {
			eprintln!("usage: lotus-server [--lie | --stall | --garbage]");
			std::process::exit(2);
		}
	};
	let server = LotusServer::start(State { behaviour, ..State::default() });
	println!("listening on {}", server.url);
	std::io::stdout().flush().expect("stdout is open");
	loop {
		std::thread::park();
	}
}
