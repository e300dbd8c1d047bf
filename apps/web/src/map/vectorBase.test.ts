import test from 'node:test';
import assert from 'node:assert/strict';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { baseStyle } from './style';
import { basemapPmtilesUrl, initialMapTheme, PALETTES, vectorBasemapLayers } from './vectorBase';

test('the map theme: the stored choice, else day from 07:00 to 19:00', () => {
  assert.equal(initialMapTheme(new Date(2026, 0, 1, 3), 'day'), 'day');
  assert.equal(initialMapTheme(new Date(2026, 0, 1, 12), 'night'), 'night');
  assert.equal(initialMapTheme(new Date(2026, 0, 1, 7), null), 'day');
  assert.equal(initialMapTheme(new Date(2026, 0, 1, 18, 59), null), 'day');
  assert.equal(initialMapTheme(new Date(2026, 0, 1, 19), 'garbage'), 'night');
  assert.equal(initialMapTheme(new Date(2026, 0, 1, 6, 59), null), 'night');
});

test('the vector basemap style is valid in both themes, labels without a glyphs URL, under nothing of ours', () => {
  for (const theme of ['day', 'night'] as const) {
    const style = baseStyle(null, { url: basemapPmtilesUrl('http://127.0.0.1:8080'), theme });
    assert.deepEqual(validateStyleMin(style), [], theme);
    assert.equal(style.glyphs, undefined);
    assert.deepEqual(style.sources.basemap, { type: 'vector', url: 'pmtiles://http://127.0.0.1:8080/api/basemap.pmtiles', attribution: '© OpenStreetMap' });
    assert.equal((style.layers[0] as { paint: Record<string, unknown> }).paint['background-color'], PALETTES[theme].background);
    const labels = style.layers.filter((l) => l.type === 'symbol');
    assert.deepEqual(labels.map((l) => l.id), ['bm-road-label', 'bm-place-label']);
    for (const l of labels) assert.deepEqual((l.layout as Record<string, unknown>)['text-field'], ['coalesce', ['get', 'name_zh'], ['get', 'name']]);
  }
  // the layers' ids and kinds are the same in both themes (the ☀/☾ button repaints in place)
  assert.deepEqual(vectorBasemapLayers('day').map((l) => [l.id, l.type]), vectorBasemapLayers('night').map((l) => [l.id, l.type]));
});

test('BASEMAP_URL (raster) wins over the vector basemap; neither: the background alone', () => {
  const raster = baseStyle('https://tiles.example/{z}/{x}/{y}.png', { url: 'pmtiles://x', theme: 'day' });
  assert.deepEqual(Object.keys(raster.sources), ['basemap']);
  assert.equal(raster.sources.basemap!.type, 'raster');
  assert.deepEqual(baseStyle(null).layers.map((l) => l.id), ['background']);
});
