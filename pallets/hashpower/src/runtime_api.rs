//! What clients can ask about hash power NFTs.

use crate::*;
use alloc::vec::Vec;

sp_api::decl_runtime_apis! {
	/// Queries of the hash power pallet.
	pub trait HashpowerApi<AccountId, Balance>
	where
		AccountId: codec::Codec,
		Balance: codec::Codec,
	{
		/// What an NFT (or request) represents, how it has delivered, who holds it.
		fn nft(nft: NftId) -> Option<NftSummary<AccountId>>;
		/// Its last judged days, oldest first.
		fn recent_days(nft: NftId) -> Vec<DayRecord>;
		/// A miner's requests and live NFTs.
		fn miner_nfts(miner: AccountId) -> Vec<NftId>;
		/// The pledge a request of `power` (GH/s, or bytes of Filecoin power) paid or checked
		/// every `interval` days holds.
		fn required_pledge(kind: PowerKind, power: u128, interval: u32) -> Option<Balance>;
		/// The Filecoin side of a storage power NFT: miner, beneficiary, schedule, withdrawals.
		fn storage_slice(nft: NftId) -> Option<StorageSlice>;
		/// The message a miner signs to bind a Bitcoin key to `who`.
		fn binding_message(who: AccountId) -> Vec<u8>;
		/// The message a holder signs to have `nft` paid to its Bitcoin key.
		fn destination_message(nft: NftId, who: AccountId) -> Vec<u8>;
	}
}
