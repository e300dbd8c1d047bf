// The ensemble forecast (long-term KDE + a background shared across categories + decaying recent events) on small
// synthetic patterns whose right answer is known, its tuning on validation periods, and the fast PAI scorer it
// tunes with checked against evaluatePeriod. No timing assertions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ensembleCandidates,
  ensembleScores,
  ensembleSurfaces,
  ensembleWeightGrid,
  evaluatePeriod,
  forecastScores,
  paiScorer,
  tuneEnsemble,
  tuneModel,
  type ForecastEvent,
  type GridSpec,
} from '../src/forecast/index';
import { createRng, type Rng } from '../src/sim/rng';

const D = 86_400_000;
const T0 = Date.parse('2024-01-01T00:00:00Z');

function grid10(): GridSpec {
  return { x0: 0, y0: 0, cellSize: 100, nx: 10, ny: 10, mask: new Uint8Array(100).fill(1) };
}

function inCell(rng: Rng, ix: number, iy: number, t: number, category?: string): ForecastEvent {
  return { x: ix * 100 + rng.range(5, 95), y: iy * 100 + rng.range(5, 95), t, ...(category !== undefined ? { category } : {}) };
}

/** Cells by score, highest first (lowest index on a tie). */
function ranking(s: Float64Array): number[] {
  return [...s.keys()].sort((a, b) => s[b]! - s[a]! || a - b);
}

describe('ensemble: a persistent hotspot and a fresh near-repeat burst among noise', () => {
  // Noise: 10 events a day uniformly over the 100 cells for 200 days (about 20 per cell). Hotspot H = (2, 7): one
  // more a day throughout. Burst B: six events in the last two days in the quietest cell of the noise (a place
  // that had been calm). Forecast the next day.
  const rng = createRng(21);
  const g = grid10();
  const H = 72;
  const from = T0 + 200 * D;
  const ev: ForecastEvent[] = [];
  for (let k = rng.poisson(10 * 200); k > 0; k--) ev.push(inCell(rng, rng.int(0, 9), rng.int(0, 9), rng.range(T0, from)));
  const noise = new Float64Array(100);
  for (const e of ev) noise[Math.floor(e.y / 100) * 10 + Math.floor(e.x / 100)]! += 1;
  const B = ranking(noise).filter((c) => c !== H).pop()!;
  for (let d = 0; d < 200; d++) ev.push(inCell(rng, 2, 7, T0 + (d + rng.float()) * D));
  for (let k = 0; k < 6; k++) ev.push(inCell(rng, B % 10, Math.floor(B / 10), from - 2 * D + k * 0.3 * D));
  ev.sort((a, b) => a.t - b.t);

  it('ranks both the hotspot and the burst above every noise cell', () => {
    const s = forecastScores('ensemble', ev, g, from, from + D, { ensembleBandwidthMeters: 0, ensembleDecayDays: 7, ensembleWeights: [0.5, 0, 0.5] });
    assert.deepEqual(new Set(ranking(s).slice(0, 2)), new Set([H, B]));
  });

  it('the long-term KDE alone finds the hotspot but not the burst; the recent surface alone puts the burst above the noise', () => {
    const kde = ranking(forecastScores('kde', ev, g, from, from + D, { kdeBandwidthMeters: 0 }));
    assert.equal(kde[0], H);
    assert.ok(kde.indexOf(B) > 1, `burst ranked ${kde.indexOf(B)} by the KDE`);
    const recent = ranking(ensembleScores(ev, g, from, { ensembleBandwidthMeters: 0, ensembleDecayDays: 7, ensembleWeights: [0, 0, 1] }));
    assert.ok(recent.indexOf(B) <= 1, `burst ranked ${recent.indexOf(B)} by the recent surface`);
  });

  it('surfaces are normalised over the mask and ignore events at or after from', () => {
    const mask = new Uint8Array(100).fill(1);
    mask[0] = 0;
    const gm: GridSpec = { ...g, mask };
    const late = [{ x: 950, y: 950, t: from }, ...Array.from({ length: 20 }, (_, k) => ({ x: 50, y: 50, t: from + k * D }))];
    const a = ensembleSurfaces(ev, gm, from, 50, 7);
    const b = ensembleSurfaces([...late, ...ev], gm, from, 50, 7);
    assert.deepEqual(b, a);
    for (const s of [a.long, a.recent]) {
      assert.ok(Math.abs(s.reduce((x, y) => x + y, 0) - 1) < 1e-12);
      assert.equal(s[0], 0);
    }
    assert.equal(a.shared, null);
  });
});

describe('ensemble: a rare category borrows the shared background', () => {
  // Common crime (2 a day) sits in cell S = (5, 5); the rare category has had only 8 events, all scattered away
  // from S, but in the test period it also shows at S (where crime in general is). Only the shared surface can know.
  const rng = createRng(33);
  const g = grid10();
  const S = 55;
  const from = T0 + 100 * D;
  const ev: ForecastEvent[] = [];
  for (let d = 0; d < 100; d++) for (let k = 0; k < 2; k++) ev.push(inCell(rng, 5, 5, T0 + (d + rng.float()) * D, 'common'));
  const rareCells = [11, 18, 81, 88, 14, 41, 84, 48];
  rareCells.forEach((c, k) => ev.push(inCell(rng, c % 10, Math.floor(c / 10), T0 + (k * 12 + rng.float()) * D, 'rare')));
  ev.sort((a, b) => a.t - b.t);

  it('the rare category alone never ranks S first; with the shared surface it does', () => {
    const alone = ensembleScores(ev, g, from, { ensembleBandwidthMeters: 0, ensembleWeights: [1, 0, 0], ensembleCategory: 'rare' });
    assert.equal(alone[S], 0);
    for (const c of rareCells) assert.ok(alone[c]! > 0);
    const shared = ensembleScores(ev, g, from, { ensembleBandwidthMeters: 0, ensembleWeights: [0.5, 0.5, 0], ensembleCategory: 'rare' });
    assert.equal(ranking(shared)[0], S);
  });

  it('without a category the shared weight goes to the long-term surface', () => {
    const a = ensembleScores(ev, g, from, { ensembleBandwidthMeters: 0, ensembleWeights: [0.5, 0.5, 0] });
    const b = ensembleScores(ev, g, from, { ensembleBandwidthMeters: 0, ensembleWeights: [1, 0, 0] });
    assert.deepEqual(a, b);
  });
});

