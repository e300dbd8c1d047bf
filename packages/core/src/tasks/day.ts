// The one definition of "a day's tasks" and their counts, used by every screen: the officer's checklist (作战小屏),
// the station screen's rows (所屏) and the drawer opened from a row, and the big screen's figures of the day.
//
// A task (occurrence) belongs to the local day [from, to) when it is not cancelled, has opened by the day's end, and
//   - it is not done and is due after the day starts (open during the day: due today, or later for a weekly or
//     monthly task), or
//   - it was done during the day (done early, on time or late: a task completed today counts for today), or
//   - it was done after the day started and is due after it (a weekly task is on the list of every day of its period
//     up to the day it is done, not after).
// A task of an earlier day still not done is the backlog (overdue, cards), not part of the day.
// The server's SQL (`apps/server/src/modules/tasks/repo/screens.ts`, `ofDaySql`) is this predicate; its tests
// recompute the screens' counts with these functions from the rows.

export interface DayTask {
  status: 'open' | 'overdue' | 'done' | 'cancelled';
  periodStart: number;
  dueAt: number;
  doneAt: number | null;
  late: boolean;
  supervision?: 'none' | 'reminder' | 'yellow' | 'red' | null;
}

export function isTaskOfDay(t: DayTask, from: number, to: number): boolean {
  if (t.status === 'cancelled' || !(t.periodStart < to)) return false;
  if (t.doneAt !== null && t.doneAt < from) return false;
  return t.dueAt > from || (t.doneAt !== null && t.doneAt < to);
}

export interface DayCounts {
  /** Tasks of the day (the denominator of "done / total"). */
  total: number;
  done: number;
  onTime: number;
  late: number;
  open: number;
  overdue: number;
  yellow: number;
  red: number;
}

/** Counts of the tasks of the day among `tasks` (those not of the day are ignored). */
export function dayCounts(tasks: readonly DayTask[], from: number, to: number): DayCounts {
  const c: DayCounts = { total: 0, done: 0, onTime: 0, late: 0, open: 0, overdue: 0, yellow: 0, red: 0 };
  for (const t of tasks) {
    if (!isTaskOfDay(t, from, to)) continue;
    c.total++;
    if (t.status === 'done') {
      c.done++;
      if (t.late) c.late++;
      else c.onTime++;
    } else if (t.status === 'overdue') c.overdue++;
    else c.open++;
    if (t.supervision === 'yellow') c.yellow++;
    if (t.supervision === 'red') c.red++;
  }
  return c;
}
