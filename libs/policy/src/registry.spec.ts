import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PolicyValidationError } from './policy-schema';
import { loadPolicyRegistry, UnknownPolicyVersionError } from './registry';
import { POLICIES_DIR, readPolicyJson } from './testing/fixtures';

describe('PolicyRegistry', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policies-'));
    fs.copyFileSync(path.join(POLICIES_DIR, '2021-trial.json'), path.join(dir, '2021-trial.json'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function writeNewer(): void {
    const json = readPolicyJson();
    json.version = '2026-revised';
    json.effectiveFrom = '2025-03-01';
    json.excellentQuota.percent = 20;
    fs.writeFileSync(path.join(dir, '2026-revised.json'), JSON.stringify(json));
  }

  it('loads the shipped folder', () => {
    const reg = loadPolicyRegistry(POLICIES_DIR);
    expect(reg.versions()).toContain('2021-trial');
    expect(reg.get('2021-trial').title.zh).toContain('考核办法');
  });

  it('gives a clear error for an unknown version', () => {
    const reg = loadPolicyRegistry(dir);
    expect(() => reg.get('2030-final')).toThrow(UnknownPolicyVersionError);
    expect(() => reg.get('2030-final')).toThrow('unknown policy version "2030-final" (known: 2021-trial)');
  });

  it('a year keeps its stored version when a newer file is added', () => {
    const binding = loadPolicyRegistry(dir).bindYear(2025);
    expect(binding).toEqual({ year: 2025, policyVersion: '2021-trial' });

    writeNewer();
    const reg = loadPolicyRegistry(dir);
    expect(reg.latest().version).toBe('2026-revised');
    expect(reg.forYear(binding).version).toBe('2021-trial');
    expect(reg.forYear(binding).excellentQuota.percent).toBe(30);
    // A year bound afresh picks the newer rubric; an earlier year still gets the old one.
    expect(reg.bindYear(2025).policyVersion).toBe('2026-revised');
    expect(reg.bindYear(2024).policyVersion).toBe('2021-trial');
    expect(() => reg.bindYear(2020)).toThrow(/no policy is in force in 2020/);
  });

  it('refuses a file whose name differs from its version, and names the file of an invalid one', () => {
    const json = readPolicyJson();
    fs.writeFileSync(path.join(dir, 'other.json'), JSON.stringify(json));
    expect(() => loadPolicyRegistry(dir)).toThrow(/does not match the file name other.json/);
    fs.rmSync(path.join(dir, 'other.json'));
    json.version = 'broken';
    json.tieRule = 'none';
    fs.writeFileSync(path.join(dir, 'broken.json'), JSON.stringify(json));
    try {
      loadPolicyRegistry(dir);
      throw new Error('expected failure');
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyValidationError);
      expect((e as PolicyValidationError).source).toMatch(/broken\.json$/);
      expect((e as PolicyValidationError).problems[0].path).toBe('tieRule');
    }
  });
});
