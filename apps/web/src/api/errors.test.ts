import test from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, errorText, fieldPath, fieldProblems, toApiError } from './errors';
import { en, translate, zh } from '../app/dict';

test('dictionary: en has exactly the keys of zh, and no empty strings', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(zh).sort());
  for (const [k, v] of Object.entries(en)) assert.ok(v.length > 0, k);
  for (const [k, v] of Object.entries(zh)) assert.ok(v.length > 0, k);
});

test('translate interpolates placeholders', () => {
  assert.equal(translate('zh', 'intake.success', { number: 'JJ1' }), '接警成功，警情编号 JJ1');
  assert.equal(translate('en', 'common.total', { n: 3 }), '3 in total');
  assert.equal(translate('en', 'common.total'), '{n} in total');
});

test('toApiError parses the error body, or falls back to HTTP status', () => {
  const e = toApiError(409, { code: 'STALE_VERSION', message: 'stale', details: { current: 3 } });
  assert.equal(e.code, 'STALE_VERSION');
  assert.deepEqual(e.details, { current: 3 });
  const g = toApiError(502, '<html>Bad gateway</html>');
  assert.equal(g.code, 'HTTP_502');
});

test('errorText maps codes to the user language', () => {
  const e = new ApiError(409, 'UNIT_NOT_AVAILABLE', 'The unit is not available');
  assert.equal(errorText(e, 'zh'), '该警力当前不可派');
  assert.equal(errorText(e, 'en'), 'This unit is not available');
  const odd = new ApiError(418, 'TEAPOT', 'I am a teapot');
  assert.equal(errorText(odd, 'zh'), 'I am a teapot');
  assert.match(errorText(new ApiError(0, 'NETWORK', 'x'), 'zh'), /无法连接/);
});

test('field errors map to form paths', () => {
  assert.deepEqual(fieldPath('/lon'), ['lon']);
  assert.deepEqual(fieldPath('/body/target/code'), ['target', 'code']);
  assert.deepEqual(fieldPath('/parts/1/name'), ['parts', 1, 'name']);
  const e = new ApiError(400, 'VALIDATION_FAILED', 'bad', [{ field: '/lat', message: 'must be <= 90' }, { nope: 1 }]);
  assert.deepEqual(fieldProblems(e), [{ path: ['lat'], message: 'must be <= 90' }]);
  assert.match(errorText(e, 'en'), /lat: must be <= 90/);
});
