// Indicators (指标) as data: a formula over named measures, computed for one subject (officer, grid, station,
// district) and one period. The formula language is small and evaluated by hand (no eval):
//
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/') unary)*
//   unary   := '-' unary | primary
//   primary := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
//   number  := digits ['.' digits] [('e'|'E') ['+'|'-'] digits]       name := [A-Za-z_][A-Za-z0-9_]*
//   functions: min(a, b, ...), max(a, b, ...), abs(x), round(x [, digits]), if(c, a, b) (a when c != 0, else b;
//              only the chosen branch is evaluated, so `if(tasks_due, 100 * tasks_done / tasks_due, 100)` is safe)
//
// Semantics: a measure that is absent, null or not finite is unavailable (its source module is not there, or it had
// no data) and makes the indicator NOT AVAILABLE (value null, with the measures named), never zero. Division by
// zero makes it not available too ('division_by_zero'), as does a non-finite result. When several reasons meet,
// an unavailable measure wins (it is the root cause), then division by zero.

import type { TaskFieldError } from './recurrence';

export type SubjectLevel = 'officer' | 'grid' | 'station' | 'district';
export const SUBJECT_LEVELS: readonly SubjectLevel[] = ['officer', 'grid', 'station', 'district'];

/** The four stars (四星) of the station's officers. */
export type StarKind = 'service' | 'prevention' | 'mediation' | 'case_solving';
export const STAR_KINDS: readonly StarKind[] = ['service', 'prevention', 'mediation', 'case_solving'];
export const STAR_LABELS: Record<StarKind, { zh: string; en: string }> = {
  service: { zh: '服务之星', en: 'Service star' },
  prevention: { zh: '防范之星', en: 'Prevention star' },
  mediation: { zh: '调解之星', en: 'Mediation star' },
  case_solving: { zh: '破案之星', en: 'Case-solving star' },
};

// ---------------------------------------------------------------- parsing

export type FormulaNode =
  | { k: 'num'; v: number }
  | { k: 'var'; name: string; pos: number }
  | { k: 'neg'; a: FormulaNode }
  | { k: 'bin'; op: '+' | '-' | '*' | '/'; a: FormulaNode; b: FormulaNode; pos: number }
  | { k: 'call'; fn: FormulaFunction; args: FormulaNode[]; pos: number };

export type FormulaFunction = 'min' | 'max' | 'abs' | 'round' | 'if';
const ARITY: Record<FormulaFunction, [number, number]> = {
  min: [1, Infinity],
  max: [1, Infinity],
  abs: [1, 1],
  round: [1, 2],
  if: [3, 3],
};
export const FORMULA_FUNCTIONS: readonly FormulaFunction[] = Object.keys(ARITY) as FormulaFunction[];

export type FormulaErrorCode = 'empty' | 'too_long' | 'too_deep' | 'unexpected_char' | 'unexpected_token' | 'unexpected_end' | 'bad_number' | 'unknown_function' | 'arity';

export interface FormulaError {
  code: FormulaErrorCode;
  /** 0-based character position in the formula. */
  pos: number;
  message: string;
}

export type ParseResult = { ok: true; ast: FormulaNode; measures: string[] } | { ok: false; error: FormulaError };

export const MAX_FORMULA_LENGTH = 2000;
const MAX_DEPTH = 64;

type Token = { t: 'num'; v: number; pos: number } | { t: 'id'; v: string; pos: number } | { t: 'op'; v: string; pos: number } | { t: 'end'; pos: number };

class ParseError extends Error {
  constructor(readonly error: FormulaError) {
    super(error.message);
  }
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if ((c >= '0' && c <= '9') || c === '.') {
      const m = /^(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) throw new ParseError({ code: 'bad_number', pos: i, message: `bad number at ${i}` });
      const after = src[i + m[0].length];
      if (after !== undefined && /[A-Za-z_.\d]/.test(after)) throw new ParseError({ code: 'bad_number', pos: i, message: `bad number at ${i}` });
      out.push({ t: 'num', v: Number(m[0]), pos: i });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if ('+-*/(),'.includes(c)) {
      out.push({ t: 'op', v: c, pos: i });
      i++;
      continue;
    }
    throw new ParseError({ code: 'unexpected_char', pos: i, message: `unexpected character '${c}' at ${i}` });
  }
  out.push({ t: 'end', pos: src.length });
  return out;
}

