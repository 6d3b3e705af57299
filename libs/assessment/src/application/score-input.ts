/** Turns people's decimal scores ('18.5') into validated tenths, naming the field of each bad one. */
import { InvalidScoreError, parseTenths, Policy, ScoreError, validateItemScore, findItem } from '@app/policy';
import { ValidationError } from '../domain';

export function scoreToTenths(policy: Policy, itemKey: string, value: string | number, field = itemKey): number {
  if (!findItem(policy, itemKey)) throw new ValidationError(field, `unknown item "${itemKey}"`);
  try {
    const tenths = parseTenths(value, policy.scoreDecimals);
    validateItemScore(policy, itemKey, tenths);
    return tenths;
  } catch (e) {
    if (e instanceof InvalidScoreError || e instanceof ScoreError) throw new ValidationError(field, e.message);
    throw e;
  }
}

/** Every score converted; all the bad ones are named together in one ValidationError. */
export function scoresToTenths(policy: Policy, scores: Record<string, string | number>, field = 'scores'): Record<string, number> {
  const out: Record<string, number> = {};
  ValidationError.collect(...Object.entries(scores ?? {}).map(([k, v]) => () => (out[k] = scoreToTenths(policy, k, v, `${field}.${k}`))));
  return out;
}

export function allItemKeys(policy: Policy): string[] {
  return policy.parts.flatMap((p) => p.items.map((i) => i.key));
}
