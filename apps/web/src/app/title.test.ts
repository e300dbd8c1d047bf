import test from 'node:test';
import assert from 'node:assert/strict';
import { pageTitle } from './title';

test('the title names the county served once it is known, in either language', () => {
  assert.equal(pageTitle(null, 'zh'), '警网 Jingwang');
  assert.equal(pageTitle(null, 'en'), 'Jingwang 警网');
  assert.equal(pageTitle({ name: '江堰区', code: '321204' }, 'zh'), '江堰区 · 警网');
  assert.equal(pageTitle({ name: '江堰区', code: '321204' }, 'en'), '江堰区 · Jingwang');
});
