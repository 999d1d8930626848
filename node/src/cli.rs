//! Command-line arguments.

/// The HashMix Chain node.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A maintenance command instead of running the node.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options of the node itself (`--dev`, `--chain`, `--validator`, ports, ...).
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// Where a validator's off-chain worker reads evidence.
	#[clap(flatten)]
	pub evidence: EvidenceEndpoints,
}

/// The evidence sources a validator's node serves. Each given URL is written to the node's
/// off-chain local storage at start (never to the chain); the off-chain worker declares on chain
/// the sources it has an endpoint for, and answers only those. A validator without endpoints
/// declares none: it is never asked and never liable for missing answers.
#[derive(Debug, Clone, clap::Args)]
pub struct EvidenceEndpoints {
	/// A Bitcoin Esplora-compatible REST URL, e.g. `http://127.0.0.1:3002`.
	#[arg(long, value_name = "URL")]
	pub bitcoin_esplora_url: Option<String>,

	/// A Filecoin Lotus JSON-RPC URL, e.g. `http://127.0.0.1:1234/rpc/v1`.
	#[arg(long, value_name = "URL")]
	pub filecoin_lotus_url: Option<String>,

	/// The bearer token the Lotus endpoint asks for, if any.
	#[arg(long, value_name = "TOKEN")]
	pub filecoin_lotus_token: Option<String>,
}

impl EvidenceEndpoints {
	/// The off-chain storage entries to write: (key, value).
	pub fn entries(&self) -> Vec<(&'static [u8], &str)> {
		use hashmix_primitives::attestation::{
			BITCOIN_ENDPOINT_KEY, FILECOIN_ENDPOINT_KEY, FILECOIN_TOKEN_KEY,
		};
		[
			(BITCOIN_ENDPOINT_KEY, &self.bitcoin_esplora_url),
			(FILECOIN_ENDPOINT_KEY, &self.filecoin_lotus_url),
			(FILECOIN_TOKEN_KEY, &self.filecoin_lotus_token),
		]
		.into_iter()
		.filter_map(|(key, value)| value.as_deref().map(|value| (key, value)))
		.collect()
	}
}

/// Maintenance commands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant, reason = "parsed once at start-up")]
pub enum Subcommand {
	/// Key management: generate, inspect and insert keys into the node's keystore.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (deprecated upstream in favour of `export-chain-spec`).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export a chain specification, plain or raw (`--raw`), without a database.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Database metadata.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Benchmark the runtime's pallets, storage and machine (build with
	/// `--features runtime-benchmarks`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}