/** Parse a formula; on failure the error names the position. */
export function parseFormula(src: string): ParseResult {
  if (src.length > MAX_FORMULA_LENGTH) return { ok: false, error: { code: 'too_long', pos: MAX_FORMULA_LENGTH, message: `a formula is at most ${MAX_FORMULA_LENGTH} characters` } };
  if (!src.trim()) return { ok: false, error: { code: 'empty', pos: 0, message: 'the formula is empty' } };
  try {
    const toks = tokenize(src);
    let p = 0;
    const measures = new Set<string>();
    const peek = () => toks[p]!;
    const isOp = (v: string) => {
      const t = peek();
      return t.t === 'op' && t.v === v;
    };
    const unexpected = (): never => {
      const t = peek();
      if (t.t === 'end') throw new ParseError({ code: 'unexpected_end', pos: t.pos, message: 'the formula ends too early' });
      const shown = t.t === 'num' ? String(t.v) : t.v;
      throw new ParseError({ code: 'unexpected_token', pos: t.pos, message: `unexpected '${shown}' at ${t.pos}` });
    };
    const expect = (v: string) => {
      if (!isOp(v)) unexpected();
      p++;
    };
    const expr = (depth: number): FormulaNode => {
      if (depth > MAX_DEPTH) throw new ParseError({ code: 'too_deep', pos: peek().pos, message: 'the formula nests too deeply' });
      let a = term(depth);
      while (isOp('+') || isOp('-')) {
        const t = toks[p++]! as { v: '+' | '-'; pos: number };
        a = { k: 'bin', op: t.v, a, b: term(depth), pos: t.pos };
      }
      return a;
    };
    const term = (depth: number): FormulaNode => {
      let a = unary(depth);
      while (isOp('*') || isOp('/')) {
        const t = toks[p++]! as { v: '*' | '/'; pos: number };
        a = { k: 'bin', op: t.v, a, b: unary(depth), pos: t.pos };
      }
      return a;
    };
    const unary = (depth: number): FormulaNode => {
      if (isOp('-')) {
        p++;
        if (depth > MAX_DEPTH) throw new ParseError({ code: 'too_deep', pos: peek().pos, message: 'the formula nests too deeply' });
        return { k: 'neg', a: unary(depth + 1) };
      }
      return primary(depth);
    };
    const primary = (depth: number): FormulaNode => {
      const t = peek();
      if (t.t === 'num') {
        p++;
        return { k: 'num', v: t.v };
      }
      if (t.t === 'id') {
        p++;
        if (isOp('(')) {
          const fn = t.v as FormulaFunction;
          if (!Object.prototype.hasOwnProperty.call(ARITY, fn)) throw new ParseError({ code: 'unknown_function', pos: t.pos, message: `unknown function '${t.v}' at ${t.pos}` });
          p++;
          const args: FormulaNode[] = [expr(depth + 1)];
          while (isOp(',')) {
            p++;
            args.push(expr(depth + 1));
          }
          expect(')');
          const [lo, hi] = ARITY[fn];
          if (args.length < lo || args.length > hi) {
            const want = lo === hi ? `${lo}` : hi === Infinity ? `at least ${lo}` : `${lo} to ${hi}`;
            throw new ParseError({ code: 'arity', pos: t.pos, message: `${fn} takes ${want} argument(s), got ${args.length}` });
          }
          return { k: 'call', fn, args, pos: t.pos };
        }
        measures.add(t.v);
        return { k: 'var', name: t.v, pos: t.pos };
      }
      if (isOp('(')) {
        p++;
        const e = expr(depth + 1);
        expect(')');
        return e;
      }
      return unexpected();
    };
    const ast = expr(0);
    if (peek().t !== 'end') unexpected();
    return { ok: true, ast, measures: [...measures].sort() };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.error };
    throw e;
  }
}

/** The measures a formula needs (sorted, unique); throws RangeError with the parse error on an invalid formula. */
export function formulaMeasures(src: string): string[] {
  const r = parseFormula(src);
  if (!r.ok) throw new RangeError(`${r.error.code} at ${r.error.pos}: ${r.error.message}`);
  return r.measures;
}

