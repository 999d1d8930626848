//! The runtime API of the Filecoin oracle: what clients (Polkadot.js, the node's RPC) read.

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use hashmix_primitives::{
	attestation::RoundId,
	filecoin::{Epoch, Fact, FilecoinQuestion, MinerId},
};
use scale_info::TypeInfo;

/// A binding request as clients see it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct BindingInfo {
	/// The text the miner must publish in its PeerId or multiaddresses (`hashmix-<hex>`).
	pub marker: Vec<u8>,
	/// The round checking it, while one is open.
	pub round: Option<RoundId>,
}

sp_api::decl_runtime_apis! {
	/// Filecoin facts agreed by the validators, and miner bindings.
	pub trait FilecoinOracleApi<AccountId> where AccountId: Codec {
		/// The epoch a question asked now is about (`None` before Filecoin's genesis plus the
		/// finality margin).
		fn question_epoch() -> Option<Epoch>;
		/// The agreed answer to `question`, while retained.
		fn fact(question: FilecoinQuestion) -> Option<Fact>;
		/// The account `miner` is bound to.
		fn bound_account(miner: MinerId) -> Option<AccountId>;
		/// The miners bound to `who`.
		fn miners_of(who: AccountId) -> Vec<MinerId>;
		/// `who`'s request to bind `miner`: the marker to publish and the round checking it.
		fn binding_request(miner: MinerId, who: AccountId) -> Option<BindingInfo>;
	}
}
