// The classic team orienteering instances of Chao, Golden and Wasil (1996) and the Tsiligirides / Golden-Wasil
// style files derived from them: `n N`, `m M`, `tmax T` (separated by ';', tabs or spaces), then N lines `x y score`.
// The first point is the start, the last the end; travel time is the Euclidean distance.

import type { PatrolProblem } from './types';

export interface ChaoInstance {
  n: number;
  m: number;
  tmax: number;
  x: Float64Array;
  y: Float64Array;
  score: Float64Array;
}

export function parseChaoInstance(text: string): ChaoInstance {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const header = new Map<string, number>();
  const pts: number[][] = [];
  for (const line of lines) {
    const parts = line.split(/[;\s,]+/).filter((x) => x.length > 0);
    if (parts.length === 2 && /^[a-z]+$/i.test(parts[0]!)) header.set(parts[0]!.toLowerCase(), Number(parts[1]));
    else if (parts.length >= 3) pts.push(parts.slice(0, 3).map(Number));
  }
  const n = header.get('n') ?? pts.length;
  const m = header.get('m');
  const tmax = header.get('tmax');
  if (m === undefined || tmax === undefined) throw new RangeError('chao instance: missing m or tmax');
  if (pts.length !== n) throw new RangeError(`chao instance: n = ${n} but ${pts.length} points`);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const score = new Float64Array(n);
  pts.forEach((p, i) => {
    x[i] = p[0]!;
    y[i] = p[1]!;
    score[i] = p[2]!;
  });
  return { n, m, tmax, x, y, score };
}

/** Euclidean travel matrix (row-major). */
export function euclideanMatrix(x: Float64Array, y: Float64Array): Float64Array {
  const n = x.length;
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const dx = x[i]! - x[j]!;
      const dy = y[i]! - y[j]!;
      M[i * n + j] = Math.sqrt(dx * dx + dy * dy);
    }
  return M;
}

/** A Chao instance as a patrol problem: m identical teams from the first to the last point, shift = tmax. */
export function chaoToProblem(inst: ChaoInstance): PatrolProblem {
  const nodes = Array.from({ length: inst.n }, (_, i) => ({ id: String(i), prize: inst.score[i]! }));
  const teams = Array.from({ length: inst.m }, (_, t) => ({ id: `team${t + 1}`, start: 0, end: inst.n - 1, shiftSeconds: inst.tmax }));
  return { nodes, teams, travel: euclideanMatrix(inst.x, inst.y) };
}
