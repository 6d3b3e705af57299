/**
 * Policy engine benchmark: N stations (default 20,000) in subdistricts of ~15, timing scoring + ranking +
 * grading + bonus (+ award lists) for all of them. Input generation is excluded from the timing.
 * Standalone: `npm run build && node dist/bench/policy.bench.js [stations]`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { computeYearResult, loadPolicyRegistry, type Policy, type StationInput } from '../libs/policy/src';

/** Deterministic PRNG (mulberry32) so runs are comparable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function findPoliciesDir(): string {
  const candidates = [
    path.resolve(process.cwd(), 'config/policies'),
    path.resolve(__dirname, '../config/policies'),
    path.resolve(__dirname, '../../config/policies'),
  ];
  const found = candidates.find((d) => fs.existsSync(d));
  if (!found) throw new Error(`config/policies not found (looked in ${candidates.join(', ')})`);
  return found;
}

function generate(policy: Policy, stations: number, seed = 2021): StationInput[][] {
  const rand = rng(seed);
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const levels = ['district', 'city', 'province', 'national'] as const;
  const subdistricts: StationInput[][] = [];
  let made = 0;
  while (made < stations) {
    const size = Math.min(stations - made, int(12, 18));
    const list: StationInput[] = [];
    for (let i = 0; i < size; i++, made++) {
      const id = `S${made}`;
      const kind = rand() < 0.5 ? 'independent' : 'regional';
      const itemScores: Record<string, number> = {};
      // Mostly high scores, as in practice (deductions from max), so quotas and ties matter.
      for (const part of policy.parts) for (const it of part.items) itemScores[it.key] = Math.max(0, it.maxTenths - int(0, Math.ceil(it.maxTenths * 0.35)));
      const recognitions = Array.from({ length: int(0, 3) }, (_, k) => ({ id: `${id}-r${k}`, level: levels[int(0, 3)], verified: rand() < 0.8 }));
      const staff = Array.from({ length: int(2, 8) }, (_, k) => ({
        staffId: `${id}-p${k}`,
        name: `人员${k}`,
        role: k === 0 ? ('head' as const) : ('staff' as const),
        ...(kind === 'independent' && rand() < 0.05 ? { gradeOverride: { grade: 'unqualified' as const, reason: '个人年度考核不合格' } } : {}),
      }));
      list.push({ stationId: id, name: `站所${made}`, kind, departmentId: `D${int(1, 8)}`, itemScores, recognitions, staff });
    }
    subdistricts.push(list);
  }
  return subdistricts;
}

export async function run(opts: { stations: number } = { stations: 20_000 }): Promise<Record<string, number>> {
  const policy = loadPolicyRegistry(findPoliciesDir()).get('2021-trial');
  const t0 = performance.now();
  const subdistricts = generate(policy, opts.stations);
  const t1 = performance.now();
  // Warm-up on one subdistrict so JIT compilation is not billed to the measured pass.
  computeYearResult(policy, { stations: subdistricts[0] });
  // Three measured passes: the machine is shared, so report the first, the best and the median.
  const passes: number[] = [];
  let budgetYuan = 0;
  let persons = 0;
  let excellent = 0;
  for (let pass = 0; pass < 3; pass++) {
    budgetYuan = persons = excellent = 0;
    const start = performance.now();
    for (const stations of subdistricts) {
      const r = computeYearResult(policy, { stations });
      budgetYuan += r.budget.totalYuan;
      for (const s of r.stations) {
        persons += s.staff.length;
        if (s.grade === 'excellent') excellent++;
      }
    }
    passes.push(performance.now() - start);
  }
  const sorted = [...passes].sort((a, b) => a - b);
  const result = {
    stations: opts.stations,
    subdistricts: subdistricts.length,
    persons,
    excellentStations: excellent,
    budgetYuan,
    generateMs: round(t1 - t0),
    computeMs: round(passes[0]),
    bestMs: round(sorted[0]),
    medianMs: round(sorted[1]),
    usPerStation: round((sorted[1] * 1000) / Math.max(1, opts.stations)),
  };
  console.log(
    `policy bench: ${result.stations} stations in ${result.subdistricts} subdistricts (${persons} persons): ` +
      `score+grade+bonus+awards first ${result.computeMs} ms, median ${result.medianMs} ms, best ${result.bestMs} ms ` +
      `(${result.usPerStation} µs/station); generate ${result.generateMs} ms`,
  );
  return result;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? 20_000);
  run({ stations: Number.isSafeInteger(n) && n > 0 ? n : 20_000 }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
