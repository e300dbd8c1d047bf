import test from 'node:test';
import assert from 'node:assert/strict';
import { translate } from '../../app/dict';
import { describeHistoryDetail, historyOpLabel } from './history';

const zh = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('zh', k, v);
const en = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('en', k, v);

test('a bundle event reads in words, no raw keys or values', () => {
  const d = { role: 'member', codes: ['ST-1', 'ST-2'], target: 'D-9', keepSources: true };
  const text = describeHistoryDetail(d, zh);
  assert.equal(text, '本区域被编入新的上级区域；涉及区域：ST-1、ST-2；新区域：D-9；保留原区域');
  assert.doesNotMatch(text, /role|member|codes|keepSources|true/);
  assert.equal(describeHistoryDetail(d, en, 'en'), 'This area was placed under a new parent; Areas: ST-1, ST-2; New area: D-9; sources kept');
});

test('split, merge and import events; unknown keys are left out', () => {
  assert.equal(describeHistoryDetail({ role: 'source', source: 'G-1', parts: ['G-1a', 'G-1b'] }, zh), '本区域为原区域（已撤销）；原区域：G-1；拆分为：G-1a、G-1b');
  assert.equal(describeHistoryDetail({ role: 'target', codes: ['A'], target: 'B', keepSources: false }, zh), '本区域为新建区域；涉及区域：A；新区域：B');
  assert.equal(describeHistoryDetail({ role: 'created', count: 12, mystery: 'x' }, zh), '本区域由此次调整新建；共导入 12 个区域');
  assert.equal(describeHistoryDetail(null, zh), '');
});

test('operation labels', () => {
  assert.equal(historyOpLabel('merge', zh), '合并');
  assert.equal(historyOpLabel('split', en), 'Split');
  assert.equal(historyOpLabel('other', zh), 'other');
});
