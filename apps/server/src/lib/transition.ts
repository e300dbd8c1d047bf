// Apply a workflow's state machine (packages/core/src/workflow) on the server: a refused transition is a 409
// INVALID_TRANSITION naming the state, the action and the actions that are allowed.
import type { Machine } from '@jingwang/core';
import { AppError } from './errors';

export function transition<S extends string, A extends string>(m: Machine<S, A>, from: S, action: A, message?: string): S {
  const r = m.next(from, action);
  if (!r.ok) throw new AppError('INVALID_TRANSITION', message ?? `${m.name}: ${action} is not allowed in state ${from}`, { from, action, allowed: r.allowed });
  return r.to;
}
