/**
 * All policy versions known to a deployment. A year is bound to one version when its assessment starts and
 * stores that version string; it resolves the same version ever after, so adding a newer rubric file never
 * re-scores a past year.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Policy } from './policy';
import { parsePolicy, PolicyValidationError } from './policy-schema';

export class UnknownPolicyVersionError extends Error {
  constructor(
    readonly version: string,
    readonly known: string[],
  ) {
    super(`unknown policy version "${version}" (known: ${known.length ? known.join(', ') : 'none'})`);
    this.name = 'UnknownPolicyVersionError';
  }
}

/** What an assessment year stores: the version it was bound to. */
export interface YearPolicyBinding {
  year: number;
  policyVersion: string;
}

export class PolicyRegistry {
  private readonly byVersion = new Map<string, Policy>();

  constructor(policies: Policy[]) {
    for (const p of policies) {
      if (this.byVersion.has(p.version)) throw new Error(`policy version "${p.version}" is defined twice`);
      this.byVersion.set(p.version, p);
    }
  }

  versions(): string[] {
    return [...this.byVersion.keys()].sort();
  }

  get(version: string): Policy {
    const p = this.byVersion.get(version);
    if (!p) throw new UnknownPolicyVersionError(version, this.versions());
    return p;
  }

  /** The newest version by effectiveFrom (then by version string, so the answer is deterministic). */
  latest(): Policy {
    const all = [...this.byVersion.values()].sort(byEffective);
    if (all.length === 0) throw new UnknownPolicyVersionError('(latest)', []);
    return all[all.length - 1];
  }

  /**
   * The version a new assessment year should be bound to: the newest one in force by 31 December of that
   * year (the year-end assessment happens then). Call once and store the result; afterwards use forYear().
   */
  bindYear(year: number): YearPolicyBinding {
    const yearEnd = `${String(year).padStart(4, '0')}-12-31`;
    const inForce = [...this.byVersion.values()].filter((p) => p.effectiveFrom <= yearEnd).sort(byEffective);
    if (inForce.length === 0) throw new Error(`no policy is in force in ${year} (earliest: ${this.versions().join(', ') || 'none'})`);
    return { year, policyVersion: inForce[inForce.length - 1].version };
  }

  /** The stored version of a year, never a newer one. */
  forYear(binding: YearPolicyBinding): Policy {
    return this.get(binding.policyVersion);
  }
}

function byEffective(a: Policy, b: Policy): number {
  if (a.effectiveFrom !== b.effectiveFrom) return a.effectiveFrom < b.effectiveFrom ? -1 : 1;
  return a.version < b.version ? -1 : a.version > b.version ? 1 : 0;
}

/**
 * Load every `*.json` in a folder (but `*.schema.json`, the published JSON Schema). A file must be named after its version (`2021-trial.json`), so an admin
 * finds a version's file by its name. Invalid files fail loudly with the file and every problem.
 */
export function loadPolicyRegistry(dir: string): PolicyRegistry {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
  const policies: Policy[] = [];
  for (const file of files) {
    const full = path.join(dir, file);
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(full, 'utf8'));
    } catch (e) {
      throw new PolicyValidationError([{ path: '', problem: `not valid JSON: ${(e as Error).message}` }], full);
    }
    const policy = parsePolicy(json, full);
    if (`${policy.version}.json` !== file) {
      throw new PolicyValidationError([{ path: 'version', problem: `"${policy.version}" does not match the file name ${file}` }], full);
    }
    policies.push(policy);
  }
  return new PolicyRegistry(policies);
}
