// A user's first transaction: Alice sends HSM to a new account from Polkadot.js, with no custom
// types or signed-extension configuration, and both balances and the events say what happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { useDevNode, sendAndFinalize, HSM } from './chain.mjs';

const chain = useDevNode();

test('the chain presents itself to Polkadot.js as HashMix with HSM', async () => {
  const { api } = chain;
  assert.equal(api.runtimeVersion.specName.toString(), 'hashmix');
  assert.deepEqual(api.registry.chainTokens, ['HSM']);
  assert.deepEqual(api.registry.chainDecimals, [12]);
  const extensions = api.registry.signedExtensions;
  assert.equal(extensions[0], 'AuthorizeCall', 'AuthorizeCall comes first');
  for (const standard of ['CheckSpecVersion', 'CheckGenesis', 'CheckMortality', 'CheckNonce', 'ChargeTransactionPayment', 'CheckMetadataHash']) {
    assert.ok(extensions.includes(standard), `${standard} is in ${extensions}`);
  }
});

test('a balances transfer signed by //Alice is finalized with its events and balances', async () => {
  const { api } = chain;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const alice = keyring.addFromUri('//Alice');
  const recipient = keyring.addFromUri(mnemonicGenerate());
  const amount = 25n * HSM;

  const before = (await api.query.system.account(alice.address)).data.free.toBigInt();
  assert.equal((await api.query.system.account(recipient.address)).data.free.toBigInt(), 0n);

  const { blockHash, events } = await sendAndFinalize(
    api, api.tx.balances.transferKeepAlive(recipient.address, amount), alice);

  const named = events.map(({ event }) => `${event.section}.${event.method}`);
  assert.ok(named.includes('system.ExtrinsicSuccess'), named.join(', '));
  assert.ok(named.includes('system.NewAccount'), named.join(', '));

  const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event));
  assert.ok(transfer, 'a balances.Transfer event');
  const [from, to, value] = transfer.event.data;
  assert.equal(from.toString(), alice.address);
  assert.equal(to.toString(), recipient.address);
  assert.equal(value.toBigInt(), amount);

  const feeEvent = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
  assert.ok(feeEvent, 'a transactionPayment.TransactionFeePaid event');
  const fee = feeEvent.event.data[1].toBigInt();
  assert.ok(fee > 0n, 'a signed transfer pays a fee');

  // Balances as of the finalized block that included the transfer.
  const at = await api.at(blockHash);
  assert.equal((await at.query.system.account(recipient.address)).data.free.toBigInt(), amount);
  assert.equal((await at.query.system.account(alice.address)).data.free.toBigInt(), before - amount - fee);
});

test('a transfer of more than Alice has fails with FundsUnavailable and moves nothing', async () => {
  const { api } = chain;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  const aliceFree = (await api.query.system.account(alice.address)).data.free.toBigInt();
  const bobFree = (await api.query.system.account(bob.address)).data.free.toBigInt();

  await assert.rejects(
    sendAndFinalize(api, api.tx.balances.transferKeepAlive(bob.address, aliceFree + HSM), alice),
    /dispatch failed: .*FundsUnavailable/);
  assert.equal((await api.query.system.account(bob.address)).data.free.toBigInt(), bobFree);
});
