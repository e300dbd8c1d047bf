import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unionCells, multiPolygonProblems, ringSignedAreaPlanar, pointInPolygon, type Position } from '../src/geo/index';

/** Unit square cell with lower-left corner (x, y), as a Polygon; cw flips the ring orientation. */
function cell(x: number, y: number, cw = false): Position[][] {
  const ring: Position[] = [
    [x, y],
    [x + 1, y],
    [x + 1, y + 1],
    [x, y + 1],
    [x, y],
  ];
  return [cw ? ring.reverse() : ring];
}

function cellsOf(pattern: string[]): Position[][][] {
  // rows from top to bottom; '#' = cell
  const out: Position[][][] = [];
  const h = pattern.length;
  pattern.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) if (row[c] === '#') out.push(cell(c, h - 1 - r));
  });
  return out;
}

function planarArea(mp: Position[][][]): number {
  let a = 0;
  for (const poly of mp) for (const ring of poly) a += ringSignedAreaPlanar(ring);
  return a;
}

test('a 2x2 block becomes one square ring (collinear midpoints kept, no duplicates)', () => {
  const mp = unionCells(cellsOf(['##', '##']));
  assert.equal(mp.length, 1);
  assert.equal(mp[0]!.length, 1);
  const ring = mp[0]![0]!;
  assert.equal(ring.length, 9, '8 boundary vertices + closing point');
  assert.deepEqual(ring[0], [0, 0]);
  assert.deepEqual(ring[0], ring[ring.length - 1]);
  assert.equal(planarArea(mp), 4);
  assert.deepEqual(multiPolygonProblems(mp), []);
  assert.equal(pointInPolygon(0.5, 1.5, mp), true);
});

test('input orientation does not matter', () => {
  const mp = unionCells([cell(0, 0, true), cell(1, 0), cell(0, 1, true), cell(1, 1)]);
  assert.equal(mp.length, 1);
  assert.equal(planarArea(mp), 4);
  assert.deepEqual(multiPolygonProblems(mp), []);
});

test('an L-shape gives one ring with a reflex corner', () => {
  const mp = unionCells(cellsOf(['#.', '#.', '##']));
  assert.equal(mp.length, 1);
  assert.equal(mp[0]!.length, 1);
  assert.equal(planarArea(mp), 4);
  assert.deepEqual(multiPolygonProblems(mp), []);
  assert.equal(pointInPolygon(1.5, 1.5, mp), false);
  assert.equal(pointInPolygon(1.5, 0.5, mp), true);
});

test('a ring of 8 cells around a hole gives a polygon with a clockwise hole', () => {
  const mp = unionCells(cellsOf(['###', '#.#', '###']));
  assert.equal(mp.length, 1);
  assert.equal(mp[0]!.length, 2, 'shell + hole');
  assert.ok(ringSignedAreaPlanar(mp[0]![0]!) > 0);
  assert.ok(ringSignedAreaPlanar(mp[0]![1]!) < 0);
  assert.equal(planarArea(mp), 8);
  assert.deepEqual(multiPolygonProblems(mp), []);
  assert.equal(pointInPolygon(1.5, 1.5, mp), false);
  assert.equal(pointInPolygon(0.5, 1.5, mp), true);
});

test('two disjoint blocks give two polygons', () => {
  const mp = unionCells(cellsOf(['##...##', '##...##']));
  assert.equal(mp.length, 2);
  assert.equal(planarArea(mp), 8);
  assert.deepEqual(multiPolygonProblems(mp), []);
});

test('cells touching only at a corner stay two simple polygons (no self-touching ring)', () => {
  const mp = unionCells(cellsOf(['.#', '#.']));
  assert.equal(mp.length, 2);
  for (const poly of mp) assert.equal(poly[0]!.length, 5);
  assert.deepEqual(multiPolygonProblems(mp), []);
});

test('a hole touching the shell at one vertex stays a separate hole ring', () => {
  // 3x3 block minus the centre and one corner cell diagonal to it: the hole (centre) touches the notch at a vertex.
  const mp = unionCells(cellsOf(['##.', '#.#', '###']));
  assert.equal(planarArea(mp), 7);
  assert.deepEqual(multiPolygonProblems(mp), []);
  assert.equal(pointInPolygon(1.5, 1.5, mp), false);
  assert.equal(pointInPolygon(2.5, 2.5, mp), false);
  assert.equal(pointInPolygon(0.5, 2.5, mp), true);
});

test('unioning unions again is stable, and the result does not depend on the order of cells', () => {
  const cells = cellsOf(['###.', '#.##', '####']);
  const once = unionCells(cells);
  const reversed = unionCells(cells.slice().reverse());
  assert.deepEqual(reversed, once);
  const left = unionCells(cellsOf(['##..', '#...', '##..']));
  const right = unionCells(cellsOf(['..#.', '..##', '..##']));
  assert.deepEqual(unionCells([...left, ...right]), once);
});

test('random cell sets: valid rings, exact area, and membership of every cell centre', async () => {
  const { createRng } = await import('../src/sim/rng');
  const rng = createRng(2024);
  for (let trial = 0; trial < 200; trial++) {
    const n = 7;
    const p = rng.range(0.3, 0.8);
    const member: boolean[] = [];
    const cells: Position[][][] = [];
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        const m = rng.chance(p);
        member.push(m);
        if (m) cells.push(cell(x, y, rng.chance(0.5)));
      }
    if (cells.length === 0) continue;
    const mp = unionCells(rng.shuffle(cells));
    assert.deepEqual(multiPolygonProblems(mp), [], `trial ${trial}`);
    assert.equal(planarArea(mp), cells.length, `trial ${trial}`);
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) assert.equal(pointInPolygon(x + 0.5, y + 0.5, mp), member[y * n + x], `trial ${trial} cell ${x},${y}`);
  }
});
