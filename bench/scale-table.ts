// Markdown tables from bench:scale result files, for the README: node bench/scale-table.ts bench/results/<file>.json …
// Cells are padded the way Biome formats Markdown tables, so the pasted output passes `npm run lint` as it is.
import { readFileSync } from 'node:fs';
const files = process.argv.slice(2);
const runs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
const names = Object.keys(runs[0].endpoints);
const head = runs.map((r) => `${r.database} ${r.size >= 1e6 ? `${r.size / 1e6}M` : `${r.size / 1e3}k`}`);

function print([head, ...body]: [string[], ...string[][]]): void {
  const width = (c: string | undefined) => [...(c ?? '')].length;
  const widths = head.map((h, i) => Math.max(3, width(h), ...body.map((r) => width(r[i]))));
  const line = (r: string[]) => `| ${r.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c))).join(' | ')} |`;
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of body) console.log(line(r));
}

const c = (r: any, n: string, k: 'c1' | 'c16') => {
  const e = r.endpoints[n]?.[k];
  return e ? `${e.p50} / ${e.p95} / ${e.p99}` : '—';
};
print([
  ['endpoint', ...head.map((h) => `${h} @1 p50/p95/p99`), ...head.map((h) => `${h} @16 p50/p95/p99`)],
  ...names.map((n) => [n, ...runs.map((r) => c(r, n, 'c1')), ...runs.map((r) => c(r, n, 'c16'))]),
]);
const row = (label: string, f: (r: any) => string) => [label, ...runs.map(f)];
console.log('');
print([
  ['', ...head],
  row('list p50/p95/p99 @4 while annual reports run (ms)', (r) => `${r.listDuringReport.p50} / ${r.listDuringReport.p95} / ${r.listDuringReport.p99}`),
  row('first run of the annual / municipality-wide report, filling kept counts (ms)', (r) =>
    r.firstReportMs ? `${r.firstReportMs['annual report']} / ${r.firstReportMs['municipality-wide report']}` : '—',
  ),
  row('floor: bare Fastify, constant 17 KB answer, p50/p95/p99 @16 (ms)', (r) => (r.floor ? `${r.floor.c16.p50} / ${r.floor.c16.p95} / ${r.floor.c16.p99}` : '—')),
  row('CPU stolen by the hypervisor while measuring', (r) => (r.cpu ? `${r.cpu.stealPct} %` : '—')),
  // Before 2026-12-07 every run compared against the in-process SQLite baseline; since then a PostgreSQL run against its own.
  row('public intake / durable baseline, same database (3 rounds)', (r) => (r.database === 'sqlite' || r.intake.baseline === 'postgres' ? r.intake.ratios.join(', ') : '—')),
  row('public intake / in-process SQLite baseline (3 rounds)', (r) => (r.intake.sqliteBaselineRatios ?? r.intake.ratios).join(', ')),
  row('every case of a 3 s intake burst written after (ms)', (r) => r.intake.writtenAfterMs?.join(', ') ?? '—'),
  row('filings to cases, burst and writing together / baseline', (r) => r.intake.sustainedRatios?.join(', ') ?? '—'),
  row('RSS idle / under load / after (MB)', (r) => `${r.rssIdleMb} / ${r.rssLoadMb} / ${r.rssAfterMb}`),
  row('database on disk (MB)', (r) => String(r.databaseMb)),
  row('seeding (s)', (r) => String(r.seedSeconds)),
  row('targets met', (r) => `${r.targets.filter((t: any) => t.ok).length} of ${r.targets.length}`),
]);
