/**
 * The growth run's file (bench/results/growth.json) and its chart (growth.svg): each figure against the number of
 * stations on log–log axes, beside a dotted line of linear growth from the smallest size, so a figure that grows
 * faster than linearly stands out as steeper than its dotted line. Plain SVG, no dependencies.
 */

export interface GrowthSize {
  stations: number;
  seconds: number;
  exitCode: number | null;
  peakRssMiB?: number;
  results: Record<string, Record<string, number> | { error: string }>;
}

export interface GrowthFile {
  measuredAt: string;
  machine: Record<string, unknown>;
  httpMaxStations: number;
  sizes: GrowthSize[];
}

/** [label, case, figure] of the time series drawn (milliseconds). */
export const GROWTH_SERIES: [string, string, string][] = [
  ['December sweep', 'sweep-redis', 'sweepMs'],
  ['repeat sweep', 'sweep-redis', 'repeatSweepMs'],
  ['board, one subdistrict (p50)', 'board', 'subdistrictBoardP50Ms'],
  ['board, whole set: overview as served (p50)', 'board', 'overviewServedP50Ms'],
  ['board, whole set: overview totals summed exactly (p50)', 'board', 'overviewTotalsExactP50Ms'],
  ['board, whole set: full listing (p50)', 'board', 'wholeBoardP50Ms'],
  ['year-end results', 'results', 'medianMs'],
  ['projection rebuild', 'rebuild', 'rebuildMs'],
];
/** Memory series (MiB). */
export const MEMORY_SERIES: [string, (s: GrowthSize) => number | undefined][] = [
  ['bench process peak RSS', (s) => s.peakRssMiB],
  ['database size (board data set)', (s) => figure(s, 'board', 'databaseMiB')],
];

const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

function figure(s: GrowthSize, c: string, f: string): number | undefined {
  const r = s.results[c] as Record<string, number> | undefined;
  const v = r && typeof r[f] === 'number' ? r[f] : undefined;
  return v !== undefined && v > 0 ? v : undefined;
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function panel(
  title: string, unit: string, x0: number, y0: number, w: number, h: number, sizes: number[],
  series: { label: string; points: [number, number][] }[],
): string {
  const all = series.flatMap((s) => s.points.map((p) => p[1]));
  if (!all.length || !sizes.length) return `<text x="${x0}" y="${y0 + 20}" font-size="13">${esc(title)}: nothing measured</text>`;
  const [xMin, xMax] = [Math.min(...sizes), Math.max(...sizes) * 1.0001];
  const yMin = 10 ** Math.floor(Math.log10(Math.min(...all)));
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...all) * 1.0001));
  const X = (v: number) => x0 + ((Math.log10(v) - Math.log10(xMin)) / Math.max(1e-9, Math.log10(xMax) - Math.log10(xMin))) * w;
  const Y = (v: number) => y0 + h - ((Math.log10(v) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * h;
  const out: string[] = [`<text x="${x0}" y="${y0 - 12}" font-size="14" font-weight="bold">${esc(title)}</text>`];
  out.push(`<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="none" stroke="#999"/>`);
  for (let d = yMin; d <= yMax; d *= 10) {
    out.push(`<line x1="${x0}" x2="${x0 + w}" y1="${Y(d)}" y2="${Y(d)}" stroke="#eee"/>`);
    out.push(`<text x="${x0 - 6}" y="${Y(d) + 4}" font-size="11" text-anchor="end">${d >= 1000 ? `${d / 1000}k` : d} ${unit}</text>`);
  }
  for (const n of sizes) {
    out.push(`<line x1="${X(n)}" x2="${X(n)}" y1="${y0}" y2="${y0 + h}" stroke="#eee"/>`);
    out.push(`<text x="${X(n)}" y="${y0 + h + 16}" font-size="11" text-anchor="middle">${n.toLocaleString('en')}</text>`);
  }
  series.forEach((s, i) => {
    const c = COLOURS[i % COLOURS.length];
    if (!s.points.length) return;
    const [n0, v0] = s.points[0];
    // linear growth from the first point
    out.push(`<line x1="${X(n0)}" y1="${Y(v0)}" x2="${X(xMax)}" y2="${Y(Math.max(yMin, Math.min(yMax, v0 * (xMax / n0))))}" stroke="${c}" stroke-dasharray="2,4" opacity="0.6"/>`);
    out.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${s.points.map(([n, v]) => `${X(n)},${Y(v)}`).join(' ')}"/>`);
    for (const [n, v] of s.points) out.push(`<circle cx="${X(n)}" cy="${Y(v)}" r="3" fill="${c}"><title>${esc(s.label)}: ${v} ${unit} at ${n} stations</title></circle>`);
    out.push(`<rect x="${x0 + w + 16}" y="${y0 + i * 18}" width="12" height="3" fill="${c}"/>`);
    out.push(`<text x="${x0 + w + 34}" y="${y0 + i * 18 + 5}" font-size="12">${esc(s.label)}</text>`);
  });
  return out.join('\n');
}

export function drawGrowth(g: GrowthFile): string {
  const sizes = g.sizes.map((s) => s.stations);
  const times = GROWTH_SERIES.map(([label, c, f]) => ({
    label, points: g.sizes.flatMap((s): [number, number][] => (figure(s, c, f) !== undefined ? [[s.stations, figure(s, c, f)!]] : [])),
  }));
  const memory = MEMORY_SERIES.map(([label, get]) => ({
    label, points: g.sizes.flatMap((s): [number, number][] => (get(s) !== undefined ? [[s.stations, get(s)!]] : [])),
  }));
  const W = 1040;
  const H = 760;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">
<rect width="${W}" height="${H}" fill="white"/>
<text x="20" y="24" font-size="16" font-weight="bold">Growth with the number of stations (log–log; dotted: linear growth from the first size)</text>
<text x="20" y="44" font-size="12">${esc(`measured ${g.measuredAt} on ${g.machine.cpus} cores (${g.machine.cpuModel}), ${g.machine.memoryGiB} GiB; a shared machine: figures are noisy`)}</text>
${panel('time (ms)', 'ms', 90, 90, 560, 300, sizes, times)}
${panel('memory (MiB)', 'MiB', 90, 450, 560, 240, sizes, memory)}
<text x="20" y="${H - 16}" font-size="11">bench/results/growth.json holds every figure; ${g.httpMaxStations ? `HTTP phases run up to ${g.httpMaxStations.toLocaleString('en')} stations only` : 'no HTTP phases (--http-max 0)'}.</text>
</svg>
`;
}