// ---------------------------------------------------------------- evaluation

/** Measure values for one subject and period: absent, null or non-finite = unavailable. */
export type Measures = Readonly<Record<string, number | null | undefined>>;

export type NotAvailableReason = 'measure_unavailable' | 'division_by_zero' | 'not_finite' | 'invalid_formula';

export type EvalResult =
  | { ok: true; value: number }
  | { ok: false; reason: NotAvailableReason; /** unavailable measures, sorted */ measures: string[]; message: string };

const RANK: Record<NotAvailableReason, number> = { invalid_formula: 4, measure_unavailable: 3, division_by_zero: 2, not_finite: 1 };

function combine(results: EvalResult[]): EvalResult | null {
  let worst: Extract<EvalResult, { ok: false }> | null = null;
  const missing = new Set<string>();
  for (const r of results) {
    if (r.ok) continue;
    r.measures.forEach((m) => missing.add(m));
    if (!worst || RANK[r.reason] > RANK[worst.reason]) worst = r;
  }
  if (!worst) return null;
  if (worst.reason === 'measure_unavailable') {
    const measures = [...missing].sort();
    return { ok: false, reason: 'measure_unavailable', measures, message: `not available: ${measures.join(', ')}` };
  }
  return worst;
}

function evalNode(n: FormulaNode, m: Measures): EvalResult {
  switch (n.k) {
    case 'num':
      return { ok: true, value: n.v };
    case 'var': {
      const v = Object.prototype.hasOwnProperty.call(m, n.name) ? m[n.name] : undefined;
      if (typeof v !== 'number' || !Number.isFinite(v)) return { ok: false, reason: 'measure_unavailable', measures: [n.name], message: `not available: ${n.name}` };
      return { ok: true, value: v };
    }
    case 'neg': {
      const a = evalNode(n.a, m);
      return a.ok ? { ok: true, value: -a.value } : a;
    }
    case 'bin': {
      const a = evalNode(n.a, m);
      const b = evalNode(n.b, m);
      const bad = combine([a, b]);
      if (bad) return bad;
      const x = (a as { value: number }).value;
      const y = (b as { value: number }).value;
      let v: number;
      switch (n.op) {
        case '+':
          v = x + y;
          break;
        case '-':
          v = x - y;
          break;
        case '*':
          v = x * y;
          break;
        case '/':
          if (y === 0) return { ok: false, reason: 'division_by_zero', measures: [], message: `division by zero at ${n.pos}` };
          v = x / y;
          break;
      }
      return Number.isFinite(v) ? { ok: true, value: v } : { ok: false, reason: 'not_finite', measures: [], message: `not a finite number at ${n.pos}` };
    }
    case 'call': {
      if (n.fn === 'if') {
        const c = evalNode(n.args[0]!, m);
        if (!c.ok) return c;
        return evalNode(c.value !== 0 ? n.args[1]! : n.args[2]!, m);
      }
      const rs = n.args.map((a) => evalNode(a, m));
      const bad = combine(rs);
      if (bad) return bad;
      const xs = rs.map((r) => (r as { value: number }).value);
      switch (n.fn) {
        case 'min':
          return { ok: true, value: Math.min(...xs) };
        case 'max':
          return { ok: true, value: Math.max(...xs) };
        case 'abs':
          return { ok: true, value: Math.abs(xs[0]!) };
        case 'round': {
          const digits = Math.max(0, Math.min(10, Math.trunc(xs[1] ?? 0)));
          return { ok: true, value: roundHalfAway(xs[0]!, digits) };
        }
      }
    }
  }
}

/** Round half away from zero to `digits` decimals (round(2.5) = 3, round(-2.5) = -3, round(1.005, 2) = 1.01). */
export function roundHalfAway(x: number, digits = 0): number {
  const f = 10 ** digits;
  // the small epsilon absorbs binary representation error (1.005 is stored as 1.00499999...)
  const r = Math.round(Math.abs(x) * f * (1 + Number.EPSILON * 4)) / f;
  return x < 0 ? -r : r;
}

