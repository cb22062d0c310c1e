import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { createTestDatabase, databaseUrlOf, type TestDatabase } from '../helpers/db.ts';
import { exited, login, startServer, type ServerProcess } from '../helpers/server-process.ts';

// Issue 14: read entries of the audit log are committed in batches, not one
// fsync per GET; a server killed (SIGKILL) before its batch commits loses none
// of the reads it answered: the next start chains them from its journal.

const ADMIN = { email: 'read-audit-admin@test.example', password: 'journal-survives-nine-7' };
const OFFICER = { email: 'read-audit-officer@test.example', password: 'dossier-lezen-mag-3x' };

let target: TestDatabase;
let journal: string;
const servers: ServerProcess[] = [];
let database: Database | undefined;

beforeAll(async () => {
  target = await createTestDatabase();
  journal = mkdtempSync(join(tmpdir(), 'kw-read-journal-'));
});
afterAll(async () => {
  for (const s of servers) {
    if (s.child.exitCode === null && s.child.signalCode === null) {
      s.child.kill('SIGKILL');
      await exited(s.child);
    }
  }
  await database?.close();
  await target?.drop();
  rmSync(journal, { recursive: true, force: true });
});

async function api(base: string, cookie: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { cookie, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as any };
}

describe('batched read audit survives a SIGKILL', () => {
  it('keeps every answered read: journalled before the answer, chained at the next start', { timeout: 60_000 }, async () => {
    // A long window, so the kill surely comes before the batch commits.
    const env = { AUDIT_READ_BATCH_MS: '1000', AUDIT_READ_JOURNAL_DIR: journal };
    const first = await startServer(databaseUrlOf(target.config), ADMIN, env);
    servers.push(first);
    const admin = await login(first.base, ADMIN);
    const org = await api(first.base, admin, 'POST', '/api/v1/organisations', { name: 'Leesspoor', regulationId: 'stadsring51', email: 'klachten@example.org' });
    expect(org.status, JSON.stringify(org.json)).toBe(201);
    const officer = await api(first.base, admin, 'POST', '/api/v1/users', {
      ...OFFICER,
      name: 'Klachtenfunctionaris',
      memberships: [{ organisationId: org.json.id, role: 'complaints-officer' }],
    });
    expect(officer.status, JSON.stringify(officer.json)).toBe(201);
    const reader = await login(first.base, OFFICER);
    const c = await api(first.base, reader, 'POST', '/api/v1/cases', {
      organisationId: org.json.id,
      kind: 'complaint',
      channel: 'email',
      complainant: { name: 'Ans Lezer', role: 'client', email: 'ans@example.org' },
      description: 'Niemand belde terug.',
    });
    expect(c.status, JSON.stringify(c.json)).toBe(201);

    const READS = 12;
    const answered = await Promise.all(Array.from({ length: READS }, () => api(first.base, reader, 'GET', `/api/v1/cases/${c.json.id}`)));
    expect(answered.map((r) => r.status)).toEqual(Array(READS).fill(200));
    // Every answered read is in the journal before the kill.
    const lines = readdirSync(journal).flatMap((f) => readFileSync(join(journal, f), 'utf8').split('\n').filter(Boolean));
    expect(lines.filter((l) => JSON.parse(l).action === 'case.read')).toHaveLength(READS);
    first.child.kill('SIGKILL');
    await exited(first.child);

    database = openDatabase(target.config);
    const reads = () => database!.db.selectFrom('audit_log').select(['id', 'seq']).where('action', '=', 'case.read').where('entity_id', '=', c.json.id).execute();
    expect(await reads(), 'the kill came before the batch').toHaveLength(0);

    const second = await startServer(databaseUrlOf(target.config), ADMIN, env);
    servers.push(second);
    // Chained at start, before the server answers: exactly once each.
    const recovered = await reads();
    expect(recovered).toHaveLength(READS);
    expect(new Set(recovered.map((r) => r.id)).size).toBe(READS);
    expect(readdirSync(journal)).toEqual([]);

    // The chain stays one unbroken line through the recovered entries.
    const chain = await database.db.selectFrom('audit_log').select(['seq', 'prev_hash', 'hash']).orderBy('seq').execute();
    chain.forEach((row, i) => {
      if (i > 0) expect(row.prev_hash, `entry ${row.seq}`).toBe(chain[i - 1]!.hash);
      if (i > 0) expect(Number(row.seq)).toBe(Number(chain[i - 1]!.seq) + 1);
    });

    // A graceful stop commits what waits: no journal is left behind.
    const cookie = await login(second.base, OFFICER);
    expect((await api(second.base, cookie, 'GET', `/api/v1/cases/${c.json.id}`)).status).toBe(200);
    second.child.kill('SIGTERM');
    await exited(second.child);
    expect(await reads()).toHaveLength(READS + 1);
    expect(existsSync(journal) ? readdirSync(journal) : []).toEqual([]);
  });
});
