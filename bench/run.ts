/**
 * `npm run bench [-- --quick] [-- --stations N]`: every figure beside its raw baseline, measured in one run on
 * this machine; prints a table and writes bench/results/latest.json. Slow machines never fail it; a figure that
 * could not be measured does (exit 1).
 *
 * `npm run bench -- --growth [--sizes 20000,60000,200000,600000]`: the same cases at each size in turn, each size in
 * a process of its own (its peak memory is its own), the HTTP phases (commands) only up to 60,000 stations; writes
 * bench/results/growth.json after every size (a run cut short keeps what it measured) and draws
 * bench/results/growth.svg (growth.ts). `--http-max N` moves that bound (0: no HTTP phase at any size).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { machine, stopEmbedded } from './support/bench-env';
import { drawGrowth, GrowthFile } from './growth';

const RESULTS = path.resolve(__dirname, '../../bench/results');
/** Above this many stations the HTTP phases (commands over HTTP beside raw pg) are skipped: hours at 600,000. */
const HTTP_MAX_STATIONS = 60_000;

interface Case {
  name: string;
  run: () => Promise<Record<string, number>>;
  /** Not run at this size (the HTTP phases above HTTP_MAX_STATIONS). */
  skip?: boolean;
  /** [figure, its baseline, target description] rows to print as ratios. */
  ratios?: [string, string, string][];
}