/** Evaluate a parsed formula against measures. */
export function evaluateFormula(ast: FormulaNode, measures: Measures): EvalResult {
  return evalNode(ast, measures);
}

/** Parse and evaluate in one call; a parse error comes back as reason 'invalid_formula'. */
export function evaluate(src: string, measures: Measures): EvalResult {
  const p = parseFormula(src);
  if (!p.ok) return { ok: false, reason: 'invalid_formula', measures: [], message: `${p.error.message}` };
  return evalNode(p.ast, measures);
}

// ---------------------------------------------------------------- indicator definitions

export interface IndicatorDef {
  /** Stable code, [a-z][a-z0-9_]*. */
  code: string;
  name: string;
  nameEn: string;
  formula: string;
  /** Display unit: '%', '起', '天', '件', ... */
  unit: string;
  better: 'higher' | 'lower';
  /** The value at which the score is 100. */
  target: number;
  /**
   * The value at which the score is 0, for a linear scale between it and the target (needed when the target is
   * not positive or values can be negative, e.g. a year-on-year change). Absent: the ratio scale (see scoring.ts).
   */
  zeroAt?: number | null;
  /** Default weight in an assessment plan (a plan may override). */
  weight: number;
  /** The star this indicator counts towards, if any. */
  star?: StarKind | null;
  /** Levels it is computed at; all when absent. */
  levels?: SubjectLevel[];
  description?: string;
}

export type IndicatorValue =
  | { code: string; available: true; value: number }
  | { code: string; available: false; value: null; reason: NotAvailableReason; measures: string[]; message: string };

/** Compute an indicator for one subject and period. Never throws; an invalid formula is 'invalid_formula'. */
export function computeIndicator(def: IndicatorDef, measures: Measures): IndicatorValue {
  const r = evaluate(def.formula, measures);
  if (r.ok) return { code: def.code, available: true, value: r.value };
  return { code: def.code, available: false, value: null, reason: r.reason, measures: r.measures, message: r.message };
}

/**
 * Field-level errors of an indicator definition (empty = valid). With `knownMeasures`, every measure the formula
 * names must be in it. Checks the scale too: the ratio scale needs a positive target; a linear scale needs zeroAt on
 * the worse side of the target (below it when higher is better, above it when lower is better).
 */
export function validateIndicatorDef(def: IndicatorDef, knownMeasures?: ReadonlySet<string> | readonly string[]): TaskFieldError[] {
  const errors: TaskFieldError[] = [];
  if (!/^[a-z][a-z0-9_]*$/.test(def.code)) errors.push({ field: '/code', code: 'invalid', message: 'code is [a-z][a-z0-9_]*' });
  if (!def.name.trim()) errors.push({ field: '/name', code: 'required', message: 'name is required' });
  if (def.better !== 'higher' && def.better !== 'lower') errors.push({ field: '/better', code: 'invalid', message: "better is 'higher' or 'lower'" });
  if (!Number.isFinite(def.target)) errors.push({ field: '/target', code: 'invalid', message: 'target must be a number' });
  if (!Number.isFinite(def.weight) || def.weight < 0) errors.push({ field: '/weight', code: 'invalid', message: 'weight must be >= 0' });
  if (def.zeroAt == null) {
    if (!(def.target > 0)) errors.push({ field: '/target', code: 'not_positive', message: 'the ratio scale needs a positive target; give zeroAt for a linear scale' });
  } else if (!Number.isFinite(def.zeroAt) || (def.better === 'higher' ? !(def.zeroAt < def.target) : !(def.zeroAt > def.target))) {
    errors.push({ field: '/zeroAt', code: 'wrong_side', message: 'zeroAt must be worse than the target (below it when higher is better, above when lower is better)' });
  }
  const p = parseFormula(def.formula);
  if (!p.ok) {
    errors.push({ field: '/formula', code: `formula_${p.error.code}`, message: `${p.error.message} (position ${p.error.pos})` });
  } else if (knownMeasures) {
    const known = knownMeasures instanceof Set ? knownMeasures : new Set(knownMeasures as readonly string[]);
    for (const m of p.measures) if (!known.has(m)) errors.push({ field: '/formula', code: 'unknown_measure', message: `unknown measure '${m}'` });
  }
  return errors;
}
