// Reloading a panel on the live store's change signals (e.g. incidentTick, which counts every incident message of
// the whole command room) without starving it. The earlier pattern - each signal clears the pending timer and aborts
// the request in flight - never finished a load on a busy screen (signals closer together than a request's time),
// so the panel stayed as it was. Here:
// - a signal schedules one load `wait` ms later; more signals meanwhile join it;
// - a load in flight is never cut off by a signal: one more load follows it when it ends;
// - one load at a time, so answers are applied in the order they were asked for.
import { realTimers, type Timers } from './dispatch';

export interface Reloader {
  /** Something changed: load again soon. */
  signal(): void;
  /** Load now (when nothing is in flight; otherwise as soon as it ends). */
  now(): void;
  /** No more loads or answers (the panel is gone, or shows something else). */
  stop(): void;
}

export function reloader<T>(load: () => Promise<T>, apply: (v: T) => void, wait: number, timers: Timers = realTimers): Reloader {
  let handle: unknown = null;
  let inFlight = false;
  let again = false;
  let stopped = false;
  const run = () => {
    handle = null;
    if (stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    load()
      .then(
        (v) => {
          if (!stopped) apply(v);
        },
        () => {},
      )
      .finally(() => {
        inFlight = false;
        if (again && !stopped) {
          again = false;
          signal();
        }
      });
  };
  const signal = () => {
    if (stopped || handle !== null) return;
    if (inFlight) {
      again = true;
      return;
    }
    handle = timers.setTimeout(run, wait);
  };
  return {
    signal,
    now: run,
    stop() {
      stopped = true;
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
  };
}
