// Which part of a public-intake acknowledgement costs PostgreSQL its time. Each variant runs for 3 s at 16
// concurrent through a pool of 10, on scratch tables shaped like the product's (rate_limits, case_counters,
// intake_inbox) that are dropped afterwards. Usage:
//   node bench/pg-intake-parts.ts postgres://user@host:port/db [variant,...]
// Measured 2026-12-07 on the 2-core bench machine: base 4,100–5,100 tps; inboxRaw 4,500; rlcc (the
// product's transaction before: two hot-row upserts, then the inbox row) 600–890; asyncpre (the upserts in their own
// synchronous_commit=off transaction, branch pg-intake) 1,170–1,450; cte (both upserts in one autocommit statement
// on a synchronous_commit=off pool, then the durable inbox insert) 2,040–2,550; product (the same with the setting
// turned off inside the statement, one pool) 1,780–2,780, and 1,440–1,510 with it left on.
import { execSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';

const url = process.argv[2];
if (!url) throw new Error('usage: node bench/pg-intake-parts.ts <postgres url> [variant,...]');
const pool = new pg.Pool({ connectionString: url, max: 10 });
const fast = new pg.Pool({ connectionString: url, max: 10, options: '-c synchronous_commit=off' });
const tables = ['kw_parts_rl', 'kw_parts_cc', 'kw_parts_inbox', 'kw_parts_c', 'kw_parts_o'];
// A run killed before its `finally` leaves the tables behind: drop them first.
for (const t of tables) await pool.query(`drop table if exists ${t}`);
await pool.query('create table kw_parts_rl (key text primary key, window_start text, count int)');
await pool.query('create table kw_parts_cc (org text, year int, seq int, primary key (org, year))');
await pool.query('create table kw_parts_inbox (id text primary key, org text, received_at text, h text, plan text, attempts int, last_error text)');
await pool.query('create table kw_parts_c (id text primary key, body text not null, created_at text not null)');
await pool.query('create table kw_parts_o (id text primary key, case_id text not null, body text not null)');

const sentence = 'De begeleider kwam niet op de afgesproken tijd en liet niets weten. ';
// About the size of a real intake plan: the text plus the derived fields.
const plan = JSON.stringify({ x: sentence.repeat(60), rnd: Array.from({ length: 200 }, () => randomUUID()) });
const body = sentence.repeat(20);
const ticks = (pid: string) =>
  readFileSync(`/proc/${pid}/stat`, 'utf8')
    .split(' ')
    .slice(13, 15)
    .map(Number)
    .reduce((a, b) => a + b);
const pgCpu = () => {
  let t = 0;
  for (const pid of execSync('pgrep -u postgres').toString().trim().split('\n')) {
    try {
      t += ticks(pid);
    } catch {
      // the backend ended between pgrep and the read
    }
  }
  return t;
};
const inbox = (q: pg.PoolClient) => q.query('insert into kw_parts_inbox values ($1,$2,$3,$4,$5,0,null)', [randomUUID(), 'org', new Date().toISOString(), 'h', plan]);
const rateLimit = `insert into kw_parts_rl values ($1,$2,1) on conflict (key) do update set count = kw_parts_rl.count + 1 returning count`;
const counter = `insert into kw_parts_cc values ($1,$2,1) on conflict (org, year) do update set seq = kw_parts_cc.seq + 1 returning seq`;

// The rate-limit hit and, below the limit, the number, as one statement; `setOff` turns synchronous_commit off inside it.
async function reserve(q: pg.PoolClient, setOff: boolean) {
  const r = await q.query(
    `with ${setOff ? "s as (select set_config('synchronous_commit', 'off', true))," : ''} r as (${rateLimit}),
       c as (insert into kw_parts_cc select $3, $4, 1 from r where r.count <= $5
         on conflict (org, year) do update set seq = kw_parts_cc.seq + 1 returning seq)
     select r.count, c.seq from ${setOff ? 's, ' : ''}r left join c on true`,
    ['k', 'w', 'org', 2026, 1_000_000_000],
  );
  if (!r.rows[0].seq) throw new Error('no number taken');
}

// `tx` variants run inside begin/commit on the durable pool; the others manage their own statements.
const variants: Record<string, { tx: boolean; run: (q: pg.PoolClient) => Promise<unknown> }> = {
  // What bench/baseline.ts commits on PostgreSQL.
  base: {
    tx: true,
    run: async (q) => {
      const id = randomUUID();
      await q.query('insert into kw_parts_c values ($1,$2,$3)', [id, body, new Date().toISOString()]);
      await q.query('insert into kw_parts_o values ($1,$2,$3)', [randomUUID(), id, 'mail']);
    },
  },
  inboxRaw: { tx: false, run: inbox },
  rlcc: {
    tx: true,
    run: async (q) => {
      await q.query(rateLimit, ['k', 'w']);
      await q.query(counter, ['org', 2026]);
      await inbox(q);
    },
  },
  asyncpre: {
    tx: false,
    run: async (q) => {
      await q.query('begin');
      await q.query('set local synchronous_commit = off');
      await q.query(rateLimit, ['k', 'w']);
      await q.query(counter, ['org', 2026]);
      await q.query('commit');
      await inbox(q);
    },
  },
  // Both upserts in one autocommit statement, on a pool with synchronous_commit off.
  cte: {
    tx: false,
    run: async (q) => {
      const f = await fast.connect();
      try {
        await reserve(f, false);
      } finally {
        f.release();
      }
      await inbox(q);
    },
  },
  // What the product does (reserveNumber): the same statement on the durable pool, synchronous_commit off
  // for its own transaction only.
  product: {
    tx: false,
    run: async (q) => {
      await reserve(q, true);
      await inbox(q);
    },
  },
};

try {
  for (const name of (process.argv[3] ?? Object.keys(variants).join(',')).split(',')) {
    const variant = variants[name];
    if (!variant) throw new Error(`unknown variant ${name}; known: ${Object.keys(variants).join(', ')}`);
    for (let round = 0; round < 2; round++) {
      let done = 0;
      const end = performance.now() + 3000;
      const g0 = pgCpu();
      const m0 = ticks('self');
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (performance.now() < end) {
            const q = await pool.connect();
            try {
              if (variant.tx) await q.query('begin');
              await variant.run(q);
              if (variant.tx) await q.query('commit');
            } finally {
              q.release();
            }
            done++;
          }
        }),
      );
      // /proc ticks are 10 ms.
      const pgMs = (((pgCpu() - g0) * 10) / done).toFixed(3);
      const clientMs = (((ticks('self') - m0) * 10) / done).toFixed(3);
      console.log(`${name.padEnd(10)} ${(done / 3).toFixed(0)} tps; postgres CPU ${pgMs} ms/tx; client ${clientMs}`);
    }
  }
} finally {
  for (const t of tables) await pool.query(`drop table if exists ${t}`);
  await pool.end();
  await fast.end();
}
