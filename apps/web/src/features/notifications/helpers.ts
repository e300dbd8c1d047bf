// Pure helpers of the notifications bell: how long ago, which links stay in the app, marking read. No DOM, no
// React: tested by helpers.test.ts.
import type { Notification } from '@jingwang/contracts';

/** How often the bell asks for news (there is no WebSocket topic for notifications). */
export const POLL_MS = 60_000;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A notification's time for the list: "刚刚" under a minute, "N 分钟前" under an hour, "N 小时前" the same day and up
 * to 12 hours, then "MM-DD HH:mm" (with the year when another year).
 */
export function timeAgo(iso: string, now: number, lang: 'zh' | 'en' = 'zh'): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const s = Math.max(0, (now - t) / 1000);
  if (s < 60) return lang === 'zh' ? '刚刚' : 'just now';
  if (s < 3600) {
    const m = Math.floor(s / 60);
    return lang === 'zh' ? `${m} 分钟前` : `${m} min ago`;
  }
  const d = new Date(t);
  const n = new Date(now);
  if (s < 12 * 3600 && d.toDateString() === n.toDateString()) {
    const h = Math.floor(s / 3600);
    return lang === 'zh' ? `${h} 小时前` : `${h} h ago`;
  }
  const md = `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.getFullYear() === n.getFullYear() ? md : `${d.getFullYear()}-${md}`;
}

/** A link that opens inside the app (a path like /reports/12), not another site. */
export function inAppLink(link: string | null | undefined): string | null {
  if (!link || !link.startsWith('/') || link.startsWith('//') || link.startsWith('/\\')) return null;
  return link;
}

/** The list with one notification marked read (at `at`), unchanged when it already is. */
export function markRead<T extends Pick<Notification, 'id' | 'readAt'>>(list: readonly T[], id: number, at: string): T[] {
  return list.map((n) => (n.id === id && !n.readAt ? { ...n, readAt: at } : n));
}

/** The list with every notification read. */
export function markAllRead<T extends Pick<Notification, 'readAt'>>(list: readonly T[], at: string): T[] {
  return list.map((n) => (n.readAt ? n : { ...n, readAt: at }));
}

/** Unread notifications in a list. */
export function unreadOf(list: readonly Pick<Notification, 'readAt'>[]): number {
  return list.reduce((n, x) => n + (x.readAt ? 0 : 1), 0);
}
