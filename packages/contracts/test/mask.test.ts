import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskName, maskPhone } from '../src/mask';

test('mobile numbers keep the prefix and the last four digits', () => {
  assert.equal(maskPhone('13912345678'), '139****5678');
  assert.equal(maskPhone('+86 139-1234-5678'), '861****5678');
});

test('landlines and short numbers never show more than two digits', () => {
  assert.equal(maskPhone('5551234'), '*****34');
  assert.equal(maskPhone('87654321'), '******21');
  assert.equal(maskPhone('110'), '***');
  for (const n of ['5551234', '87654321', '0523881234']) {
    const shown = (maskPhone(n) ?? '').replace(/\*/g, '').length;
    assert.ok(shown <= Math.ceil(n.length / 4), `${n} shows ${shown} digits`);
  }
});

test('empty input gives null', () => {
  assert.equal(maskPhone(''), null);
  assert.equal(maskPhone(null), null);
  assert.equal(maskPhone('abc'), null);
});

test('names keep the first and last character', () => {
  assert.equal(maskName('张三丰'), '张*丰');
  assert.equal(maskName('李四'), '李*');
  assert.equal(maskName('欧阳娜娜'), '欧**娜');
  assert.equal(maskName('Alice Smith'), 'A**** S****');
  assert.equal(maskName(null), null);
});
