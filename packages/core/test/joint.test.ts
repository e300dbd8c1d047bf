import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupComposition, jointCounts, validateHandling } from '../src/joint/index';

test('a joint group has members of both sides; other kinds count on neither', () => {
  assert.deepEqual(groupComposition(['station', 'urban_mgmt']), { police: 1, urban: 1, joint: true });
  assert.deepEqual(groupComposition(['psb', 'station']), { police: 2, urban: 0, joint: false });
  assert.deepEqual(groupComposition(['urban_mgmt', 'subdistrict']), { police: 0, urban: 1, joint: false });
  assert.deepEqual(groupComposition([]), { police: 0, urban: 0, joint: false });
});

test('the simple-procedure record: a fine with its amount only, at most 200 yuan, two decimals; names not blank', () => {
  const base = { what: '占道经营', parties: [{ name: '张三' }] };
  assert.deepEqual(validateHandling({ ...base, outcome: 'corrected' }), []);
  assert.deepEqual(validateHandling({ ...base, outcome: 'fined', fineYuan: 200 }), []);
  assert.deepEqual(validateHandling({ ...base, outcome: 'fined', fineYuan: 0.5 }), []);
  assert.deepEqual(validateHandling({ ...base, outcome: 'fined' }).map((e) => e.field), ['/fineYuan']);
  assert.deepEqual(validateHandling({ ...base, outcome: 'fined', fineYuan: 200.01 }).map((e) => e.field), ['/fineYuan']);
  assert.deepEqual(validateHandling({ ...base, outcome: 'fined', fineYuan: 0 }).map((e) => e.field), ['/fineYuan']);
  assert.deepEqual(validateHandling({ ...base, outcome: 'fined', fineYuan: 10.005 }).map((e) => e.field), ['/fineYuan']);
  assert.deepEqual(validateHandling({ ...base, outcome: 'warned', fineYuan: 10 }).map((e) => e.field), ['/fineYuan']);
  assert.deepEqual(validateHandling({ what: ' ', parties: [{ name: '' }], outcome: 'transferred' }).map((e) => e.field), ['/what', '/parties/0/name']);
});

test('the counts: outcomes, arrivals within 2 minutes (inclusive), no rate without arrivals', () => {
  const c = jointCounts({ patrols: 3, outcomes: ['corrected', 'corrected', 'fined', 'transferred'], tickets: 1, arrivalSeconds: [60, 120, 121, 400] });
  assert.deepEqual(c, { patrols: 3, handlings: 4, byOutcome: { corrected: 2, warned: 0, fined: 1, transferred: 1 }, tickets: 1, arrivals: 4, arrivalsWithin2Min: 2, within2MinRate: 0.5 });
  assert.equal(jointCounts({ patrols: 0, outcomes: [], tickets: 0, arrivalSeconds: [] }).within2MinRate, null);
});
