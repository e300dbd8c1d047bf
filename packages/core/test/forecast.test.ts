// Place-based forecasting: the grid, the evaluation metrics worked by hand on a 3 x 3 grid, and the four models on
// small synthetic patterns whose right answer is known (a fixed hotspot, a near-repeat burst next to a stale
// cluster, a self-exciting process simulated here with known parameters). No timing assertions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  cellIndex,
  COVERAGES,
  evaluatePeriod,
  fitSepp,
  forecastScores,
  gaussianSmooth,
  gridFor,
  projectLonLat,
  prospectiveScores,
  tuneModel,
  candidateParams,
  type ForecastEvent,
  type GridSpec,
  type ModelName,
} from '../src/forecast/index';
import { createRng, type Rng } from '../src/sim/rng';

const D = 86_400_000;
const T0 = Date.parse('2024-01-01T00:00:00Z');
const MODELS: ModelName[] = ['naive', 'kde', 'prospective', 'sepp', 'ensemble'];

/** A 10 x 10 grid of 100 m cells at the origin, all in the study area. */
function grid10(): GridSpec {
  return { x0: 0, y0: 0, cellSize: 100, nx: 10, ny: 10, mask: new Uint8Array(100).fill(1) };
}

/** An event uniformly placed inside cell (ix, iy) of grid10. */
function inCell(rng: Rng, ix: number, iy: number, t: number): ForecastEvent {
  return { x: ix * 100 + rng.range(5, 95), y: iy * 100 + rng.range(5, 95), t };
}

/** The index of the highest score (lowest index on a tie). */
function top(scores: Float64Array): number {
  let b = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[b]!) b = i;
  return b;
}

function near(a: number, b: number, eps = 1e-12): boolean {
  return Math.abs(a - b) <= eps;
}

describe('forecast grid', () => {
  it('projects lon/lat to local metres', () => {
    const [x, y] = projectLonLat(121, 31, 120, 30);
    assert.ok(Math.abs(y - 111_195) < 1, `y ${y}`);
    assert.ok(Math.abs(x - 111_195 * Math.cos((30 * Math.PI) / 180)) < 1, `x ${x}`);
    assert.deepEqual(projectLonLat(120, 30, 120, 30), [0, 0]);
  });

  it('pads the bounding box by a cell and masks the cells next to events', () => {
    const ev = [
      { x: 0, y: 0 },
      { x: 250, y: 0 },
      { x: NaN, y: 5 },
    ];
    const g = gridFor(ev, 100);
    assert.deepEqual([g.x0, g.y0, g.nx, g.ny], [-100, -100, 5, 3]);
    assert.equal(cellIndex(g, 0, 0), 1 * 5 + 1);
    assert.equal(cellIndex(g, 250, 0), 1 * 5 + 3);
    assert.equal(cellIndex(g, 399.9, 0), 1 * 5 + 4);
    assert.equal(cellIndex(g, 400, 0), -1);
    assert.equal(cellIndex(g, -100.1, 0), -1);
    assert.equal(cellIndex(g, NaN, 0), -1);
    // radius 1: every cell of this small grid is next to one of the two event cells
    assert.equal(g.mask.reduce((a, b) => a + b, 0), 15);
    const g0 = gridFor(ev, 100, { maskRadiusCells: 0 });
    assert.deepEqual([...g0.mask.keys()].filter((i) => g0.mask[i]), [6, 8]);
    assert.equal(gridFor([], 100).nx, 1);
  });
});

