//! Fungible assets (pallet-assets: FIL bridged by its issuer, pool units) and non-fungible items
//! (pallet-nfts: hash power NFTs, in collections owned by the HashMix pallets).

use crate::{AccountId, Balance, Balances, Runtime, RuntimeEvent, Signature, HSM, MILLI_HSM};
use frame_support::{
	parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32},
};
use frame_system::{EnsureRoot, EnsureSigned};
use pallet_nfts::PalletFeatures;
use sp_runtime::traits::Verify;

/// Storage deposits are priced per byte: 0.01 HSM a byte, so that a 100-byte item costs one HSM
/// to keep on chain and is returned when the item is removed.
const DEPOSIT_PER_BYTE: Balance = 10 * MILLI_HSM;

parameter_types! {
	/// Creating an asset class reserves 100 HSM: classes are few and long-lived.
	pub const AssetDeposit: Balance = 100 * HSM;
	/// Each holder's account entry in an asset costs a small deposit (returned on close).
	pub const AssetAccountDeposit: Balance = HSM / 100;
	pub const AssetMetadataDepositBase: Balance = HSM;
	pub const AssetMetadataDepositPerByte: Balance = DEPOSIT_PER_BYTE;
	pub const AssetApprovalDeposit: Balance = HSM / 100;
}

impl pallet_assets::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	/// Accounts removed per `destroy_accounts`/`destroy_approvals` call.
	type RemoveItemsLimit = ConstU32<1000>;
	type AssetId = u32;
	type AssetIdParameter = codec::Compact<u32>;
	type ReserveData = ();
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = AssetDeposit;
	type AssetAccountDeposit = AssetAccountDeposit;
	type MetadataDepositBase = AssetMetadataDepositBase;
	type MetadataDepositPerByte = AssetMetadataDepositPerByte;
	type ApprovalDeposit = AssetApprovalDeposit;
	type StringLimit = ConstU32<50>;
	type Freezer = ();
	type Holder = ();
	type Extra = ();
	type CallbackHandle = ();
	type AssetIdAllocator = ();
	type WeightInfo = pallet_assets::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

parameter_types! {
	pub const CollectionDeposit: Balance = 10 * HSM;
	pub const ItemDeposit: Balance = HSM / 100;
	pub const NftMetadataDepositBase: Balance = HSM / 10;
	pub const NftAttributeDepositBase: Balance = HSM / 10;
	pub const NftDepositPerByte: Balance = DEPOSIT_PER_BYTE;
	/// A pending swap or offer expires within 30 days.
	pub const NftMaxDeadlineDuration: crate::BlockNumber = 30 * crate::DAYS;
	pub NftFeatures: PalletFeatures = PalletFeatures::all_enabled();
}

impl pallet_nfts::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type CollectionId = u32;
	type ItemId = u32;
	type Currency = Balances;
	type ForceOrigin = EnsureRoot<AccountId>;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	/// The hash power pallet locks the items it mints while they are listed, lent, pooled or
	/// under an order that holds money.
	type Locker = crate::Hashpower;
	type CollectionDeposit = CollectionDeposit;
	type ItemDeposit = ItemDeposit;
	type MetadataDepositBase = NftMetadataDepositBase;
	type AttributeDepositBase = NftAttributeDepositBase;
	type DepositPerByte = NftDepositPerByte;
	type StringLimit = ConstU32<256>;
	type KeyLimit = ConstU32<64>;
	type ValueLimit = ConstU32<256>;
	type ApprovalsLimit = ConstU32<20>;
	type ItemAttributesApprovalsLimit = ConstU32<20>;
	type MaxTips = ConstU32<10>;
	type MaxDeadlineDuration = NftMaxDeadlineDuration;
	type MaxAttributesPerCall = ConstU32<10>;
	type Features = NftFeatures;
	type OffchainSignature = Signature;
	type OffchainPublic = <Signature as Verify>::Signer;
	type WeightInfo = pallet_nfts::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type Helper = ();
	type BlockNumberProvider = frame_system::Pallet<Runtime>;
}