function parseArgs(argv: string[]) {
  const quick = argv.includes('--quick');
  const value = (flag: string) => (argv.indexOf(flag) >= 0 ? argv[argv.indexOf(flag) + 1] : undefined);
  const stations = value('--stations') !== undefined ? Number(value('--stations')) : quick ? 600 : 20_000;
  if (!Number.isInteger(stations) || stations < 15) throw new Error('--stations must be a whole number ≥ 15');
  const sizes = (value('--sizes') ?? '20000,60000,200000,600000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 15)) throw new Error('--sizes must be whole numbers ≥ 15, comma-separated');
  const httpMax = value('--http-max') !== undefined ? Number(value('--http-max')) : HTTP_MAX_STATIONS;
  if (!Number.isInteger(httpMax) || httpMax < 0) throw new Error('--http-max must be a whole number ≥ 0');
  return { quick, stations, growth: argv.includes('--growth'), sizes, out: value('--out'), httpMax };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.growth) return growth(args.sizes, args.httpMax);
  const { quick, stations } = args;
  const http = stations <= args.httpMax;
  const cases: Case[] = [
    {
      name: 'commands',
      skip: !http,
      run: () => require('./commands.bench').run({ stations: quick ? Math.min(stations, 600) : stations }),
      ratios: [
        ['submitHttpPerSecond', 'submitPgPerSecond', 'HTTP ≥ 0.6 × raw pg'],
        ['scoreHttpPerSecond', 'scorePgPerSecond', 'HTTP ≥ 0.6 × raw pg'],
        // the same comparison in CPU: what the rate ratio would be if nothing else ran on the cores
        ['submitPgCpuMs', 'submitHttpCpuMs', 'CPU ms per command, raw pg ÷ HTTP (all processes)'],
        ['scorePgCpuMs', 'scoreHttpCpuMs', 'CPU ms per command, raw pg ÷ HTTP (all processes)'],
      ],
    },
    {
      name: 'processes',
      skip: !http,
      // 1 API + 1 worker, then 2 + 2, each on a fresh database (at most 5,000 stations: two data sets and six processes)
      run: () => require('./processes.bench').run({ stations: Math.min(stations, quick ? 600 : 5000) }),
      ratios: [
        ['commandsPerSecond_2x2', 'commandsPerSecond_1x1', '2 + 2 processes beside 1 + 1 (2 cores: no gain expected)'],
        ['deliveriesPerSecond_2x2', 'deliveriesPerSecond_1x1', '2 + 2 processes beside 1 + 1'],
      ],
    },
    { name: 'results', run: () => require('./policy.bench').run({ stations }) },
    {
      name: 'rebuild',
      // a year's 19 events per station, at most 2 million events (the largest sizes: fewer months per station)
      run: () => require('./rebuild.bench').run({ stations, maxEvents: 2_000_000 }),
      ratios: [['rebuildEventsPerSecond', 'readEventsPerSecond', 'rebuild ≥ 20,000 events/s']],
    },
    {
      name: 'sweep-redis',
      run: () => require('./sweep.bench').run({ stations, backend: 'redis' }),
      ratios: [['inboxDeliveriesPerSec', 'bullmqProcessPerSec', 'inbox ≥ 20,000/s']],
    },
    {
      name: 'sweep-postgres',
      skip: !http,
      run: () => require('./sweep.bench').run({ stations: quick ? stations : Math.min(stations, 5000), backend: 'postgres' }),
      ratios: [['inboxDeliveriesPerSec', 'bullmqProcessPerSec', '—']],
    },
    {
      name: 'board',
      run: () => require('./board.bench').run({ stations }),
      ratios: [
        ['subdistrictBoardP99Ms', 'subdistrictAntiJoinP99Ms', 'board p95 ≤ 20 ms'],
        ['overviewServedP99Ms', 'wholeAntiJoinP99Ms', 'whole set as served (overview: kept totals + a page) ≤ 50 ms, flat'],
        ['overviewExactP99Ms', 'wholeAntiJoinP99Ms', 'whole set with the totals summed per request: grows with subdistricts'],
        ['wholeBoardP99Ms', 'wholeAntiJoinP99Ms', 'full listing (every station’s row): no target'],
      ],
    },
    { name: 'console', skip: !http, run: () => require('./console.bench').run({ quick }) },
  ];

  const results: Record<string, Record<string, number> | { error: string }> = {};
  let failed = false;
  for (const c of cases) {
    if (c.skip) continue;
    const started = Date.now();
    process.stdout.write(`▶ ${c.name} … `);
    try {
      results[c.name] = await c.run();
      console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (e) {
      failed = true;
      results[c.name] = { error: (e as Error).message };
      console.log(`NOT MEASURED: ${(e as Error).message}`);
    }
  }
  await stopEmbedded();

  console.log('\nfigure'.padEnd(56) + 'value');
  for (const [name, figures] of Object.entries(results)) {
    for (const [k, v] of Object.entries(figures)) console.log(`${name}.${k}`.padEnd(55) + String(v));
  }
  console.log('\nratios to the baseline measured in the same run');
  for (const c of cases) {
    const f = results[c.name] as Record<string, number>;
    for (const [fig, base, target] of c.ratios ?? []) {
      if (f && typeof f[fig] === 'number' && typeof f[base] === 'number') {
        console.log(`${c.name}: ${fig} / ${base}`.padEnd(62) + `${(f[fig] / f[base]).toFixed(2)}   (target: ${target})`);
      }
    }
  }
  const out = { measuredAt: new Date().toISOString(), machine: machine(), args: { quick, stations }, results, peakRssMiB: peakRssMiB() };
  const file = args.out ? path.resolve(args.out) : path.join(RESULTS, 'latest.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  console.log(`\nwritten ${path.relative(process.cwd(), file)}`);
  process.exit(failed ? 1 : 0);
}

/** This process's peak resident set (VmHWM), MiB. */
function peakRssMiB(): number {
  const kb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

/** Every size in a child process of its own; growth.json rewritten after each, the chart drawn from it. */
function growth(sizes: number[], httpMax: number): void {
  const file = path.join(RESULTS, 'growth.json');
  const out: GrowthFile = { measuredAt: new Date().toISOString(), machine: machine(), httpMaxStations: httpMax, sizes: [] };
  fs.mkdirSync(RESULTS, { recursive: true });
  let failed = false;
  for (const stations of sizes) {
    const tmp = path.join(RESULTS, `growth-${stations}.tmp.json`);
    const started = Date.now();
    console.log(`\n■ ${stations} stations`);
    const r = spawnSync(process.execPath, [__filename, '--stations', String(stations), '--out', tmp, '--http-max', String(httpMax)], { stdio: 'inherit' });
    const measured = fs.existsSync(tmp) ? JSON.parse(fs.readFileSync(tmp, 'utf8')) : undefined;
    fs.rmSync(tmp, { force: true });
    if (r.status !== 0) failed = true;
    out.sizes.push({ stations, seconds: Math.round((Date.now() - started) / 1000), exitCode: r.status, peakRssMiB: measured?.peakRssMiB, results: measured?.results ?? {} });
    out.measuredAt = new Date().toISOString();
    fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
    fs.writeFileSync(path.join(RESULTS, 'growth.svg'), drawGrowth(out));
    console.log(`written ${path.relative(process.cwd(), file)} and growth.svg (${out.sizes.length} of ${sizes.length} sizes)`);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
