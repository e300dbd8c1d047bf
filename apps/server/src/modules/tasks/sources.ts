// Measures that other modules count for the indicators (cases since issue 17), registered once at start
// (bootstrap.ts, beside the realtime publishers), so that the tasks module reads them without importing those
// modules: cases open from incidents and anti-fraud warnings, fraud refreshes the indicators, and the indicators
// would read cases again, a circle. A source without a provider leaves its measures null (not available).
// Generic in the context so that this file imports nothing of the server (context.ts names it).
import type { MeasureSource, SubjectLevel } from '@jingwang/core';

/** The period measured: [from, to), counted up to `until` (now) included. */
export interface MeasurePeriod {
  from: number;
  to: number;
  until: number;
}

/** A module's measures of several subjects of one level for one period (name -> value, null = not available). */
export type MeasureProvider<C> = (ctx: C, level: SubjectLevel, ids: readonly number[], p: MeasurePeriod) => Promise<Map<number, Record<string, number | null>>>;

export class MeasureProviders<C> {
  private readonly providers: { source: MeasureSource; fn: MeasureProvider<C> }[] = [];

  /** Registers the provider of a source's measures; several run in registration order. */
  provide(source: MeasureSource, fn: MeasureProvider<C>): this {
    this.providers.push({ source, fn });
    return this;
  }

  /** The sources that have a provider. */
  sources(): MeasureSource[] {
    return [...new Set(this.providers.map((p) => p.source))];
  }

  /** Runs every provider and hands each subject's measures to `set`. */
  async collect(ctx: C, level: SubjectLevel, ids: readonly number[], p: MeasurePeriod, set: (id: number, name: string, value: number | null) => void): Promise<void> {
    for (const { fn } of this.providers) {
      for (const [id, m] of await fn(ctx, level, ids, p)) for (const [k, v] of Object.entries(m)) set(id, k, v);
    }
  }
}
