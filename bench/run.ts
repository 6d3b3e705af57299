/**
 * `npm run bench [-- --quick] [-- --stations N]`: every figure beside its raw baseline, measured in one run on
 * this machine; prints a table and writes bench/results/latest.json. Slow machines never fail it; a figure that
 * could not be measured does (exit 1).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { machine, stopEmbedded } from './support/bench-env';

interface Case {
  name: string;
  run: () => Promise<Record<string, number>>;
  /** [figure, its baseline, target description] rows to print as ratios. */
  ratios?: [string, string, string][];
}

function parseArgs(argv: string[]) {
  const quick = argv.includes('--quick');
  const i = argv.indexOf('--stations');
  const stations = i >= 0 ? Number(argv[i + 1]) : quick ? 600 : 20_000;
  if (!Number.isInteger(stations) || stations < 15) throw new Error('--stations must be a whole number ≥ 15');
  return { quick, stations };
}

async function main() {
  const { quick, stations } = parseArgs(process.argv.slice(2));
  const cases: Case[] = [
    {
      name: 'commands',
      run: () => require('./commands.bench').run({ stations: quick ? Math.min(stations, 600) : stations }),
      ratios: [
        ['submitHttpPerSecond', 'submitPgPerSecond', 'HTTP ≥ 0.6 × raw pg'],
        ['scoreHttpPerSecond', 'scorePgPerSecond', 'HTTP ≥ 0.6 × raw pg'],
      ],
    },
    { name: 'results', run: () => require('./policy.bench').run({ stations }) },
    {
      name: 'sweep-redis',
      run: () => require('./sweep.bench').run({ stations, backend: 'redis' }),
      ratios: [['inboxDeliveriesPerSec', 'bullmqProcessPerSec', 'inbox ≥ 5,000/s']],
    },
    {
      name: 'sweep-postgres',
      run: () => require('./sweep.bench').run({ stations: quick ? stations : Math.min(stations, 5000), backend: 'postgres' }),
      ratios: [['inboxDeliveriesPerSec', 'bullmqProcessPerSec', '—']],
    },
    {
      name: 'board',
      run: () => require('./board.bench').run({ stations }),
      ratios: [
        ['subdistrictBoardP99Ms', 'subdistrictAntiJoinP99Ms', 'board p95 ≤ 20 ms'],
        ['wholeBoardP99Ms', 'wholeAntiJoinP99Ms', '—'],
      ],
    },
  ];

  const results: Record<string, Record<string, number> | { error: string }> = {};
  let failed = false;
  for (const c of cases) {
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
        console.log(`${c.name}: ${fig} / ${base}`.padEnd(55) + `${(f[fig] / f[base]).toFixed(2)}   (target: ${target})`);
      }
    }
  }
  const out = { measuredAt: new Date().toISOString(), machine: machine(), args: { quick, stations }, results };
  const file = path.resolve(__dirname, '../../bench/results/latest.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  console.log(`\nwritten ${path.relative(process.cwd(), file)}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
