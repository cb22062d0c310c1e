import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { createTestDatabase, databaseUrlOf, type TestDatabase } from '../helpers/db.ts';
import { exited, login, startServer, type ServerProcess } from '../helpers/server-process.ts';

// Crash safety of intake: a complaint the server acknowledged with a 201 must
// survive the server being killed (SIGKILL, no shutdown) in the middle of a
// burst, together with its receipt mail in the outbox. Real server process,
// real HTTP, the database of this run (SQLite file, or PostgreSQL when
// DATABASE_URL says so).

const ADMIN = { email: 'crash-admin@test.example', password: 'kill-nine-survivor-1' };
const OFFICER = { email: 'crash-officer@test.example', password: 'intake-handler-secret-1' };
const TOTAL = 200;
const CONCURRENCY = 20;
const KILL_AFTER = 80;

async function api(base: string, cookie: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { cookie, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as any };
}

let target: TestDatabase;
const servers: ServerProcess[] = [];
let database: Database | undefined;

beforeAll(async () => {
  target = await createTestDatabase();
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
});

describe('intake survives a SIGKILL mid-burst', () => {
  it('keeps every intake that was answered 201, each with its receipt mail in the outbox', { timeout: 60_000 }, async () => {
    const first = await startServer(databaseUrlOf(target.config), ADMIN);
    servers.push(first);
    const admin = await login(first.base, ADMIN);
    const org = await api(first.base, admin, 'POST', '/api/v1/organisations', { name: 'Stadsring51 crashtest', regulationId: 'stadsring51', email: 'klachten@example.org' });
    expect(org.status, JSON.stringify(org.json)).toBe(201);
    const officer = await api(first.base, admin, 'POST', '/api/v1/users', {
      ...OFFICER,
      name: 'Klachtenfunctionaris',
      memberships: [{ organisationId: org.json.id, role: 'complaints-officer' }],
    });
    expect(officer.status, JSON.stringify(officer.json)).toBe(201);

    // The burst: 200 intakes over real HTTP, 20 at a time; kill -9 after ~80 acknowledgements.
    const acknowledged: { i: number; reference: string; email: string }[] = [];
    const otherStatuses: number[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < TOTAL) {
        const i = next++;
        const email = `klager-${i}@example.org`;
        const payload = JSON.stringify({
          organisationId: org.json.id,
          kind: 'complaint',
          complainant: { name: `Klager ${i}`, role: 'client', email },
          description: `Klacht nummer ${i}: de begeleider kwam niet opdagen.`,
        });
        // A web form retries a failed submission a few times; only a 201 counts as acknowledged.
        for (let attempt = 0; attempt < 4; attempt++) {
          try {
            const res = await fetch(`${first.base}/api/v1/public/cases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
            if (res.status === 201) {
              const body = (await res.json()) as { reference: string };
              acknowledged.push({ i, reference: body.reference, email });
              if (!killed && acknowledged.length >= KILL_AFTER) {
                killed = true;
                first.child.kill('SIGKILL');
              }
              break;
            }
            otherStatuses.push(res.status);
            await res.body?.cancel();
          } catch {
            // Connection refused or reset: the server is gone; this intake was never acknowledged.
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await exited(first.child);
    expect(killed, `only ${acknowledged.length} intakes were acknowledged; other answers: ${otherStatuses.join(',')}\n${first.output()}`).toBe(true);
    expect(first.child.signalCode).toBe('SIGKILL');
    // (Failed submissions are a separate matter: see intake-burst.test.ts.)
    expect(
      otherStatuses.filter((s) => s < 500),
      'no intake was refused as bad input',
    ).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    // The kill really came mid-burst: not every intake got through.
    expect(acknowledged.length).toBeLessThan(TOTAL);
    // Every acknowledged intake got its own reference.
    expect(new Set(acknowledged.map((a) => a.reference)).size).toBe(acknowledged.length);

    // Restart on the same database.
    const second = await startServer(databaseUrlOf(target.config), ADMIN);
    servers.push(second);
    const cookie = await login(second.base, OFFICER);
    for (const a of acknowledged) {
      const found = await api(second.base, cookie, 'GET', `/api/v1/cases?q=${encodeURIComponent(a.reference)}`);
      expect(found.status).toBe(200);
      expect(
        found.json.items.map((x: { reference: string }) => x.reference),
        `intake ${a.i} (${a.reference}) lost`,
      ).toEqual([a.reference]);
      const c = await api(second.base, cookie, 'GET', `/api/v1/cases/${found.json.items[0].id}`);
      expect(c.json).toMatchObject({ reference: a.reference, status: 'received', complainant: { email: a.email } });
    }

    // And each has its receipt mail, straight from the database.
    database = openDatabase(target.config);
    const rows = await database.db
      .selectFrom('cases')
      .innerJoin('outbox', 'outbox.case_id', 'cases.id')
      .select(['cases.reference', 'outbox.to_address', 'outbox.subject', 'outbox.body'])
      .where('cases.organisation_id', '=', org.json.id)
      .execute();
    for (const a of acknowledged) {
      const mails = rows.filter((r) => r.reference === a.reference);
      expect(mails, `receipt mail of ${a.reference}`).toHaveLength(1);
      expect(mails[0]).toMatchObject({ to_address: a.email });
      expect(mails[0]!.subject).toContain(a.reference);
      expect(mails[0]!.body).toContain('/status/');
    }
    // Nothing half-written: every case in the database has its receipt mail and its 'received' event.
    const cases = await database.db.selectFrom('cases').select(['id', 'reference']).where('organisation_id', '=', org.json.id).execute();
    expect(cases.length).toBeGreaterThanOrEqual(acknowledged.length);
    const withMail = new Set(rows.map((r) => r.reference));
    expect(cases.filter((c) => !withMail.has(c.reference)).map((c) => c.reference)).toEqual([]);
    const events = await database.db
      .selectFrom('case_events')
      .select('case_id')
      .where('type', '=', 'received')
      .where(
        'case_id',
        'in',
        cases.map((c) => c.id),
      )
      .execute();
    expect(new Set(events.map((e) => e.case_id)).size).toBe(cases.length);

    second.child.kill('SIGTERM');
    await exited(second.child);
  });

  it('with an Idempotency-Key, a retry after the kill gets the acknowledged answer and no intake is filed twice', { timeout: 90_000 }, async () => {
    const db = await createTestDatabase();
    try {
      const first = await startServer(databaseUrlOf(db.config), ADMIN);
      servers.push(first);
      const admin = await login(first.base, ADMIN);
      const org = await api(first.base, admin, 'POST', '/api/v1/organisations', { name: 'Stadsring51 herhaaltest', regulationId: 'stadsring51', email: 'klachten@example.org' });
      expect(org.status).toBe(201);
      const N = 120;
      const submission = (i: number) => ({
        key: `retry-key-${String(i).padStart(4, '0')}-${org.json.id}`,
        body: JSON.stringify({
          organisationId: org.json.id,
          kind: 'complaint',
          complainant: { name: `Klager ${i}`, role: 'client', email: `herhaal-${i}@example.org` },
          description: `Klacht ${i}: niet teruggebeld.`,
        }),
      });
      const send = (base: string, i: number) => {
        const s = submission(i);
        return fetch(`${base}/api/v1/public/cases`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': s.key }, body: s.body });
      };
      const acknowledged = new Map<number, string>();
      let next = 0;
      let killed = false;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < N) {
            const i = next++;
            try {
              const res = await send(first.base, i);
              if (res.status === 201) {
                acknowledged.set(i, ((await res.json()) as { reference: string }).reference);
                if (!killed && acknowledged.size >= 40) {
                  killed = true;
                  first.child.kill('SIGKILL');
                }
              } else await res.body?.cancel();
            } catch {
              // the server is gone: this answer was lost
            }
          }
        }),
      );
      await exited(first.child);
      expect(killed).toBe(true);
      expect(acknowledged.size).toBeLessThan(N);

      // The form sends every submission whose answer it did not get (and, here, all the others too) again, with its key.
      const second = await startServer(databaseUrlOf(db.config), ADMIN);
      servers.push(second);
      const answers = new Map<number, { reference: string; statusUrl: string; replayed: string | null }>();
      for (let i = 0; i < N; i++) {
        const res = await send(second.base, i);
        expect(res.status, `retry of ${i}`).toBe(201);
        answers.set(i, { ...((await res.json()) as { reference: string; statusUrl: string }), replayed: res.headers.get('idempotent-replayed') });
      }
      for (const [i, reference] of acknowledged) {
        expect(answers.get(i)!.reference, `intake ${i}`).toBe(reference);
        expect(answers.get(i)!.replayed).toBe('true');
      }
      // One case per submission: nothing was filed twice, nothing lost. The last ones may still wait in
      // the intake inbox; any other request first writes what this process acknowledged.
      expect((await fetch(`${second.base}/healthz`)).status).toBe(200);
      const stored = openDatabase(db.config);
      try {
        const cases = await stored.db.selectFrom('cases').select('reference').where('organisation_id', '=', org.json.id).execute();
        expect(cases).toHaveLength(N);
        expect(new Set([...answers.values()].map((a) => a.reference)).size).toBe(N);
      } finally {
        await stored.close();
      }
      // The replayed status link works: it is the complainant's real link.
      const some = answers.get([...acknowledged.keys()][0]!)!;
      const token = some.statusUrl.split('/').pop()!;
      expect((await fetch(`${second.base}/api/v1/public/status/${token}`)).status).toBe(200);
      second.child.kill('SIGTERM');
      await exited(second.child);
    } finally {
      await db.drop();
    }
  });
});
