// The live picture of the command room: open incidents and units, fed by REST (resync) and the socket (changes).
// A tiny external store for React's useSyncExternalStore; snapshots are immutable.
import type { Incident, ServerMessage, Unit } from '@jingwang/contracts';
import { api } from './endpoints';
import { RealtimeClient, defaultWsUrl, type ConnState } from './realtime';
import { applyIncident, resyncIncidents } from '../lib/queue';
import { applyUnitUpdates, collectUnitUpdates, markStale, unitFromMove } from '../lib/units';

export interface LiveSnapshot {
  incidents: ReadonlyMap<number, Incident>;
  units: ReadonlyMap<number, Unit>;
  conn: ConnState;
  /** Latest version seen per incident id (any status), so open detail views know when to reload. */
  seen: ReadonlyMap<number, number>;
  /** Increments on every incident change: lets counters refresh. */
  incidentTick: number;
  syncedAt: number | null;
  syncError: unknown;
}

const UNIT_BATCH_MS = 250;
const FALLBACK_POLL_MS = 30000;

export class LiveStore {
  private snap: LiveSnapshot = {
    incidents: new Map(),
    units: new Map(),
    conn: { status: 'connecting', retryAt: null, attempt: 0 },
    seen: new Map(),
    incidentTick: 0,
    syncedAt: null,
    syncError: null,
  };
  private listeners = new Set<() => void>();
  private rt: RealtimeClient | null = null;
  private pendingUnits = new Map<number, Unit>();
  private unitTimer: ReturnType<typeof setTimeout> | null = null;
  private syncing: Promise<void> | null = null;
  private fallbackTimer: ReturnType<typeof setInterval> | null = null;
  private staleTimer: ReturnType<typeof setInterval> | null = null;
  private staleSeconds = 120;

  /** The server's stale threshold (GET /api/config). */
  setStaleSeconds(s: number): void {
    this.staleSeconds = s;
    this.ageUnits();
  }

  private ageUnits = (): void => {
    const units = markStale(this.snap.units, Date.now(), this.staleSeconds);
    if (units !== this.snap.units) this.set({ units });
  };

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  getSnapshot = (): LiveSnapshot => this.snap;

  private set(patch: Partial<LiveSnapshot>): void {
    this.snap = { ...this.snap, ...patch };
    for (const l of this.listeners) l();
  }

  start(): void {
    this.staleTimer ??= setInterval(this.ageUnits, 10_000);
    void this.resync();
    this.rt = new RealtimeClient({
      url: defaultWsUrl(),
      topics: ['incidents', 'units'],
      onMessage: (m) => this.onMessage(m),
      onState: (conn) => this.set({ conn }),
      onSubscribed: () => void this.resync(),
    });
    this.rt.start();
    // While the socket is down, keep the picture fresh over REST.
    this.fallbackTimer = setInterval(() => {
      if (this.snap.conn.status !== 'online') void this.resync();
    }, FALLBACK_POLL_MS);
  }

  stop(): void {
    if (this.staleTimer) clearInterval(this.staleTimer);
    this.staleTimer = null;
    this.rt?.stop();
    this.rt = null;
    if (this.fallbackTimer) clearInterval(this.fallbackTimer);
    this.fallbackTimer = null;
    if (this.unitTimer) clearTimeout(this.unitTimer);
    this.unitTimer = null;
  }

  reconnectNow(): void {
    this.rt?.reconnectNow();
  }

  /** Full reload of open incidents and units over REST (after connect / reconnect). */
  resync(): Promise<void> {
    if (this.syncing) return this.syncing;
    this.syncing = (async () => {
      try {
        const [list, units] = await Promise.all([api.openIncidents(), api.units()]);
        const incidents = resyncIncidents(this.snap.incidents, list.items);
        const unitMap = new Map<number, Unit>();
        for (const u of units) unitMap.set(u.id, u);
        // keep socket updates that arrived while the request was in flight if they are newer
        const merged = applyUnitUpdates(unitMap, this.pendingUnits.values());
        this.pendingUnits.clear();
        const seen = new Map(this.snap.seen);
        for (const i of incidents.values()) seen.set(i.id, Math.max(seen.get(i.id) ?? 0, i.version));
        this.set({
          incidents,
          units: merged,
          seen,
          syncedAt: Date.now(),
          syncError: null,
          incidentTick: this.snap.incidentTick + 1,
        });
      } catch (e) {
        this.set({ syncError: e });
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  async refreshUnits(): Promise<void> {
    const units = await api.units();
    const m = new Map<number, Unit>();
    for (const u of units) m.set(u.id, u);
    this.set({ units: m });
  }

  /** Apply an incident row we got back from our own action, without waiting for the socket. */
  upsertIncident(i: Incident): void {
    const incidents = applyIncident(this.snap.incidents, i);
    const seen = new Map(this.snap.seen);
    seen.set(i.id, Math.max(seen.get(i.id) ?? 0, i.version));
    this.set({ incidents, seen, incidentTick: this.snap.incidentTick + 1 });
  }

  private onMessage(m: ServerMessage): void {
    switch (m.type) {
      case 'incident':
        this.upsertIncident(m.incident);
        break;
      case 'units':
        collectUnitUpdates(this.pendingUnits, m.units);
        if (!this.unitTimer) this.unitTimer = setTimeout(this.flushUnits, UNIT_BATCH_MS);
        break;
      case 'unit_moves':
        for (const move of m.moves) {
          const u = unitFromMove(this.pendingUnits.get(move[0]) ?? this.snap.units.get(move[0]), move);
          if (u) this.pendingUnits.set(u.id, u);
        }
        if (!this.unitTimer) this.unitTimer = setTimeout(this.flushUnits, UNIT_BATCH_MS);
        break;
      default:
        break;
    }
  }

  private flushUnits = (): void => {
    this.unitTimer = null;
    if (!this.pendingUnits.size) return;
    const units = applyUnitUpdates(this.snap.units, this.pendingUnits.values());
    this.pendingUnits.clear();
    if (units !== this.snap.units) this.set({ units });
  };
}
