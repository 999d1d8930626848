//! Filecoin addresses against go-address's published test vectors (the reference
//! implementation Lotus uses), a delegated (f410) address, strictness and round trips.
#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test arithmetic on known data; a panic is a failed test"
)]

use hashmix_filecoin::address::{Address, AddressError, Network, Protocol, MAX_ID};
use proptest::prelude::*;

fn unhex(text: &str) -> Vec<u8> {
	(0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

/// (uncompressed secp256k1 public key, address), go-address `TestVectorSecp256k1Address`.
const SECP256K1: &[(&str, &str)] = &[
	("049402fac37e6432a416a3a0ca5426b5185ab3b24f6134efa25ce487c82d2e4e13bf452511e0d2245421f8613bc10d72fa216666a96c3bc13920d3ff233fd0bc05", "f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq"),
	("047687b910379bf28cbe3aea674b12000c6b7dba46ffc05f6c94fe2a22bbcc2602ff7f5c76f21ca55d36959152b0e1e887917c393576eef093f61ebd3ad06f7fda", "f12fiakbhe2gwd5cnmrenekasyn6v5tnaxaqizq6a"),
	("04defdd01001efb86e01ded5ce34f847a73a14819ee641bcb60bb92993596f05dc2d605f2985f8d125812dac4163a396349b23c11cc2ff359de54be287ea62319b", "f1wbxhu3ypkuo6eyp6hjx6davuelxaxrvwb2kuwva"),
	("0403ed12c814b6b10d2ee09d95b4688db2d180d0a9a37a6b6a7db63d29811ee9730479d8ef9139e91249cabd393291cfe5d277ba76de45e3e085a37681bf3645d2", "f1xtwapqc6nh4si2hcwpr3656iotzmlwumogqbuaa"),
	("04f796819a8e271631af7c189797b545d60225936147e6010e6562b3ce9efe8b10144161a91ed0b4ec890800253fa6fc20ac90fbf1fbf27130a4ecc3e403b70576", "f1xcbgdhkgkwht3hrrnui3jdopeejsoatkzmoltqy"),
	("0442832bf87cce9ea345b90350de7d3495859ca449059c5e88dde74285dffb9ec01ebabc5fc86268cfeaeba7ae05bfb8d68eb75a5268782cf86fc8702bef8a1fe0", "f17uoq6tp427uzv7fztkbsnn64iwotfrristwpryy"),
];

/// (actor creation data, address), go-address `TestVectorActorAddress`.
const ACTOR: &[(&str, &str)] = &[
	("76128190cdf068d1418044acc03e0b6781970d60", "f24vg6ut43yw2h2jqydgbg2xq7x6f4kub3bg6as6i"),
	("2cafb8e2e06bba98ea657c5cf5f42023aa23e88e", "f25nml2cfbljvn4goqtclhifepvfnicv6g7mfmmvq"),
	("022c9e0ea29d8f40c56abec35c8d587da0a64c18", "f2nuqrg7vuysaue2pistjjnt3fadsdzvyuatqtfei"),
	("dfec030e204f0f59d80f1d5ee91dfd066d7f63bd", "f24dd4ox4c2vpf5vk5wkadgyyn6qtuvgcpxxon64a"),
	("3d3a89e8ddab547832716c6d468c3560c9f47fd8", "f2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y"),
];

/// (BLS public key, address), go-address `TestVectorBLSAddress`.
const BLS: &[(&str, &str)] = &[
	("ad58df696e2d4e91ea86c881e938ba4ea81b395e12797b84b9cf314b9546705e839c7a99d606b247ddb4f9ac7a3414dd", "f3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss4a"),
	("b3294f0a2e29e0c66ebc235d2fedca5697bf784af605c75af608e6a63d5cd38ea85ca8989e0efde9188b382f9372460d", "f3wmuu6crofhqmm3v4enos73okk2l366ck6yc4owxwbdtkmpk42ohkqxfitcpa57pjdcftql4tojda2poeruwa"),
	("96a1a3e4ea7a14d49985e661b22401d44fed402d1d0925b243c923589c0fbc7e32cd04e29ed78d15d37d3aaa3fe6da33", "f3s2q2hzhkpiknjgmf4zq3ejab2rh62qbndueslmsdzervrhapxr7dftie4kpnpdiv2n6tvkr743ndhrsw6d3a"),
	("86b454258c589475f7d16f5aac018a79f6c1169d20fc33921dd8b5ce1cac6c348f90a3603624f6aeb91b64518c2e8095", "f3q22fijmmlckhl56rn5nkyamkph3mcfu5ed6dheq53c244hfmnq2i7efdma3cj5voxenwiummf2ajlsbxc65a"),
	("a7726b038022f75a384617585360cee629070a2d9d28712965e5f26ecc40858382803724ed34f2720336f09db631f074", "f3u5zgwa4ael3vuocgc5mfgygo4yuqocrntuuhcklf4xzg5tcaqwbyfabxetwtj4tsam3pbhnwghyhijr5mixa"),
];

fn round_trip(text: &str, protocol: Protocol) -> Address {
	let (network, address) = Address::parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
	assert_eq!(network, Network::Mainnet);
	assert_eq!(address.protocol(), protocol);
	assert_eq!(address.to_string(Network::Mainnet), text);
	assert_eq!(Address::from_bytes(address.as_bytes()), Ok(address.clone()));
	// The testnet string differs only in its first letter.
	let testnet = format!("t{}", &text[1..]);
	assert_eq!(Address::parse(&testnet), Ok((Network::Testnet, address.clone())));
	address
}

#[test]
fn id_addresses_should_match_go_address() {
	for (id, text) in [
		(0u64, "f00"),
		(1, "f01"),
		(10, "f010"),
		(150, "f0150"),
		(499, "f0499"),
		(1024, "f01024"),
		(1729, "f01729"),
		(999_999, "f0999999"),
	] {
		let address = round_trip(text, Protocol::Id);
		assert_eq!(address, Address::id(id).unwrap());
		assert_eq!(address.id_value(), Some(id));
	}
	let max = format!("f0{MAX_ID}");
	assert_eq!(round_trip(&max, Protocol::Id).id_value(), Some(MAX_ID));
	assert_eq!(Address::parse(&format!("f0{}", MAX_ID + 1)), Err(AddressError::InvalidPayload));
	assert_eq!(Address::id(MAX_ID + 1), Err(AddressError::InvalidPayload));
	// A real storage provider id, as Lotus shows miners.
	assert_eq!(round_trip("f01234567", Protocol::Id).id_value(), Some(1_234_567));
}

#[test]
fn key_and_actor_addresses_should_match_go_address() {
	for (key, text) in SECP256K1 {
		assert_eq!(round_trip(text, Protocol::Secp256k1), Address::secp256k1(&unhex(key)));
	}
	for (data, text) in ACTOR {
		assert_eq!(round_trip(text, Protocol::Actor), Address::actor(&unhex(data)));
	}
	for (key, text) in BLS {
		let key: [u8; 48] = unhex(key).try_into().unwrap();
		let address = round_trip(text, Protocol::Bls);
		assert_eq!(address, Address::bls(&key));
		assert_eq!(address.payload(), &key[..]);
	}
}

#[test]
fn delegated_addresses_should_hold_ethereum_addresses() {
	let ethereum = unhex("52963ef50e27e06d72d59fcb4f3c2a687be3cfef");
	let address = Address::delegated(10, &ethereum).unwrap();
	let text = address.to_string(Network::Mainnet);
	// As Filecoin's documentation shows this Ethereum address.
	assert_eq!(text, "f410fkkld55ioe7qg24wvt7fu6pbknb56ht7pt4zamxa");
	assert_eq!(round_trip(&text, Protocol::Delegated), address);
	assert_eq!(&address.payload()[1..], &ethereum[..]);
	assert_eq!(Address::delegated(10, &[0; 55]), Err(AddressError::InvalidLength));
}

#[test]
fn malformed_strings_should_be_refused_with_their_reason() {
	for (text, error) in [
		("Q2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y", AddressError::UnknownNetwork),
		("", AddressError::UnknownNetwork),
		("f5gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y", AddressError::UnknownProtocol),
		("f2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr24y", AddressError::InvalidChecksum),
		("f2gfvuyh7v2sx3patm1k23wdzmhyhtmqctasbr24y", AddressError::InvalidEncoding),
		("f2gfvuyh7v2sx3paTm5k23wdzmhyhtmqctasbr23y", AddressError::InvalidEncoding),
		("f2", AddressError::InvalidLength),
		("f", AddressError::InvalidLength),
		("f1234", AddressError::InvalidEncoding),
		("f0", AddressError::InvalidPayload),
		("f0banana", AddressError::InvalidPayload),
		("f0-1", AddressError::InvalidPayload),
		("f001", AddressError::InvalidEncoding),
		("f4gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y", AddressError::InvalidPayload),
		// A secp256k1 address's body under the BLS protocol: well-formed base32, too short.
		("f35ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq", AddressError::InvalidLength),
		// A truncated BLS address: its padding bits are no longer zero.
		(
			"f3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss",
			AddressError::InvalidEncoding,
		),
	] {
		assert_eq!(Address::parse(text), Err(error), "{text}");
	}
	// Too long before anything is decoded.
	assert_eq!(Address::parse(&format!("f0{}", "1".repeat(200))), Err(AddressError::InvalidLength));
}

#[test]
fn malformed_bytes_should_be_refused() {
	for (bytes, error) in [
		(vec![], AddressError::InvalidLength),
		(vec![5, 4, 4], AddressError::UnknownProtocol),
		(vec![0], AddressError::InvalidLength),
		(vec![0, 0x80], AddressError::InvalidPayload),
		(vec![0, 0x81, 0x00], AddressError::InvalidPayload),
		(
			vec![0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
			AddressError::InvalidPayload,
		),
		([vec![1], vec![0; 19]].concat(), AddressError::InvalidPayload),
		([vec![2], vec![0; 21]].concat(), AddressError::InvalidPayload),
		([vec![3], vec![0; 47]].concat(), AddressError::InvalidPayload),
		([vec![4, 10], vec![0; 55]].concat(), AddressError::InvalidLength),
	] {
		assert_eq!(Address::from_bytes(&bytes), Err(error), "{bytes:?}");
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(2_000))]

	#[test]
	fn parsing_should_never_panic(text in "[ft][0-9][a-z0-9]{0,100}") {
		if let Ok((network, address)) = Address::parse(&text) {
			prop_assert_eq!(address.to_string(network), text);
		}
	}

	#[test]
	fn every_address_should_round_trip(protocol in 0u8..5, id in 0u64..=MAX_ID, data in proptest::collection::vec(any::<u8>(), 0..54)) {
		let address = match protocol {
			0 => Address::id(id).unwrap(),
			1 => Address::secp256k1(&data),
			2 => Address::actor(&data),
			3 => Address::bls(&[data.first().copied().unwrap_or(7); 48]),
			_ => Address::delegated(id, &data).unwrap(),
		};
		let text = address.to_string(Network::Mainnet);
		prop_assert_eq!(Address::parse(&text), Ok((Network::Mainnet, address.clone())));
		prop_assert_eq!(Address::from_bytes(address.as_bytes()), Ok(address));
	}
}
