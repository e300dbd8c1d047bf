import test from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, errorDetails, errorText, fieldLabel, fieldMessage, fieldPath, fieldProblems, geometryReason, toApiError } from './errors';
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

test('validation errors in Chinese: the code text, the field named in Chinese, the message translated; English kept in en', () => {
  const e = new ApiError(400, 'VALIDATION_FAILED', 'Invalid field /lat, /callerPhone', [
    { field: '/lat', message: 'must be <= 90' },
    { field: '/callerPhone', message: 'must NOT have fewer than 3 characters' },
    { field: '/parts/1/name', message: "must have required property 'name'" },
    { field: '/zzz', message: 'something odd' },
  ]);
  const zh = errorText(e, 'zh');
  assert.equal(zh, '提交的内容有误，请检查标红的字段（纬度：不能大于 90；报警电话：至少 3 个字符；名称：必填；内容无效）');
  assert.doesNotMatch(zh, /[a-z]{3,}/, 'no English word in the Chinese text');
  assert.match(errorText(e, 'en'), /lat: must be <= 90; callerPhone: must NOT have fewer than 3 characters/);
  assert.deepEqual(fieldProblems(e, 'zh')[0], { path: ['lat'], message: '不能大于 90', raw: 'must be <= 90' });
  assert.equal(fieldProblems(e, 'en')[0]!.message, 'must be <= 90');
  assert.match(errorDetails(e)!, /lat: must be <= 90/);
});

test('field messages and labels', () => {
  assert.equal(fieldMessage('must be integer', 'zh'), '必须是整数');
  assert.equal(fieldMessage('must match format "date-time"', 'zh'), '时间格式不正确');
  assert.equal(fieldMessage('must be equal to one of the allowed values', 'zh'), '不是允许的取值');
  assert.equal(fieldMessage('must not be in the future', 'zh'), '不能晚于当前时间');
  assert.equal(fieldMessage('must be integer', 'en'), 'must be integer');
  assert.equal(fieldLabel(['target', 'code']), '编码');
  assert.equal(fieldLabel(['parts', 1]), '拆分结果');
  assert.equal(fieldLabel(['nope']), null);
});

test('geometry and GeoJSON errors in Chinese name the feature and the reason; the English stays in en and details', () => {
  const g = new ApiError(400, 'INVALID_GEOMETRY', 'Feature 2 (G-7): Self-intersection[120.1 30.2]', {
    feature: 2,
    code: 'G-7',
    reason: 'Self-intersection[120.1 30.2]',
    field: '/features/2/geometry',
  });
  assert.equal(errorText(g, 'zh'), '几何图形无效（第 3 个要素，编码 G-7，字段：几何图形，原因：边界自相交）');
  assert.equal(errorText(g, 'en'), 'The geometry is not valid (Feature 2 (G-7): Self-intersection[120.1 30.2])');
  assert.match(errorDetails(g)!, /Self-intersection/);
  assert.equal(geometryReason('Ring Self-intersection[1 2]', 'zh'), '环自相交');
  assert.equal(geometryReason('Something new', 'zh'), 'Something new');
  const j = new ApiError(400, 'INVALID_GEOJSON', 'Feature 0 (A): name must be a non-empty string', { feature: 0, code: 'A', field: '/features/0/properties/name' });
  assert.match(errorText(j, 'zh'), /^GeoJSON 文件格式不正确.*（第 1 个要素，编码 A，字段：名称）$/);
  assert.doesNotMatch(errorText(j, 'zh'), /non-empty/);
  const csv = new ApiError(400, 'INVALID_CSV', 'The CSV file has no column phone', { field: 'phone' });
  assert.equal(errorText(csv, 'zh'), 'CSV 文件格式不正确');
  assert.equal(errorText(csv, 'en'), 'The CSV file is not valid (The CSV file has no column phone)');
  assert.equal(errorDetails(new ApiError(0, 'NETWORK', 'x')), null);
});
