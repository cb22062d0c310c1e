// Markdown tables from bench:scale result files, for the README: node bench/scale-table.ts bench/results/<file>.json …
import { readFileSync } from 'node:fs';
const files = process.argv.slice(2);
const runs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
const names = Object.keys(runs[0].endpoints);
const head = runs.map((r) => `${r.database} ${r.size >= 1e6 ? `${r.size / 1e6}M` : `${r.size / 1e3}k`}`);
console.log(`| endpoint | ${head.map((h) => `${h} @1 p50/p95/p99`).join(' | ')} | ${head.map((h) => `${h} @16 p50/p95/p99`).join(' | ')} |`);
console.log(`|---|${head.map(() => '---').join('|')}|${head.map(() => '---').join('|')}|`);
for (const n of names) {
  const c = (r: any, k: 'c1' | 'c16') => {
    const e = r.endpoints[n]?.[k];
    return e ? `${e.p50} / ${e.p95} / ${e.p99}` : '—';
  };
  console.log(`| ${n} | ${runs.map((r) => c(r, 'c1')).join(' | ')} | ${runs.map((r) => c(r, 'c16')).join(' | ')} |`);
}
const row = (label: string, f: (r: any) => string) => console.log(`| ${label} | ${runs.map(f).join(' | ')} |`);
console.log('');
console.log(`| | ${head.join(' | ')} |`);
console.log(`|---|${head.map(() => '---').join('|')}|`);
row('list p50/p95/p99 @4 while annual reports run (ms)', (r) => `${r.listDuringReport.p50} / ${r.listDuringReport.p95} / ${r.listDuringReport.p99}`);
row('first run of the annual / municipality-wide report, filling kept counts (ms)', (r) =>
  r.firstReportMs ? `${r.firstReportMs['annual report']} / ${r.firstReportMs['municipality-wide report']}` : '—',
);
row('floor: bare Fastify, constant 17 KB answer, p50/p95/p99 @16 (ms)', (r) => (r.floor ? `${r.floor.c16.p50} / ${r.floor.c16.p95} / ${r.floor.c16.p99}` : '—'));
row('CPU stolen by the hypervisor while measuring', (r) => (r.cpu ? `${r.cpu.stealPct} %` : '—'));
row('public intake / durable baseline (3 rounds)', (r) => r.intake.ratios.join(', '));
row('RSS idle / under load / after (MB)', (r) => `${r.rssIdleMb} / ${r.rssLoadMb} / ${r.rssAfterMb}`);
row('database on disk (MB)', (r) => String(r.databaseMb));
row('seeding (s)', (r) => String(r.seedSeconds));
row('targets met', (r) => `${r.targets.filter((t: any) => t.ok).length} of ${r.targets.length}`);
