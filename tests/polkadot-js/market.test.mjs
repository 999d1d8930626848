// The escrowed market through Polkadot.js on a fresh dev node: //Alice lists the development hash
// power NFT at a fixed price, //Bob buys it; the NFT is Bob's and locked by the order, the price
// is held on Bob's account, and the order is read back with its schedule from the runtime API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { useDevNode, sendAndFinalize, HSM } from './chain.mjs';

const chain = useDevNode();

test('Alice lists the development NFT, Bob buys it, the order reads back with its schedule', async () => {
  const { api } = chain;
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  const price = 1000n * HSM;

  const listed = await sendAndFinalize(api, api.tx.market.listFixedPrice(0, price, null), alice);
  const event = listed.events.find(({ event }) => api.events.market.Listed.is(event));
  assert.ok(event, 'Listed emitted');
  const listing = event.event.data.listing.toNumber();
  assert.equal((await api.call.hashpowerMarketApi.listingOf(0)).unwrap().toNumber(), listing);
  assert.equal((await api.call.hashpowerApi.nft(0)).unwrap().locks.listed.isTrue, true);

  // Above Bob's maximum, the purchase is refused.
  await assert.rejects(
    sendAndFinalize(api, api.tx.market.buy(listing, price - 1n), bob),
    /market\.PriceAboveMax/,
  );
  const bought = await sendAndFinalize(api, api.tx.market.buy(listing, price), bob);
  const sale = bought.events.find(({ event }) => api.events.market.Bought.is(event));
  assert.ok(sale, 'Bought emitted');
  const order = sale.event.data.order.toNumber();

  const nft = (await api.call.hashpowerApi.nft(0)).unwrap();
  assert.equal(nft.holder.toString(), bob.address);
  assert.equal(nft.locks.orders.toNumber(), 1);
  const escrow = await api.query.balances.holds(bob.address);
  // The hold reason is `{ market: 'Escrow' }`.
  const held = escrow.find((hold) => JSON.stringify(hold.id.toJSON()) === '{"market":"Escrow"}');
  assert.ok(held, 'the price is held on Bob\'s account');
  assert.equal(held.amount.toBigInt(), price);

  const view = (await api.call.hashpowerMarketApi.order(order)).unwrap();
  assert.equal(view.order.seller.toString(), alice.address);
  assert.equal(view.order.buyer.toString(), bob.address);
  assert.equal(view.order.price.toBigInt(), price);
  // The development NFT serves 365 days, none judged yet: nothing due, all of it locked.
  assert.equal(view.order.totalDays.toNumber(), 365);
  assert.equal(view.elapsedDays.toNumber(), 0);
  assert.equal(view.due.toBigInt(), 0n);
  assert.equal(view.claimable.toBigInt(), 0n);
  assert.equal(view.locked.toBigInt(), price);
  assert.deepEqual((await api.call.hashpowerMarketApi.ordersOf(0)).map((id) => id.toNumber()), [order]);

  // The order holds money: Bob cannot pass the NFT on by a plain transfer.
  const collection = (await api.query.hashpower.collections('BitcoinSha256')).unwrap();
  await assert.rejects(
    sendAndFinalize(api, api.tx.nfts.transfer(collection, 0, alice.address), bob),
    /nfts\.ItemLocked/,
  );
});
