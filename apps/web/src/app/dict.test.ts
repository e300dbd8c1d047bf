import test from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CATALOGUE } from '@jingwang/contracts';
import { en, TEXT_FILES, translate, zh } from './dict';
import { ERROR_TEXT_EN, ERROR_TEXT_ZH } from './texts/errors';

const sorted = (o: object) => Object.keys(o).sort();

test('every texts file: en has exactly the keys of zh, and no empty strings', () => {
  for (const [name, file] of Object.entries(TEXT_FILES)) {
    assert.deepEqual(sorted(file.en), sorted(file.zh), `texts/${name}.ts`);
    for (const [k, v] of Object.entries(file.zh)) assert.ok(v.trim().length > 0, `texts/${name}.ts zh ${k}`);
    for (const [k, v] of Object.entries(file.en)) assert.ok(v.trim().length > 0, `texts/${name}.ts en ${k}`);
  }
});

test('the merged dictionary: same keys in zh and en, and no key in two texts files', () => {
  assert.deepEqual(sorted(en), sorted(zh));
  const owner = new Map<string, string>();
  for (const [name, file] of Object.entries(TEXT_FILES)) {
    for (const k of Object.keys(file.zh)) {
      assert.ok(!owner.has(k), `${k} is in texts/${owner.get(k)}.ts and texts/${name}.ts`);
      owner.set(k, name);
    }
  }
  assert.equal(owner.size, Object.keys(zh).length);
});

test('placeholders: the en text of a key uses the same {names} as the zh text', () => {
  const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const k of Object.keys(zh) as (keyof typeof zh)[]) assert.deepEqual(names(en[k]), names(zh[k]), k);
});

test('error texts: a Chinese and an English text for every code of the catalogue, and the Chinese ones are Chinese', () => {
  const codes = Object.keys(ERROR_CATALOGUE).sort();
  assert.deepEqual(sorted(ERROR_TEXT_ZH), codes);
  assert.deepEqual(sorted(ERROR_TEXT_EN), codes);
  for (const c of codes) assert.match(ERROR_TEXT_ZH[c as keyof typeof ERROR_TEXT_ZH], /[\u4e00-\u9fff]/, c);
});

test('translate reads the merged dictionary', () => {
  assert.equal(translate('zh', 'nav.fraud'), '反诈预警');
  assert.equal(translate('en', 'assess.rank'), 'Rank');
});