describe('evaluatePeriod (3 x 3 grid, by hand)', () => {
  // Cell 8 is outside the study area, so 8 cells are masked. Ranking by score: 0 (5), 2 (3), 3 (3: tie, after 2),
  // 1 (1), then 4..7 (0). Cell 8's score 9 must not count.
  const g: GridSpec = { x0: 0, y0: 0, cellSize: 1, nx: 3, ny: 3, mask: new Uint8Array([1, 1, 1, 1, 1, 1, 1, 1, 0]) };
  const scores = new Float64Array([5, 1, 3, 3, 0, 0, 0, 0, 9]);
  const at = (i: number): ForecastEvent => ({ x: (i % 3) + 0.5, y: Math.floor(i / 3) + 0.5, t: 0 });
  // 1 event in cell 0, 2 in cell 3, 3 in cell 4, 1 in the unmasked cell 8, 1 outside the grid: 8 in all
  const test = [at(0), at(3), at(3), at(4), at(4), at(4), at(8), { x: -5, y: 1, t: 0 }];

  it('hit rate, PAI and PEI* at a few coverages', () => {
    const m = evaluatePeriod(scores, g, test, [0.01, 0.25, 0.375, 0.5]);
    assert.equal(m.events, 8);
    // 1 %: round(0.08) = 0 -> at least 1 cell {0}: 1 hit. Best single cell has 3.
    // 25 %: 2 cells {0, 2} (the tie 2 vs 3 goes to 2): 1 hit. Best two: 3 + 2.
    // 37.5 %: 3 cells {0, 2, 3}: 3 hits. Best three: 3 + 2 + 1.
    // 50 %: 4 cells {0, 2, 3, 1}: 3 hits. Best four: 6.
    const expHit = [1 / 8, 1 / 8, 3 / 8, 3 / 8];
    const expPai = [1 / 8 / (1 / 8), 1 / 8 / (2 / 8), 3 / 8 / (3 / 8), 3 / 8 / (4 / 8)];
    const expPei = [1 / 3, 1 / 5, 3 / 6, 3 / 6];
    expHit.forEach((v, k) => assert.ok(near(m.hitRate[k]!, v), `hit ${k}: ${m.hitRate[k]} vs ${v}`));
    expPai.forEach((v, k) => assert.ok(near(m.pai[k]!, v), `pai ${k}: ${m.pai[k]} vs ${v}`));
    expPei.forEach((v, k) => assert.ok(near(m.peiStar[k]!, v), `pei ${k}: ${m.peiStar[k]} vs ${v}`));
  });

  it('defaults to COVERAGES and gives zeros for a period without events', () => {
    assert.deepEqual(COVERAGES, [0.01, 0.02, 0.05, 0.1]);
    assert.equal(evaluatePeriod(scores, g, test).pai.length, 4);
    assert.deepEqual(evaluatePeriod(scores, g, []), { events: 0, hitRate: [0, 0, 0, 0], pai: [0, 0, 0, 0], peiStar: [0, 0, 0, 0] });
  });

  it('a perfect forecast has PEI* 1', () => {
    const perfect = new Float64Array([1, 0, 0, 2, 3, 0, 0, 0, 0]);
    const m = evaluatePeriod(perfect, g, test, [0.125, 0.25, 0.375]);
    assert.deepEqual(m.peiStar, [1, 1, 1]);
    assert.ok(near(m.pai[0]!, 3 / 8 / (1 / 8)));
  });
});

describe('model building blocks', () => {
  it('gaussian smoothing keeps the mass away from the edges and is symmetric', () => {
    const src = new Float64Array(21 * 21);
    src[10 * 21 + 10] = 4;
    const out = gaussianSmooth(src, 21, 21, 10, 20);
    assert.ok(near(out.reduce((a, b) => a + b, 0), 4, 1e-9));
    assert.ok(near(out[10 * 21 + 9]!, out[10 * 21 + 11]!) && near(out[9 * 21 + 10]!, out[10 * 21 + 9]!));
    assert.equal(out[10 * 21 + 17], 0); // beyond 3h = 6 cells
  });

  it('prospective weights: 1/(1 + cells) x 1/(1 + weeks)', () => {
    const g = grid10();
    const from = T0 + 14 * D;
    const s = prospectiveScores([{ x: 150, y: 150, t: from - 7 * D }], g, from, { prospectiveBandwidthMeters: 100, prospectiveWeeks: 8 });
    assert.ok(near(s[11]!, 0.5)); // its own cell, one week old
    assert.ok(near(s[12]!, 0.25) && near(s[21]!, 0.25) && near(s[1]!, 0.25) && near(s[10]!, 0.25));
    assert.equal(s[22], 0); // the diagonal is 1.41 cells away, beyond 100 m
    const stale = prospectiveScores([{ x: 150, y: 150, t: from - 9 * 7 * D }], g, from, {});
    assert.equal(stale.reduce((a, b) => a + b, 0), 0);
  });
});

