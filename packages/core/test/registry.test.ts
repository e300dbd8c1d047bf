import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressInitials, addressLabel, checkIdNumber, completeIdNumber, idCheckDigit, normalizeAddress, pinyinInitials, rankAddresses, scoreAddressMatch } from '../src/registry/index';

const today = new Date('2026-12-07T00:00:00Z');

test('ID numbers: the GB 11643 check character, drawn by hand', () => {
  // 11010519491231002X is the standard's worked example
  assert.equal(idCheckDigit('11010519491231002'), 'X');
  assert.deepEqual(checkIdNumber('11010519491231002X', today), { ok: true, normalized: '11010519491231002X', region: '110105', birthDate: '1949-12-31', gender: 'female' });
  assert.equal(checkIdNumber('11010519491231002x', today).ok, true, 'a lower-case x is the same number');
  const wrong = checkIdNumber('110105194912310021', today);
  assert.equal(wrong.ok, false);
  assert.equal(!wrong.ok && wrong.problem, 'check_digit');
  assert.equal(!wrong.ok && wrong.zh, '身份证号校验码不正确');
  const male = checkIdNumber(completeIdNumber('51172519800101001'), today);
  assert.equal(male.ok && male.gender, 'male');
});

test('ID numbers: length, format and birth dates (Feb 29, the future)', () => {
  const problem = (s: string) => { const r = checkIdNumber(s, today); return r.ok ? 'ok' : r.problem; };
  assert.equal(problem(''), 'empty');
  assert.equal(problem('5117251980010100'), 'length');
  assert.equal(problem('51172519800101A011'), 'format');
  assert.equal(problem(completeIdNumber('51172520000229001')), 'ok', '2000 is a leap year');
  assert.equal(problem(completeIdNumber('51172519000229001')), 'birth_date', '1900 is not');
  assert.equal(problem(completeIdNumber('51172520230229001')), 'birth_date');
  assert.equal(problem(completeIdNumber('51172520240229001')), 'ok');
  assert.equal(problem(completeIdNumber('51172519801301001')), 'birth_date', 'month 13');
  assert.equal(problem(completeIdNumber('51172518991231001')), 'birth_date', 'before 1900');
  assert.equal(problem(completeIdNumber('51172520261208001')), 'future_birth_date');
  assert.equal(problem(completeIdNumber('51172520261207001')), 'ok', 'born today');
});

test('addresses: label, normal form, pinyin initials level by level', () => {
  const parts = { province: '四川省', city: '达州市', county: '渠县', street: '长安路', doorNo: '12', building: '3', unitNo: '2', room: '501' };
  assert.equal(addressLabel(parts), '四川省达州市渠县长安路12号3栋2单元501室');
  assert.equal(normalizeAddress('长安路 １２号 3幢'), '长安路12号3栋');
  assert.equal(normalizeAddress('长安路十二号'), '长安路十2号', 'digits only, 十 is kept');
  assert.equal(pinyinInitials('长安路12号'), 'cal12h');
  // 县长 as one word would read zhang: each level on its own reads chang
  assert.equal(addressInitials({ county: '渠县', street: '长安路', doorNo: '12' }), 'qxcal12h');
});

test('matching: substrings, initials, typos, ranking', () => {
  const mk = (label: string, parts: Record<string, string>) => ({ text: normalizeAddress(label), initials: addressInitials(parts), label });
  const a = mk('渠县长安路12号', { county: '渠县', street: '长安路', doorNo: '12' });
  const b = mk('渠县长安路120号', { county: '渠县', street: '长安路', doorNo: '120' });
  const c = mk('渠县渠江镇滨江路8号', { county: '渠县', town: '渠江镇', street: '滨江路', doorNo: '8' });
  assert.ok(scoreAddressMatch('长安路12', a) >= 0.8);
  assert.ok(scoreAddressMatch('cal', a) >= 0.6 && scoreAddressMatch('cal', a) < 0.8);
  assert.equal(scoreAddressMatch('cal', c), 0);
  // a wrong character (常 for 长), a missing one, an extra one
  assert.ok(scoreAddressMatch('常安路12号', a) > 0);
  assert.ok(scoreAddressMatch('长路12号', a) > 0);
  assert.ok(scoreAddressMatch('长安大路12号', a) > 0);
  assert.equal(scoreAddressMatch('人民路', a), 0);
  // levels left out: every character in order ranks with the initials, above any typo
  const full = mk('四川省渠县渠江镇西城社区长安路12号', { province: '四川省', county: '渠县', town: '渠江镇', community: '西城社区', street: '长安路', doorNo: '12' });
  const skip = scoreAddressMatch('渠县长安路12号', full);
  assert.ok(skip >= 0.6 && skip < 0.8, String(skip));
  assert.ok(scoreAddressMatch('常安路12号', a) < 0.6);
  assert.equal(scoreAddressMatch('', a), 0);
  const ranked = rankAddresses('长安路12号', [c, b, a], 10).map((r) => r.item.label);
  assert.deepEqual(ranked, ['渠县长安路12号', '渠县长安路120号']);
  assert.deepEqual(rankAddresses('滨江路', [a, b, c], 1).map((r) => r.item.label), ['渠县渠江镇滨江路8号']);
});
