/**
 * Where an api profile's samples went (bench/results/api-profile.md): `node dist/bench/support/profile-summary.js
 * <file.cpuprofile>` attributes each sample of the HTTP phase (from the first to the last sample serving a request
 * through express's router) to the innermost frame of a known library, and lists the busiest functions (TOP=n).
 */
import { readFileSync } from 'node:fs';

interface Frame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: Frame; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }

const CATEGORIES: [string, RegExp | ((f: Frame) => boolean)][] = [
  ['idle', (f) => f.functionName === '(idle)' || f.functionName === '(program)'],
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  ['pg client', /node_modules\/(pg|pg-protocol|pg-types|pg-pool|postgres-)\//],
  ['typeorm', /node_modules\/typeorm/],
  ['throttling', /throttler|ioredis|redis-parser|rate-limit|request-allowance/],
  ['logging', /pino/],
  ['multipart', /multer|busboy|streamsearch|upload\.interceptor/],
  ['helmet', /helmet|security-headers/],
  ['validation', /class-validator|class-transformer|validator\//],
  ['auth', /jsonwebtoken|jws|jwa|@nestjs\/jwt|libs\/auth|actor-resolver|access\.guard/],
  ['framework', /@nestjs|express|rxjs|body-parser|router|raw-body|iconv|finalhandler|on-finished|type-is|qs\//],
  ['our code', /xstate|dist[^/]*\/(libs|apps)\//],
  ['node http/net', /^node:(_http|http|net|stream|_stream|internal\/(stream|http|net|js_stream))/],
];

export function summarise(profile: Profile): { busyMs: number; byCategory: Record<string, number>; top: [string, number][] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frames = (id: number) => {
    const out: Frame[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) out.push(byId.get(cur)!.callFrame);
    return out;
  };
  const matches = (test: RegExp | ((f: Frame) => boolean), f: Frame) => (typeof test === 'function' ? test(f) : test.test(f.url));
  const category = new Map<number, string>();
  const categoryOf = (id: number) => {
    if (!category.has(id)) {
      const found = frames(id).map((f) => CATEGORIES.find(([, test]) => matches(test, f))?.[0]).find(Boolean);
      category.set(id, found ?? 'other');
    }
    return category.get(id)!;
  };
  // the HTTP phase: first to last sample with express's router on the stack
  const times: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d));
  const serving = profile.samples.map((id) => frames(id).some((f) => /router\/index\.js/.test(f.url)));
  const first = serving.indexOf(true);
  const last = serving.lastIndexOf(true);
  const byCategory: Record<string, number> = {};
  const self = new Map<string, number>();
  let busyMs = 0;
  for (let i = Math.max(first, 0); i <= last; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const c = categoryOf(profile.samples[i]);
    byCategory[c] = (byCategory[c] ?? 0) + ms;
    if (c !== 'idle') busyMs += ms;
    const f = byId.get(profile.samples[i])!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/.*node_modules\//, '')}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + ms);
  }
  return { busyMs, byCategory, top: [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 30)) };
}

if (require.main === module) {
  const { busyMs, byCategory, top } = summarise(JSON.parse(readFileSync(process.argv[2], 'utf8')));
  console.log(`busy ${busyMs.toFixed(0)} ms`);
  for (const [k, ms] of Object.entries(byCategory).sort((a, b) => b[1] - a[1])) {
    console.log(`${k.padEnd(20)} ${ms.toFixed(0).padStart(7)} ms ${k === 'idle' ? '' : `${((ms / busyMs) * 100).toFixed(1)} %`}`);
  }
  for (const [k, ms] of top) console.log(`${ms.toFixed(0).padStart(7)} ms  ${k}`);
}
