// The bare baseline the benchmark compares against: Fastify, a zod-validated
// 1.5 KB complaint, two rows in one durable transaction. No auth, no audit, no domain.
// On better-sqlite3 with WAL and synchronous=FULL; with BASELINE_DATABASE_URL on
// PostgreSQL through a pool of 10 (the product's), the server's synchronous_commit=on: what
// durability costs on the database the product runs on.
import Fastify from 'fastify';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';

const C = 'create table if not exists c (id text primary key, body text not null, created_at text not null)';
const O = 'create table if not exists o (id text primary key, case_id text not null, body text not null)';
let file: (id: string, body: string) => Promise<void> | void;
const pgUrl = process.env.BASELINE_DATABASE_URL;
if (pgUrl) {
  const pool = new pg.Pool({ connectionString: pgUrl, max: 10 });
  await pool.query(C);
  await pool.query(O);
  file = async (id, body) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query('insert into c values ($1, $2, $3)', [id, body, new Date().toISOString()]);
      await client.query('insert into o values ($1, $2, $3)', [randomUUID(), id, 'mail']);
      await client.query('commit');
    } catch (e) {
      await client.query('rollback').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  };
} else {
  const db = new BetterSqlite3(process.env.BASELINE_DB ?? ':memory:');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(C);
  db.exec(O);
  const insC = db.prepare('insert into c values (?, ?, ?)');
  const insO = db.prepare('insert into o values (?, ?, ?)');
  file = db.transaction((id: string, body: string) => {
    insC.run(id, body, new Date().toISOString());
    insO.run(randomUUID(), id, 'mail');
  });
}
const schema = z.object({
  organisation: z.string(),
  kind: z.string(),
  description: z.string().min(1).max(20000),
  complainant: z.object({ name: z.string(), role: z.string(), email: z.string() }),
});

const app = Fastify();
app.post('/api/v1/public/cases', async (req, reply) => {
  const body = schema.parse(req.body);
  const id = randomUUID();
  await file(id, JSON.stringify(body));
  return reply.code(201).send({ reference: id });
});
// The floor bench:scale measures: a constant answer of FLOOR_KB kilobytes, no database, no work.
const floor = JSON.stringify({
  items: Array.from({ length: Math.ceil((Number(process.env.FLOOR_KB ?? 17) * 1024) / 64) }, (_, i) => ({ id: `c${String(i).padStart(6, '0')}`, text: 'x'.repeat(40) })),
});
app.get('/floor', async (_req, reply) => reply.type('application/json').send(floor));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const addr = app.server.address();
console.log(`listening ${typeof addr === 'object' && addr ? addr.port : ''}`);
