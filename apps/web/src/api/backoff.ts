/**
 * Reconnect delay for attempt n (0-based): exponential from `base`, capped at `max`, with +-20 % jitter
 * so that many consoles do not reconnect in lockstep after a server restart. `rand` in [0, 1).
 */
export function backoffDelay(attempt: number, rand: number, base = 1000, max = 30000): number {
  const exp = Math.min(max, base * 2 ** Math.max(0, Math.min(attempt, 20)));
  const jitter = 0.8 + 0.4 * rand;
  return Math.round(Math.min(max, exp * jitter));
}
