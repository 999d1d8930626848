//! The runtime APIs the node, Polkadot.js and wallets call.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	traits::tokens::nonfungibles_v2::Inspect,
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

use super::{
	genesis_config_presets, AccountId, Aura, Balance, Block, BlockNumber, BtcRelay, Executive,
	Grandpa, InherentDataExt, Nfts, Nonce, Runtime, RuntimeCall, RuntimeGenesisConfig, SessionKeys,
	System, TransactionPayment, Validators, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Equivocation reports need key ownership proofs (pallet-session historical), which
			// come with slashing; until then there is nothing to report into.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			// `KeyOwnerProof` is `Void`: no proof can exist.
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_validators::runtime_api::ValidatorsApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn validators() -> Vec<(AccountId, Balance)> {
			Validators::api_validators()
		}
		fn eligible_candidates() -> Vec<(AccountId, Balance)> {
			Validators::eligible_candidates()
		}
		fn bond(who: AccountId) -> Option<pallet_validators::runtime_api::BondInfo<Balance>> {
			Validators::api_bond(&who)
		}
		fn open_rounds(
		) -> Vec<pallet_validators::runtime_api::RoundInfo<AccountId, Balance, BlockNumber>> {
			Validators::api_open_rounds()
		}
		fn record(who: AccountId) -> Option<pallet_validators::runtime_api::ValidatorRecord<Balance>> {
			pallet_validators::Records::<Runtime>::get(&who)
		}
		fn pending_slashes(who: AccountId) -> Vec<(hashmix_primitives::SessionIndex, Balance)> {
			Validators::api_pending_slashes(&who)
		}
	}

	impl pallet_btc_relay::runtime_api::BtcRelayApi<Block> for Runtime {
		fn best_block() -> Option<(u32, sp_core::H256)> {
			BtcRelay::best_block()
		}
		fn confirmations(block: sp_core::H256) -> u32 {
			BtcRelay::confirmations(block)
		}
		fn current_day() -> Option<u32> {
			pallet_btc_relay::LastDay::<Runtime>::get()
		}
		fn day(day: u32) -> Option<pallet_btc_relay::DayStatus> {
			BtcRelay::day_status(day)
		}
		fn expected_payout(hashrate: u128, day: u32) -> Option<u128> {
			BtcRelay::expected_on(hashrate, day)
		}
		fn registration(script: Vec<u8>) -> Option<pallet_btc_relay::RegistrationInfo> {
			BtcRelay::registration_info(script)
		}
		fn credited(registration: hashmix_primitives::bitcoin::RegistrationId, day: u32) -> u64 {
			pallet_btc_relay::Credits::<Runtime>::get(registration, day)
		}
	}

	impl pallet_hashpower_market::runtime_api::HashpowerMarketApi<Block, AccountId, Balance, BlockNumber>
		for Runtime
	{
		fn listing(
			listing: pallet_hashpower_market::ListingId,
		) -> Option<pallet_hashpower_market::Listing<AccountId, Balance, BlockNumber>> {
			pallet_hashpower_market::Listings::<Runtime>::get(listing)
		}
		fn listing_of(
			nft: hashmix_primitives::hashpower::NftId,
		) -> Option<pallet_hashpower_market::ListingId> {
			pallet_hashpower_market::ListingOfNft::<Runtime>::get(nft)
		}
		fn order(
			order: pallet_hashpower_market::OrderId,
		) -> Option<pallet_hashpower_market::OrderView<AccountId, Balance, BlockNumber>> {
			crate::Market::order_view(order)
		}
		fn orders_of(
			nft: hashmix_primitives::hashpower::NftId,
		) -> Vec<pallet_hashpower_market::OrderId> {
			pallet_hashpower_market::OrdersOfNft::<Runtime>::get(nft).into_inner()
		}
	}

	impl pallet_hashpower::runtime_api::HashpowerApi<Block, AccountId, Balance> for Runtime {
		fn nft(
			nft: hashmix_primitives::hashpower::NftId,
		) -> Option<hashmix_primitives::hashpower::NftSummary<AccountId>> {
			crate::Hashpower::summary(nft)
		}
		fn recent_days(nft: hashmix_primitives::hashpower::NftId) -> Vec<pallet_hashpower::DayRecord> {
			pallet_hashpower::RecentDays::<Runtime>::get(nft).into_inner()
		}
		fn miner_nfts(miner: AccountId) -> Vec<hashmix_primitives::hashpower::NftId> {
			pallet_hashpower::MinerTokens::<Runtime>::get(miner).into_inner()
		}
		fn required_pledge(
			kind: hashmix_primitives::hashpower::PowerKind,
			power: u128,
			interval: u32,
		) -> Option<Balance> {
			crate::Hashpower::required_pledge(kind, power, interval).ok()
		}
		fn storage_slice(
			nft: hashmix_primitives::hashpower::NftId,
		) -> Option<pallet_hashpower::StorageSlice> {
			pallet_hashpower::StorageSlices::<Runtime>::get(nft)
		}
		fn binding_message(who: AccountId) -> Vec<u8> {
			crate::Hashpower::binding_message(&who)
		}
		fn destination_message(nft: hashmix_primitives::hashpower::NftId, who: AccountId) -> Vec<u8> {
			crate::Hashpower::destination_message(nft, &who)
		}
	}

	impl pallet_filecoin_oracle::runtime_api::FilecoinOracleApi<Block, AccountId> for Runtime {
		fn question_epoch() -> Option<hashmix_primitives::filecoin::Epoch> {
			crate::FilecoinOracle::question_epoch()
		}
		fn fact(
			question: hashmix_primitives::filecoin::FilecoinQuestion,
		) -> Option<hashmix_primitives::filecoin::Fact> {
			pallet_filecoin_oracle::Facts::<Runtime>::get(question).map(|stored| stored.fact)
		}
		fn bound_account(miner: hashmix_primitives::filecoin::MinerId) -> Option<AccountId> {
			pallet_filecoin_oracle::Bindings::<Runtime>::get(miner)
		}
		fn miners_of(who: AccountId) -> Vec<hashmix_primitives::filecoin::MinerId> {
			pallet_filecoin_oracle::MinersOf::<Runtime>::get(who).into_inner()
		}
		fn binding_request(
			miner: hashmix_primitives::filecoin::MinerId,
			who: AccountId,
		) -> Option<pallet_filecoin_oracle::runtime_api::BindingInfo> {
			crate::FilecoinOracle::api_binding_request(miner, &who)
		}
	}

	impl pallet_nfts_runtime_api::NftsApi<Block, AccountId, u32, u32> for Runtime {
		fn owner(collection: u32, item: u32) -> Option<AccountId> {
			<Nfts as Inspect<AccountId>>::owner(&collection, &item)
		}

		fn collection_owner(collection: u32) -> Option<AccountId> {
			<Nfts as Inspect<AccountId>>::collection_owner(&collection)
		}

		fn attribute(collection: u32, item: u32, key: Vec<u8>) -> Option<Vec<u8>> {
			<Nfts as Inspect<AccountId>>::attribute(&collection, &item, &key)
		}

		fn custom_attribute(
			account: AccountId,
			collection: u32,
			item: u32,
			key: Vec<u8>,
		) -> Option<Vec<u8>> {
			<Nfts as Inspect<AccountId>>::custom_attribute(&account, &collection, &item, &key)
		}

		fn system_attribute(collection: u32, item: Option<u32>, key: Vec<u8>) -> Option<Vec<u8>> {
			<Nfts as Inspect<AccountId>>::system_attribute(&collection, item.as_ref(), &key)
		}

		fn collection_attribute(collection: u32, key: Vec<u8>) -> Option<Vec<u8>> {
			<Nfts as Inspect<AccountId>>::collection_attribute(&collection, &key)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			// The benchmark lists name the pallets as the runtime does (`Balances`, ...).
			use crate::{benchmarks::*, *};

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			let storage_info = crate::AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::WhitelistedStorageKeys;
			use sp_storage::TrackedStorageKey;
			use crate::{benchmarks::*, *};

			let whitelist: Vec<TrackedStorageKey> =
				crate::AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// try-runtime is an operator's tool: failing loudly with a backtrace is the point.
			let weight = Executive::try_runtime_upgrade(checks)
				.expect("a failed migration check must stop try-runtime with its error; qed");
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("try_execute_block failed; qed")
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}
}
