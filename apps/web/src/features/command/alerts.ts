// The dispatcher's alerts (issue 14): a tone when a new call arrives and a different, insistent one for a grade-1
// call (WebAudio, no sound files), muted by a toggle remembered in localStorage; and the keyboard shortcuts.
import type { Incident } from '@jingwang/contracts';

export type Tone = 'new' | 'urgent';

/**
 * The calls that arrived since the last look: status `new` and not seen before. `seen` is updated. Returns the tone
 * to play (urgent if any is grade 1), or null. The first look (seen empty and `first`) only learns what is there.
 */
export function arrivals(seen: Set<number>, incidents: Iterable<Incident>, first: boolean): { tone: Tone | null; ids: number[] } {
  const ids: number[] = [];
  let urgent = false;
  for (const i of incidents) {
    if (seen.has(i.id)) continue;
    seen.add(i.id);
    if (first || i.status !== 'new') continue;
    ids.push(i.id);
    if (i.priority === 1) urgent = true;
  }
  return { tone: ids.length === 0 ? null : urgent ? 'urgent' : 'new', ids };
}

/** The notes of each tone: [frequency Hz, start s, length s]. New: two rising notes; urgent: three high pairs. */
export const TONES: Record<Tone, [number, number, number][]> = {
  new: [
    [660, 0, 0.15],
    [880, 0.18, 0.22],
  ],
  urgent: [
    [1175, 0, 0.12],
    [880, 0.14, 0.12],
    [1175, 0.32, 0.12],
    [880, 0.46, 0.12],
    [1175, 0.64, 0.12],
    [880, 0.78, 0.2],
  ],
};

let audio: AudioContext | null = null;

/** Plays a tone (silently nothing where WebAudio is missing or not yet allowed by the browser). */
export function playTone(tone: Tone): void {
  try {
    const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctor) return;
    audio ??= new Ctor();
    if (audio.state === 'suspended') void audio.resume();
    const t0 = audio.currentTime + 0.02;
    for (const [f, at, len] of TONES[tone]) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = tone === 'urgent' ? 'square' : 'sine';
      osc.frequency.value = f;
      gain.gain.setValueAtTime(0.0001, t0 + at);
      gain.gain.exponentialRampToValueAtTime(tone === 'urgent' ? 0.12 : 0.2, t0 + at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + at + len);
      osc.connect(gain).connect(audio.destination);
      osc.start(t0 + at);
      osc.stop(t0 + at + len + 0.02);
    }
  } catch {
    /* no sound is not an error */
  }
}

export type ShortcutAction = 'new' | 'dispatch' | 'next' | 'prev' | 'help';
export const SHORTCUTS: { key: string; action: ShortcutAction }[] = [
  { key: 'N', action: 'new' },
  { key: 'D', action: 'dispatch' },
  { key: 'J', action: 'next' },
  { key: 'K', action: 'prev' },
  { key: '?', action: 'help' },
];

/** The shortcut of a key press, or null: never while typing in a field or with Ctrl/Alt/Meta. */
export function shortcutOf(e: { key: string; ctrlKey: boolean; altKey: boolean; metaKey: boolean; target: EventTarget | null }): ShortcutAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  const el = e.target as (HTMLElement & { isContentEditable?: boolean }) | null;
  const tag = el?.tagName?.toLowerCase();
  if (tag === 'input' || tag === 'textarea' || tag === 'select' || el?.isContentEditable) return null;
  const k = e.key.length === 1 ? e.key.toUpperCase() : e.key;
  return SHORTCUTS.find((s) => s.key === k)?.action ?? null;
}

/** The next (+1) or previous (-1) incident of the queue after the selected one (wrapping; the first when none). */
export function stepQueue(queue: readonly { id: number }[], selectedId: number | null, dir: 1 | -1): number | null {
  if (queue.length === 0) return null;
  const at = selectedId === null ? -1 : queue.findIndex((i) => i.id === selectedId);
  if (at === -1) return queue[dir === 1 ? 0 : queue.length - 1]!.id;
  return queue[(at + dir + queue.length) % queue.length]!.id;
}
