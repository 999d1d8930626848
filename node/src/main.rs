//! `hashmix-node`: the HashMix Chain node.

#![allow(
	clippy::result_large_err,
	reason = "sc-cli's and sc-service's error types are upstream's, and their APIs take and return them"
)]

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