/** Background scattered uniformly over grid10 at `perDay` a day over [start, end), plus `hot` a day in cell 55. */
function hotspotData(rng: Rng, start: number, end: number, perDay: number, hot: number): ForecastEvent[] {
  const ev: ForecastEvent[] = [];
  const days = (end - start) / D;
  for (let k = rng.poisson(perDay * days); k > 0; k--) ev.push(inCell(rng, rng.int(0, 9), rng.int(0, 9), rng.range(start, end)));
  for (let k = rng.poisson(hot * days); k > 0; k--) ev.push(inCell(rng, 5, 5, rng.range(start, end)));
  return ev.sort((a, b) => a.t - b.t);
}

describe('fixed hotspot', () => {
  const rng = createRng(7);
  const g = grid10();
  const from = T0 + 100 * D;
  const train = hotspotData(rng.fork('train'), T0, from, 2, 3);
  const test = hotspotData(rng.fork('test'), from, from + 7 * D, 2, 3);

  for (const m of MODELS) {
    it(`${m} puts the hotspot in the top cell; PAI at 1 % is high`, () => {
      const s = forecastScores(m, train, g, from, from + 7 * D);
      assert.equal(s.length, 100);
      assert.equal(top(s), 55);
      const r = evaluatePeriod(s, g, test);
      // one cell in a hundred holding ~60 % of the events: PAI ~ 60
      assert.ok(r.pai[0]! > 30, `${m}: PAI@1% ${r.pai[0]}`);
    });
  }
});

describe('near-repeat burst vs a stale cluster', () => {
  // A stale cluster: 30 events in cell A = (2, 2) during days 0..60, then nothing. A fresh burst: 6 events in cell
  // B = (7, 7) over the last two days. Light uniform background throughout. Forecast day 200.
  const rng = createRng(11);
  const g = grid10();
  const A = 22;
  const B = 77;
  const from = T0 + 200 * D;
  const ev = hotspotData(rng.fork('bg'), T0, from, 0.3, 0);
  for (let k = 0; k < 30; k++) ev.push(inCell(rng, 2, 2, T0 + k * 2 * D + rng.range(0, D)));
  for (let k = 0; k < 6; k++) ev.push(inCell(rng, 7, 7, from - 2 * D + k * 0.33 * D));
  ev.sort((a, b) => a.t - b.t);

  for (const m of ['prospective', 'sepp'] as ModelName[]) {
    it(`${m} ranks the burst first for the next day`, () => {
      const s = forecastScores(m, ev, g, from, from + D);
      assert.equal(top(s), B);
      assert.ok(s[B]! > s[A]!);
    });
  }

  it('kde over all history ranks the stale cluster above the burst', () => {
    const s = forecastScores('kde', ev, g, from, from + D);
    assert.ok(s[A]! > s[B]!);
    assert.equal(top(s), A);
  });
});

