import assert from 'node:assert/strict';
import { test } from 'node:test';
import { currentResidents, localDay, peopleAt } from './helpers';
import { toBase64 } from '../../lib/bytes';

test('people at an address: current residents of every house, recomputed from the records', () => {
  const houses = [
    { residents: [{ leftOn: null, status: 'active' }, { leftOn: '2026-01-01', status: 'left' }] },
    { residents: [{ leftOn: null, status: 'active' }, { leftOn: null, status: 'merged' }, { leftOn: null, status: 'active' }] },
    { residents: [] },
  ];
  assert.equal(currentResidents(houses[1]!.residents).length, 2);
  assert.equal(peopleAt(houses), 3);
});

test('base64 of bytes, as Buffer writes it, also for large files', () => {
  const big = new Uint8Array(100_000).map((_, i) => i % 251);
  assert.equal(toBase64(big), Buffer.from(big).toString('base64'));
  assert.equal(toBase64(new Uint8Array([0xbd, 0xd6])), Buffer.from([0xbd, 0xd6]).toString('base64'));
});

test('local day', () => {
  assert.equal(localDay(new Date(2026, 1, 3, 23, 59)), '2026-02-03');
});
