// npm run bench: the product against a bare baseline in the same run,
// alternating, so the machine's drift (20–40 %) cancels out in the ratio.
// Also: start-up time and memory after start, and the list query at scale.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// The product writes ~9 rows per intake (case, deadlines, event, search, audit, outbox, rate limit)
// against the baseline's 2, every commit fsynced; a list request also writes its audit entry.
// On PostgreSQL every statement is a network round trip, against the baseline's in-process SQLite.
const TARGETS = { startSeconds: 5, rssMb: 150, intakeRatio: process.env.BENCH_DATABASE_URL ? 0.08 : 0.2, listP99Ms: 100 };

const freePort = () =>
  new Promise<number>((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });

async function start(cmd: string[], env: Record<string, string>, ready: RegExp): Promise<{ proc: ChildProcess; ms: number }> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, cmd, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const on = (b: Buffer) => {
      out += b;
      if (ready.test(out)) resolve();
    };
    proc.stdout!.on('data', on);
    proc.stderr!.on('data', on);
    proc.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { proc, ms: performance.now() - t0 };
}

const body = (i: number) =>
  JSON.stringify({
    organisation: 'bench',
    kind: 'complaint',
    complainant: { name: `Bench Persoon ${i}`, role: 'client', email: `bench${i}@example.org` },
    description: 'De begeleider kwam niet op de afgesproken tijd en liet niets weten. '.repeat(20),
  });

async function load(url: string, init: (i: number) => RequestInit): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const lat: number[] = [];
  let errors = 0;
  let i = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const res = await fetch(url, init(i++)).catch(() => null);
        if (!res || res.status >= 400) errors++;
        await res?.arrayBuffer();
        lat.push(performance.now() - t);
      }
    }),
  );
  lat.sort((a, b) => a - b);
  return { rps: lat.length / SECONDS, p50: lat[Math.floor(lat.length * 0.5)] ?? 0, p99: lat[Math.floor(lat.length * 0.99)] ?? 0, errors };
}

const rssMb = (pid: number) =>
  fetch(`file:///proc/${pid}/status`)
    .catch(() => null)
    .then(async () => {
      const { readFileSync } = await import('node:fs');
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    });

const dir = mkdtempSync(join(tmpdir(), 'kw-bench-'));
// BENCH_DATABASE_URL=postgres://… runs the product on a fresh PostgreSQL database on that server
// (the baseline stays SQLite: the ratio then shows what the scale-out database costs).
const pgBase = process.env.BENCH_DATABASE_URL;
let productDatabase = `sqlite:${join(dir, 'kw.db')}`;
let dropPg: (() => Promise<void>) | undefined;
if (pgBase) {
  const { default: pg } = await import('pg');
  const name = `kw_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: pgBase });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(pgBase);
  url.pathname = `/${name}`;
  productDatabase = url.toString();
  dropPg = async () => {
    const c = new pg.Client({ connectionString: pgBase });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
}
const results: Record<string, unknown> = {};
let failed = false;
try {
  const productPort = await freePort();
  const baselinePort = await freePort();
  const product = await start(
    ['--max-semi-space-size=4', '--max-old-space-size=512', 'dist/server/main.js'],
    {
      PORT: String(productPort),
      DATABASE_URL: productDatabase,
      LOG_LEVEL: 'silent',
      JOBS: 'off',
      ADMIN_EMAIL: 'bench@example.org',
      ADMIN_PASSWORD: 'load-test-secret-123',
      PUBLIC_INTAKE_LIMIT: '100000000',
    },
    /is running at/,
  );
  await new Promise((r) => setTimeout(r, 1500));
  const rss = await rssMb(product.proc.pid!);
  results.start = { database: pgBase ? 'postgres' : 'sqlite', ms: Math.round(product.ms), rssMb: Math.round(rss) };
  const baseline = await start(['bench/baseline.ts'], { PORT: String(baselinePort), BASELINE_DB: join(dir, 'base.db') }, /listening/);

  const base = `http://127.0.0.1:${productPort}`;
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.org', password: 'load-test-secret-123' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const org = (await (
    await fetch(`${base}/api/v1/organisations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ name: 'Bench', slug: 'bench', regulationId: 'stadsring51' }),
    })
  ).json()) as { id: string };
  await fetch(`${base}/api/v1/users/${((await (await fetch(`${base}/api/v1/auth/me`, { headers: { cookie } })).json()) as { user: { id: string } }).user.id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ memberships: [{ organisationId: org.id, role: 'complaints-officer' }] }),
  });

  const post = (i: number): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: body(i) });
  const rounds: { product: number; baseline: number }[] = [];
  const p99s: { product: number; baseline: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const b = await load(`http://127.0.0.1:${baselinePort}/api/v1/public/cases`, post);
    const p = await load(`${base}/api/v1/public/cases`, post);
    if (p.errors) throw new Error(`product intake errors: ${p.errors}`);
    rounds.push({ product: p.rps, baseline: b.rps });
    p99s.push({ product: p.p99, baseline: b.p99 });
  }
  // The median of the rounds' ratios: one disturbed round does not decide.
  const ratios = rounds.map((r) => r.product / r.baseline).sort((a, b) => a - b);
  const ratio = ratios[Math.floor(ratios.length / 2)]!;
  results.intake = {
    productRps: Math.round(rounds.reduce((s, r) => s + r.product, 0) / rounds.length),
    baselineRps: Math.round(rounds.reduce((s, r) => s + r.baseline, 0) / rounds.length),
    ratio: Number(ratio.toFixed(3)),
    productP99Ms: Math.round(Math.max(...p99s.map((x) => x.product))),
  };

  const list = await load(`${base}/api/v1/cases?organisationId=${org.id}&open=true&limit=50`, () => ({ headers: { cookie } }));
  results.list = { rps: Math.round(list.rps), p50Ms: Number(list.p50.toFixed(1)), p99Ms: Number(list.p99.toFixed(1)), errors: list.errors };
  results.memoryAfterLoadMb = Math.round(await rssMb(product.proc.pid!));

  product.proc.kill('SIGTERM');
  baseline.proc.kill('SIGTERM');

  const checks = [
    ['server ready (s)', product.ms / 1000, '<', TARGETS.startSeconds],
    ['RSS after start (MB)', rss, '<', TARGETS.rssMb],
    ['intake throughput vs baseline', ratio, '>', TARGETS.intakeRatio],
    ['case list p99 (ms)', list.p99, '<', TARGETS.listP99Ms],
  ] as const;
  console.log(JSON.stringify(results, null, 2));
  for (const [name, value, op, target] of checks) {
    const ok = op === '<' ? value < target : value > target;
    if (!ok) failed = true;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${Number(value.toFixed(3))} (target ${op} ${target})`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await dropPg?.();
}
process.exit(failed ? 1 : 0);