describe('tuneEnsemble', () => {
  it('a hotspot that moves every week: the tuned ensemble leans on the recent surface', () => {
    // 20 weeks; in each week one new cell gets 8 events a day, over a light uniform noise. The long-term surface
    // points at old weeks' cells, so validation must reward the recent surface.
    const rng = createRng(8);
    const g = grid10();
    const ev: ForecastEvent[] = [];
    for (let k = rng.poisson(140 * 2); k > 0; k--) ev.push(inCell(rng, rng.int(0, 9), rng.int(0, 9), T0 + rng.float() * 140 * D));
    for (let w = 0; w < 20; w++) {
      const c = (w * 37 + 11) % 100;
      for (let d = 0; d < 7; d++) for (let k = 0; k < 8; k++) ev.push(inCell(rng, c % 10, Math.floor(c / 10), T0 + (w * 7 + d + rng.float()) * D));
    }
    ev.sort((a, b) => a.t - b.t);
    const end = T0 + 140 * D;
    const p = tuneEnsemble(ev, g, end - 14 * D, end, D);
    // long-only is the first candidate and a later one must beat it strictly: any recent weight is earned
    assert.ok(p.ensembleWeights![2] > 0, JSON.stringify(p));
    assert.equal(p.ensembleDecayDays, 7, JSON.stringify(p));
    // and it is what tuneModel gives for 'ensemble', one of the listed candidates
    assert.deepEqual(tuneModel('ensemble', ev, g, end - 14 * D, end, D), p);
    assert.ok(ensembleCandidates(g).some((c) => JSON.stringify(c) === JSON.stringify(p)));
  });

  it('a stable hotspot with a category: the tuned weights keep the category in the params', () => {
    const rng = createRng(9);
    const g = grid10();
    const ev: ForecastEvent[] = [];
    for (let d = 0; d < 60; d++) {
      ev.push(inCell(rng, 3, 3, T0 + (d + rng.float()) * D, 'a'));
      ev.push(inCell(rng, rng.int(0, 9), rng.int(0, 9), T0 + (d + rng.float()) * D, 'b'));
    }
    ev.sort((x, y) => x.t - y.t);
    const end = T0 + 60 * D;
    const p = tuneEnsemble(ev, g, end - 7 * D, end, D, 'a');
    assert.equal(p.ensembleCategory, 'a');
    assert.equal(ranking(ensembleScores(ev, g, end, p))[0], 33);
    // no validation events at all: the defaults, with the category
    assert.deepEqual(tuneEnsemble(ev, g, end, end + 7 * D, D, 'zzz'), { ensembleCategory: 'zzz' });
  });

  it('the weight grid: long-only first, on the simplex, shared weight 0 without a category', () => {
    const w = ensembleWeightGrid(true);
    assert.deepEqual(w[0], [1, 0, 0]);
    assert.equal(w.length, 66);
    for (const t of w) assert.ok(Math.abs(t[0] + t[1] + t[2] - 1) < 1e-9 && t.every((x) => x >= 0));
    const n = ensembleWeightGrid(false);
    assert.equal(n.length, 11);
    assert.ok(n.every((t) => t[1] === 0));
  });
});

describe('paiScorer', () => {
  it('gives evaluatePeriod\'s PAI, ties, NaN and unmasked cells included', () => {
    const rng = createRng(77);
    const g: GridSpec = { x0: 0, y0: 0, cellSize: 10, nx: 17, ny: 13, mask: new Uint8Array(17 * 13) };
    for (let i = 0; i < g.mask.length; i++) g.mask[i] = rng.chance(0.8) ? 1 : 0;
    for (let trial = 0; trial < 40; trial++) {
      const scores = new Float64Array(17 * 13);
      // few distinct values: many ties at every threshold
      for (let i = 0; i < scores.length; i++) scores[i] = rng.chance(0.05) ? NaN : rng.int(0, trial % 5 === 0 ? 1 : 6);
      const test: ForecastEvent[] = [];
      for (let k = rng.int(1, 60); k > 0; k--) test.push({ x: rng.range(-20, 190), y: rng.range(-5, 135), t: 0 });
      for (const c of [0.01, 0.02, 0.05, 0.1, 0.5]) {
        const want = evaluatePeriod(scores, g, test, [c]).pai[0]!;
        const got = paiScorer(g, test, c)(scores);
        assert.ok(Math.abs(got - want) < 1e-12, `trial ${trial} coverage ${c}: ${got} vs ${want}`);
      }
    }
    assert.equal(paiScorer(g, [], 0.05)(new Float64Array(17 * 13)), 0);
  });
});
