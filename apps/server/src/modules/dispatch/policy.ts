// The response policy, as data: run cards (which incident categories need how many units of which types), the
// 1/3/5-minute tiers and the echelon escalation rule. The defaults live with the engine that applies them
// (packages/core/src/dispatch: DEFAULT_RESPONSE_POLICY, keyed by the incident categories of @jingwang/contracts);
// the deployment sets how old a position may be before a unit is left out.
import { DEFAULT_RESPONSE_POLICY, type ResponsePolicy } from '@jingwang/core';

export function responsePolicy(staleAfterSeconds: number): ResponsePolicy {
  return { ...DEFAULT_RESPONSE_POLICY, staleAfterSeconds, maxCandidates: 12 };
}
