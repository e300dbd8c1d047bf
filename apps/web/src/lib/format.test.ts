process.env.TZ = 'Asia/Shanghai';
import test from 'node:test';
import assert from 'node:assert/strict';
import { fmtDate, fmtDateTime, localizeTimes } from './format';

test('fmtDateTime: local 年月日 时:分 in zh, a readable form in en', () => {
  assert.equal(fmtDateTime('2026-12-10T10:00:00Z', 'zh'), '2026年12月10日 18:00');
  assert.equal(fmtDateTime('2026-12-10T10:00:00Z', 'en'), '10 Dec 2026, 18:00');
  assert.equal(fmtDateTime('2026-01-05T23:07:00+08:00', 'zh'), '2026年1月5日 23:07');
  assert.equal(fmtDateTime(null, 'zh'), '—');
  assert.equal(fmtDateTime('not a date', 'en'), '—');
});

test('fmtDate: a date-only string is that local day (not shifted by the zone)', () => {
  assert.equal(fmtDate('2026-03-01', 'zh'), '2026年3月1日');
  assert.equal(fmtDate('2026-03-01', 'en'), '1 Mar 2026');
  assert.equal(fmtDate('2026-02-28T20:00:00Z', 'zh'), '2026年3月1日');
});

test('localizeTimes replaces every ISO date-time in a text and leaves the rest', () => {
  assert.equal(localizeTimes('新的期限：2026-12-10T10:00:00.000Z', 'zh'), '新的期限：2026年12月10日 18:00');
  assert.equal(
    localizeTimes('张三 申请延期至 2026-12-10T10:00:00Z：下雨 (2026-12-11T02:30:00+08:00)', 'zh'),
    '张三 申请延期至 2026年12月10日 18:00：下雨 (2026年12月11日 02:30)',
  );
  assert.equal(localizeTimes('Due 2026-12-10T10:00:00Z', 'en'), 'Due 10 Dec 2026, 18:00');
  assert.equal(localizeTimes('日报 2026-12-10 已生成', 'zh'), '日报 2026-12-10 已生成');
});

test('kindBeside: no kind label after a name that already says it (no "派出所辖区 派出所辖区")', async () => {
  const { kindBeside } = await import('./format');
  assert.equal(kindBeside('天目山派出所辖区', '派出所辖区'), null);
  assert.equal(kindBeside('天目山派出所', '派出所辖区'), null);
  assert.equal(kindBeside('天目社区第1网格', '网格'), null);
  assert.equal(kindBeside('城东社区', '社区/村'), null);
  assert.equal(kindBeside('张庄村', '社区/村'), null);
  assert.equal(kindBeside('第一大警格', '警格'), null);
  assert.equal(kindBeside('天目山', '派出所辖区'), '派出所辖区');
  assert.equal(kindBeside('城南', '片区'), '片区');
  assert.equal(kindBeside('Tianmushan station area', 'Station area'), null);
  assert.equal(kindBeside('Tianmushan', 'Station area'), 'Station area');
});
