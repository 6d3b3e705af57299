/**
 * The layer rules of .dependency-cruiser.js hold for the repository, and they bite: the same rules run on
 * test/architecture/fixtures (a domain file importing Nest, a lib importing an app, a controller with SQL, an app
 * importing another app) must report exactly those violations. Controllers and command handlers are also scanned
 * for SQL calls (`.query(`), which a dependency graph cannot see through an injected object.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(__dirname, 'fixtures');
const DEPCRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation { rule: { name: string }; from: string; to: string }

function cruise(cwd: string, config: string, targets: string[]): Violation[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [DEPCRUISE, '--config', config, '--output-type', 'json', ...targets], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (e) {
    // depcruise exits non-zero when it finds violations; its JSON is on stdout all the same
    out = (e as { stdout?: string }).stdout ?? '';
    if (!out) throw e;
  }
  return JSON.parse(out).summary.violations;
}

function filesUnder(dir: string, suffix: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && suffix.test(d.name))
    .map((d) => path.join(d.parentPath ?? (d as any).path, d.name))
    .filter((f) => !f.includes(`${path.sep}node_modules${path.sep}`) && !f.includes(`${path.sep}fixtures${path.sep}`));
}

/** Files among `files` that call `.query(` (SQL straight on a connection). */
const withSql = (files: string[]) => files.filter((f) => /\.query\s*\(/.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));

describe('layers (dependency-cruiser)', () => {
  it('the repository breaks no rule', () => {
    const violations = cruise(ROOT, '.dependency-cruiser.js', ['apps', 'libs']);
    expect(violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it('each rule bites on a deliberate violation', () => {
    const violations = cruise(FIXTURES, '.dependency-cruiser.js', ['apps', 'libs']);
    const found = violations.map((v) => [v.rule.name, v.from, v.to.replace(/^.*node_modules\/([^/]+)\/.*$/, '$1')]).sort();
    expect(found).toEqual([
      ['apps-do-not-import-apps', 'apps/api/src/orders.controller.ts', 'apps/worker/src/worker-thing.ts'],
      ['domain-is-pure', 'libs/shop/src/domain/order.ts', '@nestjs'],
      ['libs-never-import-apps', 'libs/shop/src/domain/order.ts', 'apps/web/src/web-thing.ts'],
      ['no-sql-in-controllers-and-handlers', 'apps/api/src/orders.controller.ts', 'typeorm'],
    ]);
  });
});

describe('no SQL in controllers and command handlers', () => {
  it('none calls .query(', () => {
    expect(withSql([...filesUnder(path.join(ROOT, 'apps'), /\.controller\.ts$/), ...filesUnder(path.join(ROOT, 'libs'), /\.handler\.ts$/)])).toEqual([]);
  });

  it('the scan finds the fixture controller’s SQL', () => {
    expect(withSql([path.join(FIXTURES, 'apps/api/src/orders.controller.ts')])).toEqual(['test/architecture/fixtures/apps/api/src/orders.controller.ts']);
  });
});