/** A self-exciting process per cell (Hawkes, exponential kernel) simulated by branching over [0, days). */
function simulateSepp(rng: Rng, cells: number[], mu: number, theta: number, omega: number, days: number): ForecastEvent[] {
  const ev: ForecastEvent[] = [];
  for (const c of cells) {
    const ix = c % 10;
    const iy = Math.floor(c / 10);
    const queue: number[] = [];
    for (let k = rng.poisson(mu * days); k > 0; k--) queue.push(rng.range(0, days));
    while (queue.length) {
      const t = queue.pop()!;
      ev.push(inCell(rng, ix, iy, T0 + t * D));
      for (let k = rng.poisson(theta); k > 0; k--) {
        const child = t + rng.exponential(omega);
        if (child < days) queue.push(child);
      }
    }
  }
  return ev.sort((a, b) => a.t - b.t);
}

describe('SEPP expectation-maximisation', () => {
  it('recovers theta and omega from a simulated process', () => {
    const rng = createRng(2024);
    const cells = Array.from({ length: 40 }, (_, k) => k * 2 + 1);
    const ev = simulateSepp(rng, cells, 0.1, 0.5, 1, 1000);
    const fit = fitSepp(ev, grid10(), T0 + 1000 * D);
    assert.ok(Math.abs(fit.theta - 0.5) < 0.05, `theta ${fit.theta}`);
    assert.ok(Math.abs(fit.omega - 1) < 0.15, `omega ${fit.omega}`);
    let mu = 0;
    for (const c of cells) mu += fit.mu[c]!;
    mu /= cells.length;
    // the window starts at the first event, a few hours in: mu is per day of window
    assert.ok(Math.abs(mu - 0.1) < 0.015, `mean mu ${mu}`);
    assert.equal(fit.mu[0], 0);
  });

  it('expected counts: background plus the triggering still to come', () => {
    // one cell, events evenly 10 days apart: no clustering, so theta fits to ~0 and mu to 10 events / 100 days
    const g = grid10();
    const ev = Array.from({ length: 10 }, (_, k) => ({ x: 50, y: 50, t: T0 + k * 10 * D }));
    const from = T0 + 100 * D;
    const s = forecastScores('sepp', ev, g, from, from + 2 * D);
    const fit = fitSepp(ev, g, from);
    let expected = fit.mu[0]! * 2;
    for (const e of ev) expected += fit.theta * (Math.exp((-fit.omega * (from - e.t)) / D) - Math.exp((-fit.omega * (from + 2 * D - e.t)) / D));
    assert.ok(near(s[0]!, expected, 1e-12));
    assert.ok(fit.theta < 0.01, `theta ${fit.theta}`);
    assert.ok(near(fit.mu[0]!, 0.1, 1e-3), `mu ${fit.mu[0]}`);
  });
});

describe('no peeking at the future', () => {
  const rng = createRng(3);
  const g = grid10();
  const from = T0 + 60 * D;
  const train = hotspotData(rng.fork('a'), T0, from, 3, 2);
  // wild events: at `from` exactly and later, in cells nothing else uses
  const wild: ForecastEvent[] = [
    { x: 950, y: 950, t: from },
    ...Array.from({ length: 50 }, (_, k) => ({ x: 50 + (k % 3) * 100, y: 950, t: from + k * 3_600_000 })),
  ];

  for (const m of MODELS) {
    it(`forecastScores(${m}) ignores events at or after from`, () => {
      const a = forecastScores(m, train, g, from, from + D);
      const b = forecastScores(m, [...wild, ...train, ...wild], g, from, from + D);
      assert.deepEqual(b, a);
    });
  }

  for (const m of MODELS) {
    it(`tuneModel(${m}) is deterministic and never reads events at or after end`, () => {
      const end = from;
      const p1 = tuneModel(m, train, g, end - 7 * D, end, D);
      const p2 = tuneModel(m, train, g, end - 7 * D, end, D);
      assert.deepEqual(p2, p1);
      const p3 = tuneModel(m, [...wild, ...train.slice().reverse(), ...wild], g, end - 7 * D, end, D);
      assert.deepEqual(p3, p1);
      assert.ok(candidateParams(m, g).some((c) => JSON.stringify(c) === JSON.stringify(p1)), JSON.stringify(p1));
    });
  }
});
