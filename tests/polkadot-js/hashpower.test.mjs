// Binding a miner's Bitcoin key through Polkadot.js: the miner signs the chain's binding message
// with its Bitcoin key the way a wallet's `signmessage` does (secp256k1 over
// sha256d("\x18Bitcoin Signed Message:\n" || length || message), header byte 31 + recovery id),
// and submits the key and the signature; the chain recovers the key and records it. The same
// signature sent from another account binds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { secp256k1 } from '@noble/curves/secp256k1';
import { useDevNode, sendAndFinalize, HSM } from './chain.mjs';
import { sha256 } from './bitcoin.mjs';

const chain = useDevNode();
const hex = (bytes) => Buffer.from(bytes).toString('hex');

/** What a Bitcoin wallet signs for `message`. */
function messageDigest(message) {
  const text = Buffer.from(message, 'utf8');
  assert.ok(text.length < 0xfd, 'a one-byte length');
  return sha256(sha256(Buffer.concat([Buffer.from('\x18Bitcoin Signed Message:\n'), Buffer.from([text.length]), text])));
}

/** A wallet's 65-byte signed-message signature (P2PKH header, compressed key). */
function signMessage(privateKey, message) {
  const signature = secp256k1.sign(messageDigest(message), privateKey);
  return Buffer.concat([Buffer.from([31 + signature.recovery]), signature.toCompactRawBytes()]);
}

test('a miner binds its Bitcoin key with a signed message', async () => {
  const { api } = chain;
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  const privateKey = sha256(Buffer.from('hashmix polkadot.js test miner'));
  const key = `0x${hex(secp256k1.getPublicKey(privateKey, true))}`;

  const message = `HashMix Chain: bind this Bitcoin key to account 0x${hex(alice.publicKey)} on chain ${api.genesisHash.toHex()}`;
  const signature = `0x${hex(signMessage(privateKey, message))}`;

  // Bob cannot use Alice's signature.
  await assert.rejects(
    sendAndFinalize(api, api.tx.hashpower.bindBitcoinKey(key, signature), bob),
    /hashpower\.BadSignature/,
  );
  const { events } = await sendAndFinalize(api, api.tx.hashpower.bindBitcoinKey(key, signature), alice);
  const bound = events.find(({ event }) => api.events.hashpower.BitcoinKeyBound.is(event));
  assert.ok(bound, 'BitcoinKeyBound emitted');
  assert.equal(bound.event.data.who.toString(), alice.address);
  assert.equal(bound.event.data.key.toHex(), key);
  assert.equal((await api.query.hashpower.keyOwners(key)).unwrap().toString(), alice.address);
  assert.deepEqual((await api.query.hashpower.bitcoinKeys(alice.address)).toJSON(), [key]);

  await sendAndFinalize(api, api.tx.hashpower.unbindBitcoinKey(key), alice);
  assert.equal((await api.query.hashpower.keyOwners(key)).isNone, true);
});

// The development chain's hash power NFT: Active, held by //Alice, readable through the runtime
// API; pallet-nfts' own sale calls are refused for it (it sells through the escrowed market), a
// plain transfer works, and the pallet notices the new holder.
test('the development NFT is Alice\'s, cannot be sold by pallet-nfts and transfers', async () => {
  const { api } = chain;
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');

  const collection = (await api.query.hashpower.collections('BitcoinSha256')).unwrap();
  const nft = (await api.call.hashpowerApi.nft(0)).unwrap();
  assert.equal(nft.status.toString(), 'Active');
  assert.equal(nft.holder.toString(), alice.address);
  assert.equal(nft.power.toString(), '100000');
  assert.equal((await api.query.nfts.item(collection, 0)).unwrap().owner.toString(), alice.address);
  const attribute = await api.query.nfts.attribute(collection, 0, 'Pallet', 'hashmix.kind');
  assert.equal(Buffer.from(attribute.unwrap()[0].toU8a(true)).toString(), 'bitcoin-sha256');
  // 100 TH/s paid daily pledges 1 HSM per TH/s for 10 days.
  const pledge = await api.call.hashpowerApi.requiredPledge('BitcoinSha256', 100000, 1);
  assert.equal(pledge.unwrap().toBigInt(), 1000n * HSM);
  // 100 TiB of Filecoin power checked weekly pledges 0.1 HSM per TiB for 10 days.
  const storagePledge = await api.call.hashpowerApi.requiredPledge('FilecoinStorage', 100n << 40n, 7);
  assert.equal(storagePledge.unwrap().toBigInt(), 100n * HSM);
  assert.ok((await api.query.hashpower.collections('FilecoinStorage')).isSome);
  // A storage request names a miner bound to the caller; Alice has none.
  await assert.rejects(
    sendAndFinalize(
      api,
      api.tx.hashpower.requestStorageTokenization(1578658, 100n << 40n, 1_000_000, 30, 7),
      alice,
    ),
    /hashpower\.NotBoundMiner/,
  );

  await assert.rejects(
    sendAndFinalize(api, api.tx.nfts.setPrice(collection, 0, HSM, null), alice),
    /system\.CallFiltered/,
  );
  await assert.rejects(
    sendAndFinalize(api, api.tx.nfts.buyItem(collection, 0, HSM), bob),
    /system\.CallFiltered/,
  );
  await sendAndFinalize(api, api.tx.nfts.transfer(collection, 0, bob.address), alice);
  assert.equal((await api.query.nfts.item(collection, 0)).unwrap().owner.toString(), bob.address);
  assert.equal((await api.call.hashpowerApi.nft(0)).unwrap().holder.toString(), bob.address);
});
