// Realtime as its own room: the one place where a service says "these records changed" and where positions are
// handed to the modules that watch them. Services call `publishIncidents`, `publishUnits`, `publishPatrol`, ...;
// the change goes to this node's sockets through the publishers registered for its kind (bootstrap.ts) and to
// the other API nodes through the change bus, whose messages run the same publishers there. No service imports
// another service to publish, so incidents, units and dispatch do not import each other in a circle.
import type { Ctx } from '../context';
import type { ChangeMessage } from './bus';

export type ChangeKind = ChangeMessage['kind'];
/** Sends changed records of one kind to this node's sockets (or drops this node's caches of them). */
export type LocalPublisher = (ctx: Ctx, ids: number[]) => Promise<void> | void;

/** A batch of positions after it was stored. */
export interface PositionBatch {
  positions: readonly { unitId: number; lon: number; lat: number; at: string }[];
  /** New track points (duplicates left out). */
  inserted: number;
  /** Units whose last position moved forward. */
  movedUnitIds: number[];
  /** Of those, the ones dispatched or en route. */
  movedEnRoute: number[];
}

/** What a position subscriber changed: units whose status changed go out whole (not as a compact move). */
export interface PositionOutcome {
  statusChanged?: number[];
}

export interface PositionSubscriber {
  name: string;
  handle(ctx: Ctx, batch: PositionBatch): Promise<PositionOutcome | void>;
  /** A failure is logged, never a reason to refuse the positions (they are stored already). */
  failSoft?: boolean;
}

export class Realtime {
  private readonly publishers = new Map<ChangeKind, LocalPublisher[]>();
  private readonly followers = new Map<ChangeKind, LocalPublisher[]>();
  private readonly positionSubscribers: PositionSubscriber[] = [];

  /** Registers a publisher of a kind; several may listen to one kind, they run in registration order. */
  on(kind: ChangeKind, fn: LocalPublisher): this {
    const list = this.publishers.get(kind) ?? [];
    list.push(fn);
    this.publishers.set(kind, list);
    return this;
  }

  /**
   * Registers a follower of a kind: it runs after the kind's publishers, and also when a service that sends its own
   * records to the sockets (incidents) made the change (`followLocal`). A failure is logged, never thrown: the
   * change is committed already.
   */
  follow(kind: ChangeKind, fn: LocalPublisher): this {
    const list = this.followers.get(kind) ?? [];
    list.push(fn);
    this.followers.set(kind, list);
    return this;
  }

  /** Runs this node's followers of a kind only (the change was sent to the sockets by its service). */
  async followLocal(ctx: Ctx, kind: ChangeKind, ids: number[]): Promise<void> {
    for (const fn of this.followers.get(kind) ?? []) {
      try {
        await fn(ctx, ids);
      } catch (e) {
        console.error(`a follower of ${kind} changes failed:`, e);
      }
    }
  }

  /** Registers a watcher of stored positions (arrival detection, patrol geofences, ...). */
  onPositions(sub: PositionSubscriber): this {
    this.positionSubscribers.push(sub);
    return this;
  }

  /** Kinds with a publisher (the change bus's registry of handlers). */
  kinds(): ChangeKind[] {
    return [...new Set([...this.publishers.keys(), ...this.followers.keys()])];
  }

  /** Runs this node's publishers of a kind (a change made here, or one heard on the bus). */
  async local(ctx: Ctx, kind: ChangeKind, ids: number[]): Promise<void> {
    for (const fn of this.publishers.get(kind) ?? []) await fn(ctx, ids);
    await this.followLocal(ctx, kind, ids);
  }

  /** Hands a stored batch to every position subscriber, in order; returns the units whose status changed. */
  async positions(ctx: Ctx, batch: PositionBatch): Promise<number[]> {
    const changed: number[] = [];
    for (const s of this.positionSubscribers) {
      try {
        const r = await s.handle(ctx, batch);
        if (r?.statusChanged) changed.push(...r.statusChanged);
      } catch (e) {
        if (!s.failSoft) throw e;
        console.error(`${s.name} check of positions failed:`, e);
      }
    }
    return [...new Set(changed)];
  }
}

/** Tells the other API nodes (if any) that records changed; they run their own publishers. */
export function notifyRemote(ctx: Ctx, kind: ChangeKind, ids: number[]): void {
  if (WHOLE.has(kind)) ids = [0];
  if (ids.length > 0) ctx.bus?.notify(kind, ids);
}

/** Kinds that change as a whole (no ids: the receiver reloads everything of that kind). */
const WHOLE = new Set<ChangeKind>(['areas', 'roads']);

/** A change made on this node: its sockets, then the other nodes. */
export async function publish(ctx: Ctx, kind: ChangeKind, ids: number[]): Promise<void> {
  if (ids.length === 0 && !WHOLE.has(kind)) return;
  notifyRemote(ctx, kind, ids);
  await ctx.realtime.local(ctx, kind, ids);
}

export const publishIncidents = (ctx: Ctx, ids: number[]) => publish(ctx, 'incident', [...new Set(ids)]);
export const publishUnits = (ctx: Ctx, ids: number[]) => publish(ctx, 'units', [...new Set(ids)]);
export const publishPatrol = (ctx: Ctx, kind: 'patrol_plan' | 'patrol_checkin' | 'patrol_flag', ids: number[]) => publish(ctx, kind, ids);
/** Instructions sent or changed: their recipients' phones (topic mdt) on every node. */
export const publishInstructions = (ctx: Ctx, ids: number[]) => publish(ctx, 'instruction', [...new Set(ids)]);
/** The area tree changed (import, re-cut): every node reloads it and tells its browsers. */
export const publishAreas = (ctx: Ctx) => publish(ctx, 'areas', []);
/** The road network changed (import): every node rebuilds it on next use. */
export const publishRoads = (ctx: Ctx) => publish(ctx, 'roads', []);
