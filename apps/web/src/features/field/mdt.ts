// The field terminal on the phone: its API calls, the pure rules of the dispatch card (which button comes next,
// route text) and the wake-up (a Web Audio beep and a vibration; no sound file).
import type { Disposition, MdtAckState, MdtAction, MdtAssignment, MdtPhoto, MdtRoute } from '@jingwang/contracts';
import { http } from '../../api/client';

export const mdtApi = {
  mine: (signal?: AbortSignal) => http.get<MdtAssignment[]>('/api/mdt/assignments', undefined, signal),
  ack: (id: number, idempotencyKey: string) => http.post<MdtAssignment>(`/api/mdt/assignments/${id}/ack`, { idempotencyKey }),
  status: (id: number, body: { action: MdtAction; version: number; note?: string; disposition?: Disposition }) => http.post<MdtAssignment>(`/api/mdt/assignments/${id}/status`, body),
  route: (id: number, signal?: AbortSignal) => http.get<MdtRoute>(`/api/mdt/assignments/${id}/route`, undefined, signal),
  contact: (id: number) => http.get<{ callerName: string | null; callerPhone: string | null }>(`/api/mdt/assignments/${id}/contact`),
  incidentAcks: (incidentId: number, signal?: AbortSignal) => http.get<MdtAckState[]>(`/api/incidents/${incidentId}/mdt`, undefined, signal),
  incidentPhotos: (incidentId: number, signal?: AbortSignal) => http.get<MdtPhoto[]>(`/api/incidents/${incidentId}/photos`, undefined, signal),
  /** A scene photo's bytes (every view audited). */
  photoUrl: (id: number) => `/api/mdt/photos/${id}`,
};

export type MdtStep = 'ack' | MdtAction | null;

/** The one button that matters now: 收到, then 出发, 到达, 处置完毕; null when the assignment is over. */
export function nextStep(a: Pick<MdtAssignment, 'ackedAt' | 'active'> & { incident: { status: string } }): MdtStep {
  if (!a.active) return null;
  if (a.ackedAt === null) return 'ack';
  switch (a.incident.status) {
    case 'new':
    case 'dispatched':
      return 'en_route';
    case 'en_route':
      return 'arrive';
    case 'on_scene':
      return 'resolve';
    default:
      return null;
  }
}

/** Merges an assignment heard on the socket or answered by the server: newest first, finished ones dropped. */
export function mergeAssignment(list: readonly MdtAssignment[], a: MdtAssignment): MdtAssignment[] {
  const rest = list.filter((x) => x.id !== a.id);
  if (!a.active) return rest;
  return [a, ...rest].sort((x, y) => Date.parse(y.dispatchedAt) - Date.parse(x.dispatchedAt) || y.id - x.id);
}

/** Is this message a dispatch the phone has not seen yet (time to wake the officer)? */
export function isNewDispatch(list: readonly MdtAssignment[], a: MdtAssignment): boolean {
  return a.active && a.ackedAt === null && !list.some((x) => x.id === a.id);
}

export function routeText(r: { seconds: number; meters: number }): { km: string; min: number } {
  return { km: (r.meters / 1000).toFixed(1), min: Math.max(1, Math.round(r.seconds / 60)) };
}

/** A short beep (Web Audio) and a vibration: the phone wakes on a new dispatch while the app is open. */
export function wake(): void {
  try {
    navigator.vibrate?.([300, 100, 300, 100, 300]);
  } catch {
    /* not supported */
  }
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ac = new Ctx();
    const beep = (at: number, freq: number) => {
      const o = ac.createOscillator();
      const g = ac.createGain();
      o.type = 'square';
      o.frequency.value = freq;
      g.gain.setValueAtTime(0.0001, ac.currentTime + at);
      g.gain.exponentialRampToValueAtTime(0.3, ac.currentTime + at + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, ac.currentTime + at + 0.25);
      o.connect(g).connect(ac.destination);
      o.start(ac.currentTime + at);
      o.stop(ac.currentTime + at + 0.3);
    };
    beep(0, 880);
    beep(0.35, 1175);
    beep(0.7, 880);
    setTimeout(() => void ac.close(), 1500);
  } catch {
    /* audio blocked until the user touched the page */
  }
}

/** An idempotency key for one acknowledgement (a retried request carries the same one). */
export const ackKey = (assignmentId: number): string => `ack-${assignmentId}-${Date.now().toString(36)}`;

/**
 * The assignment as the officer sees it with the actions still waiting in the outbox applied (an acknowledgement
 * or a status reported offline moves the card on at once; the server's answer replaces it when sent).
 */
export function withQueued(a: MdtAssignment, queued: readonly { kind: string; path: string; body: Record<string, unknown>; at: string }[]): MdtAssignment {
  let out = a;
  for (const q of queued) {
    if (!q.path.startsWith(`/api/mdt/assignments/${a.id}/`)) continue;
    if (q.kind === 'mdt_ack' && out.ackedAt === null) out = { ...out, ackedAt: q.at };
    if (q.kind === 'mdt_status') {
      const to = STATUS_AFTER[q.body.action as MdtAction];
      if (to) out = { ...out, ackedAt: out.ackedAt ?? q.at, incident: { ...out.incident, status: to } };
    }
  }
  return out;
}

const STATUS_AFTER: Record<MdtAction, MdtAssignment['incident']['status']> = { en_route: 'en_route', arrive: 'on_scene', resolve: 'resolved' };
