// Seeded pseudo-random numbers for engines, generators and tests.
//
// sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state, passes PractRand) seeded through
// splitmix32. An Rng is a plain object of closures; it never touches Math.random().
//
// fork(label) derives an independent stream from the *seed key* of this Rng and the label only: it neither
// consumes nor depends on draws already made from the parent. So adding a draw in one part of a generator does
// not shift the numbers of another part that uses its own fork, and fork('x') is stable across calls.

export interface Rng {
  /** The 32-bit key this stream was seeded from (forks derive their key from it). */
  readonly key: number;
  /** Uniform float in [0, 1). */
  float(): number;
  /** Uniform float in [lo, hi). */
  range(lo: number, hi: number): number;
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A uniformly chosen element; throws on an empty array. */
  pick<T>(arr: readonly T[]): T;
  /** An element chosen with probability proportional to its weight; throws if no weight is positive. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** Index chosen with probability proportional to weights[i]. */
  weightedIndex(weights: readonly number[]): number;
  /** Normally distributed number (Box-Muller). */
  normal(mean?: number, sd?: number): number;
  /** Poisson-distributed non-negative integer with mean lambda. */
  poisson(lambda: number): number;
  /** Exponentially distributed number with the given rate (mean 1/rate). */
  exponential(rate: number): number;
  /** Fisher-Yates shuffle in place; returns the same array. */
  shuffle<T>(arr: T[]): T[];
  /** An independent stream derived from this stream's key and the label (see the file comment). */
  fork(label: string): Rng;
}

const TWO_32 = 4294967296;

/** splitmix32 step: returns [next state, output]. */
function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [s, z >>> 0];
}

/** FNV-1a over the UTF-16 code units of a string, mixed with a 32-bit key. */
export function hashString(text: string, key = 0x811c9dc5): number {
  let h = (key ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // final avalanche
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Reduce any finite number to a 32-bit key (integers up to 2^53 keep all their bits). */
function keyOfSeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const int = Math.trunc(seed);
  const frac = seed - int;
  const lo = int >>> 0;
  const hi = Math.floor(int / TWO_32) >>> 0;
  let [s, a] = splitmix32(lo);
  [s, a] = splitmix32((s ^ hi ^ a) | 0);
  if (frac !== 0) [s, a] = splitmix32((s ^ Math.floor(frac * TWO_32)) | 0);
  return a >>> 0;
}

function fromKey(key: number): Rng {
  let s = key | 0;
  let a: number, b: number, c: number, d: number;
  [s, a] = splitmix32(s);
  [s, b] = splitmix32(s);
  [s, c] = splitmix32(s);
  [s, d] = splitmix32(s);
  a |= 0;
  b |= 0;
  c |= 0;
  d |= 0;

  function next(): number {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  }
  for (let i = 0; i < 12; i++) next();

  const float = (): number => next() / TWO_32;

  const weightedIndex = (weights: readonly number[]): number => {
    let total = 0;
    for (const w of weights) if (w > 0) total += w;
    if (!(total > 0)) throw new RangeError('weighted: no positive weight');
    let r = float() * total;
    let last = -1;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (!(w > 0)) continue;
      last = i;
      if (r < w) return i;
      r -= w;
    }
    return last; // float rounding at the top end
  };

  const normal = (mean = 0, sd = 1): number => {
    let u = 0;
    while (u === 0) u = float();
    const v = float();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };

  const knuth = (lambda: number): number => {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = float();
    while (p > limit) {
      k++;
      p *= float();
    }
    return k;
  };

  const rng: Rng = {
    key: key >>> 0,
    float,
    range: (lo, hi) => lo + (hi - lo) * float(),
    int(lo, hi) {
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) throw new RangeError(`int(${lo}, ${hi}): need integers lo <= hi`);
      return lo + Math.floor(float() * (hi - lo + 1));
    },
    chance: (p) => float() < p,
    pick<T>(arr: readonly T[]): T {
      if (arr.length === 0) throw new RangeError('pick: empty array');
      return arr[Math.floor(float() * arr.length)] as T;
    },
    weighted<T>(items: readonly T[], weights: readonly number[]): T {
      if (items.length !== weights.length) throw new RangeError('weighted: items and weights differ in length');
      return items[weightedIndex(weights)] as T;
    },
    weightedIndex,
    normal,
    poisson(lambda) {
      if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`poisson: bad lambda ${lambda}`);
      if (lambda === 0) return 0;
      if (lambda > 1e5) return Math.max(0, Math.round(normal(lambda, Math.sqrt(lambda))));
      // A Poisson(lambda) is the sum of Poisson(lambda / k); keep each piece small enough for Knuth's method.
      let k = 0;
      let rest = lambda;
      while (rest > 25) {
        k += knuth(25);
        rest -= 25;
      }
      return k + knuth(rest);
    },
    exponential(rate) {
      if (!(rate > 0)) throw new RangeError(`exponential: rate must be > 0, got ${rate}`);
      return -Math.log(1 - float()) / rate;
    },
    shuffle<T>(arr: T[]): T[] {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = Math.floor(float() * (i + 1));
        const t = arr[i] as T;
        arr[i] = arr[j] as T;
        arr[j] = t;
      }
      return arr;
    },
    fork: (label) => fromKey(hashString(label, key)),
  };
  return rng;
}

/** A seeded random stream. The same seed always gives the same sequence. */
export function createRng(seed: number): Rng {
  return fromKey(keyOfSeed(seed));
}
