// Realtime fan-out. Services publish changes here; each WebSocket client gets the ones it subscribed to and may
// see (its scope and, optionally, an area it chose). Unit changes are merged by unit id and flushed at most every
// UNIT_FLUSH_MS, so a burst of positions reaches the browser as one message with the latest state per unit.
import { UNIT_FLUSH_MS, type Incident, type ServerMessage, type Topic, type Unit, type UnitMove } from '@jingwang/contracts';

export interface Subscriber {
  /** The login session behind the socket: logging out closes it. */
  sessionId: string | null;
  /** The logged-in user behind the socket (null: a gateway); messages of topic mdt go to named users only. */
  userId?: number | null;
  close(code: number, reason: string): void;
  /** Area ids this client may and wants to see; null = all. */
  visible: Set<number> | null;
  topics: Set<Topic>;
  send(msg: ServerMessage): void;
  /** Sends a message already serialised (unit flushes: each unit is serialised once, not once per client). */
  sendText?(text: string): void;
}

interface Entry {
  sub: Subscriber;
  /** Unit id -> the unit as JSON (serialised once per change, shared by every client). */
  pendingUnits: Map<number, string>;
  /** Unit id -> its newest position-only change, as JSON. */
  pendingMoves: Map<number, string>;
  timer: NodeJS.Timeout | null;
}

export class Hub {
  private readonly entries = new Set<Entry>();
  private readonly areaListeners = new Set<() => void>();
  constructor(private readonly flushMs = UNIT_FLUSH_MS) {}

  add(sub: Subscriber): () => void {
    const e: Entry = { sub, pendingUnits: new Map(), pendingMoves: new Map(), timer: null };
    this.entries.add(e);
    return () => {
      if (e.timer) clearTimeout(e.timer);
      this.entries.delete(e);
    };
  }

  size(): number {
    return this.entries.size;
  }

  /** Closes every socket so that browsers reconnect and resync over REST (after missed changes). */
  closeAll(code: number, reason: string): void {
    for (const e of [...this.entries]) e.sub.close(code, reason);
  }

  /** Closes every socket opened under a session (at logout). */
  closeSession(sessionId: string): void {
    for (const e of [...this.entries]) if (e.sub.sessionId === sessionId) e.sub.close(4401, 'logged out');
  }

  publishIncident(incident: Incident, areaIds: number[]): void {
    for (const e of this.entries) {
      if (!e.sub.topics.has('incidents')) continue;
      if (e.sub.visible && !areaIds.some((id) => e.sub.visible!.has(id))) continue;
      e.sub.send({ type: 'incident', incident });
    }
  }

  /** Patrol messages (check-ins, flags, plan changes) to subscribers of topic patrol who see one of `areaIds`. */
  publishPatrol(msg: Extract<ServerMessage, { type: 'patrol_checkin' | 'patrol_flag' | 'patrol_plan' }>, areaIds: number[]): void {
    for (const e of this.entries) {
      if (!e.sub.topics.has('patrol')) continue;
      if (e.sub.visible && !areaIds.some((id) => e.sub.visible!.has(id))) continue;
      e.sub.send(msg);
    }
  }

  /** Field-terminal messages to the sockets of these users (the unit's members) that subscribed to topic mdt. */
  publishToUsers(userIds: readonly number[], msg: Extract<ServerMessage, { type: 'mdt_assignment' | 'instruction' }>): void {
    if (userIds.length === 0) return;
    const users = new Set(userIds);
    for (const e of this.entries) {
      if (!e.sub.topics.has('mdt') || e.sub.userId == null || !users.has(e.sub.userId)) continue;
      e.sub.send(msg);
    }
  }

  /** `areaIds`: the unit's home area and its ancestors. */
  publishUnit(unit: Unit, areaIds: number[]): void {
    let json: string | null = null;
    for (const e of this.entries) {
      if (!e.sub.topics.has('units')) continue;
      if (e.sub.visible && !areaIds.some((id) => e.sub.visible!.has(id))) continue;
      e.pendingUnits.set(unit.id, (json ??= JSON.stringify(unit)));
      if (!e.timer) e.timer = setTimeout(() => this.flush(e), this.flushMs);
    }
  }

  /** A unit that only moved: a compact message (no DB read, a few dozen bytes), merged and flushed like units. */
  publishUnitMove(move: UnitMove, areaIds: number[]): void {
    let json: string | null = null;
    for (const e of this.entries) {
      if (!e.sub.topics.has('units')) continue;
      if (e.sub.visible && !areaIds.some((id) => e.sub.visible!.has(id))) continue;
      e.pendingMoves.set(move[0], (json ??= JSON.stringify(move)));
      if (!e.timer) e.timer = setTimeout(() => this.flush(e), this.flushMs);
    }
  }

  private flush(e: Entry): void {
    e.timer = null;
    if (e.pendingMoves.size > 0) {
      const moves = [...e.pendingMoves.values()];
      e.pendingMoves.clear();
      const text = `{"type":"unit_moves","moves":[${moves.join(',')}]}`;
      if (e.sub.sendText) e.sub.sendText(text);
      else e.sub.send({ type: 'unit_moves', moves: moves.map((m) => JSON.parse(m) as UnitMove) });
    }
    if (e.pendingUnits.size === 0) return;
    const units = [...e.pendingUnits.values()];
    e.pendingUnits.clear();
    const text = `{"type":"units","units":[${units.join(',')}]}`;
    if (e.sub.sendText) e.sub.sendText(text);
    else e.sub.send({ type: 'units', units: units.map((u) => JSON.parse(u) as Unit) });
  }

  onAreasChanged(fn: () => void): () => void {
    this.areaListeners.add(fn);
    return () => this.areaListeners.delete(fn);
  }
  publishAreasChanged(): void {
    for (const fn of this.areaListeners) fn();
  }

  close(): void {
    for (const e of this.entries) if (e.timer) clearTimeout(e.timer);
    this.entries.clear();
  }
}
