// One kind of state machine for every workflow (incidents, tasks, patrol plans, reinforcement requests, fraud
// warnings, and every workflow added later): a table of state -> action -> next state, pure data, checked once.
// The server applies a transition under optimistic concurrency (apps/server/src/db/versioned.ts) and appends an event.

export type Table<S extends string, A extends string> = Readonly<Record<S, Readonly<Partial<Record<A, S>>>>>;

export type Transition<S extends string, A extends string> =
  | { ok: true; from: S; action: A; to: S }
  | { ok: false; from: S; action: A; allowed: A[] };

export interface Machine<S extends string, A extends string> {
  readonly name: string;
  readonly table: Table<S, A>;
  readonly states: readonly S[];
  readonly actions: readonly A[];
  /** The state an action leads to from `from`, or why not (with the actions that are allowed). */
  next(from: S, action: A): Transition<S, A>;
  can(from: S, action: A): boolean;
  allowed(from: S): A[];
  /** A state no action leaves. */
  isFinal(state: S): boolean;
}

/**
 * Define a machine from its table. Every state must be a row (a final state has an empty row) and every target a
 * state, so a typo fails at load time, not on the first user who reaches it.
 */
export function defineMachine<S extends string, A extends string>(name: string, table: Table<S, A>, actions: readonly A[]): Machine<S, A> {
  const states = Object.keys(table) as S[];
  for (const s of states) {
    for (const [a, to] of Object.entries(table[s]) as [A, S][]) {
      if (!actions.includes(a)) throw new Error(`${name}: unknown action ${a} in state ${s}`);
      if (!(to in table)) throw new Error(`${name}: ${s} --${a}--> ${to}, which is not a state`);
    }
  }
  const allowed = (from: S): A[] => (table[from] ? (Object.keys(table[from]) as A[]) : []);
  return {
    name,
    table,
    states,
    actions,
    next(from, action) {
      const to = table[from]?.[action];
      return to === undefined ? { ok: false, from, action, allowed: allowed(from) } : { ok: true, from, action, to };
    },
    can: (from, action) => table[from]?.[action] !== undefined,
    allowed,
    isFinal: (s) => allowed(s).length === 0,
  };
}

/** Every (from, action, to) edge of a machine, for documentation and tests. */
export function edges<S extends string, A extends string>(m: Machine<S, A>): { from: S; action: A; to: S }[] {
  const out: { from: S; action: A; to: S }[] = [];
  for (const from of m.states) for (const a of m.allowed(from)) out.push({ from, action: a, to: m.table[from][a]! });
  return out;
}
