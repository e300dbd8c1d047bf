import test from 'node:test';
import assert from 'node:assert/strict';
import { AREA_KIND_LABELS, type AreaImportPreview } from '@jingwang/contracts';
import { translate } from '../../app/dict';
import { fileAreasFc, formatArea, formatShare, previewProblems, problemsFc, sliverRule } from './preview';

const zh = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('zh', k, v);
const en = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('en', k, v);
const zhLabel = (c: typeof AREA_KIND_LABELS, k: keyof typeof AREA_KIND_LABELS) => c[k].zh;
const enLabel = (c: typeof AREA_KIND_LABELS, k: keyof typeof AREA_KIND_LABELS) => c[k].en;

const square = { type: 'MultiPolygon', coordinates: [[[[120, 32], [120.01, 32], [120.01, 32.01], [120, 32], [120, 32]]]] };

const preview: AreaImportPreview = {
  importable: false,
  counts: { features: 4, new: 3, unchanged: 0, differs: 1, missingParent: 1, overlaps: 1, gaps: 1, outside: 1 },
  features: [
    { index: 0, code: 'KC', name: '东湖社区', kind: 'community', parentCode: 'S1', status: 'new', parent: 'live', blockedBy: null, areaM2: 2_095_497 },
    { index: 1, code: 'KG1', name: '东湖第一网格', kind: 'grid', parentCode: 'KC', status: 'new', parent: 'file', blockedBy: null, areaM2: 1_257_256 },
    { index: 2, code: 'G111', name: '旧网格', kind: 'grid', parentCode: 'KC', status: 'differs', parent: 'file', blockedBy: 'DUPLICATE_CODE', areaM2: 838_208 },
    { index: 3, code: 'KP', name: '巡区', kind: 'patrol_zone', parentCode: 'NOPE', status: 'new', parent: 'missing', blockedBy: 'UNKNOWN_PARENT', areaM2: 1000 },
  ],
  overlaps: [{ parentCode: 'KC', kind: 'grid', a: 'G111', b: 'KG1', areaM2: 167_641.5, geometry: square }],
  gaps: [{ parentCode: 'KC', kind: 'grid', areaM2: 167_632.5, parentAreaM2: 2_095_496.5, geometry: square }],
  outside: [{ parentCode: 'S1', code: 'KC', kind: 'community', areaM2: 523.4, geometry: square }],
};

test('the problems read in Chinese: refusals first, each area named, areas with units and shares', () => {
  const names = new Map([['S1', '西所']]);
  const list = previewProblems(preview, zh, zhLabel, (c) => names.get(c));
  assert.deepEqual(list.map((p) => [p.type, p.severity]), [
    ['duplicate', 'error'],
    ['missingParent', 'error'],
    ['overlap', 'warning'],
    ['gap', 'warning'],
    ['outside', 'warning'],
  ]);
  assert.equal(list[0]!.text, '第 3 个要素“旧网格”（G111）的编码已被现有区域使用且内容不同，导入会被拒绝：请换用新编码，或用“区划调整”修改现有区域。');
  assert.equal(list[1]!.text, '第 4 个要素“巡区”（KP）的上级编码 NOPE 在文件和现有区域中都找不到。');
  assert.equal(list[2]!.text, '东湖社区内的网格“旧网格”与“东湖第一网格”重叠 0.168 km²');
  assert.equal(list[3]!.text, '东湖社区有 0.168 km²（占 8.0%）未被任何网格覆盖');
  // a live parent is named from the page's list
  assert.equal(list[4]!.text, '社区/村“东湖社区”有 523 m² 超出上级“西所”');
  // without the page's list, the code
  assert.match(previewProblems(preview, zh, zhLabel)[4]!.text, /超出上级“S1”/);
});

test('the same in English, and an identical feature says to remove it', () => {
  const same: AreaImportPreview = { ...preview, features: [{ ...preview.features[2]!, status: 'unchanged' }], overlaps: [], gaps: [], outside: [] };
  const [p] = previewProblems(same, en, enLabel);
  assert.equal(p!.text, 'Feature 3 "旧网格" (G111) is identical to an existing area; the import would refuse it (code taken): remove it from the file.');
  assert.equal(previewProblems(preview, en, enLabel)[3]!.text, '0.168 km² of 东湖社区 (8.0%) is covered by no Community grid');
  assert.equal(sliverRule(zh), '小于上级面积 0.01% 的碎片（且至少 1 m²）不计。');
});

test('areas and shares in words', () => {
  assert.equal(formatArea(0.4), '0 m²');
  assert.equal(formatArea(9_999), '9,999 m²');
  assert.equal(formatArea(10_000), '0.010 km²');
  assert.equal(formatArea(5_238_664.6), '5.239 km²');
  assert.equal(formatShare(1, 2000), '0.05');
  assert.equal(formatShare(1, 80), '1.3');
  assert.equal(formatShare(5_238_664, 8_381_537), '63');
  assert.equal(formatShare(1, 0), '—');
});

test('the map: the file areas with their names, the problems with their colour key and popup text', () => {
  const doc = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { code: 'KC', name: '东湖社区', kind: 'community', parentCode: 'S1' }, geometry: { type: 'Polygon', coordinates: [[[120, 32], [120.02, 32], [120.02, 32.01], [120, 32]]] } },
      { type: 'Feature', properties: { code: 'X' }, geometry: { type: 'Point', coordinates: [120, 32] } },
    ],
  };
  const fc = fileAreasFc(doc);
  assert.equal(fc.features.length, 1);
  assert.deepEqual(fc.features[0]!.properties, { code: 'KC', name: '东湖社区', kind: 'community' });
  assert.deepEqual(fileAreasFc(null).features, []);

  const list = previewProblems(preview, zh, zhLabel);
  const p = problemsFc(preview, list);
  assert.deepEqual(p.features.map((f) => f.properties.problem), ['gap', 'overlap', 'outside']);
  assert.equal(p.features[1]!.properties.text, list.find((x) => x.type === 'overlap')!.text);
  assert.equal(p.features[0]!.geometry, square);
});
