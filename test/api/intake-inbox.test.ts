import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/core/config.ts';
import { createRegulationCatalog } from '../../src/server/regulations/regulations.service.ts';
import { createLetterProducer } from '../../src/server/letters/letters.service.ts';
import { materialise } from '../../src/server/cases/intake-inbox.ts';
import { reserveNumber } from '../../src/server/cases/cases.service.ts';
import { intakeInboxJob, ORPHAN_AFTER_MS } from '../../src/server/cases/intake-inbox.job.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { setUpOrganisation } from '../helpers/world.ts';

// The public form's intake inbox (issue 14: public intake at 0.5 of the bare durable baseline).
// A filing is acknowledged once its plan is durable; its case is written from the plan a moment
// later, and must then be exactly the case an immediate intake writes.

let t: TestApp;
let org: { id: string; slug: string };
let officer: { cookie: string };
const nodes: { app: FastifyInstance; journal: string }[] = [];

/** Another app node on the same database, with its own settings (a second server behind the same load balancer). */
async function node(env: Record<string, string>): Promise<FastifyInstance> {
  const journal = mkdtempSync(join(tmpdir(), 'kw-inbox-node-'));
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: 'http://127.0.0.1:3000', AUDIT_READ_JOURNAL_DIR: journal, ...env }), webDist: '/nonexistent', jobs: false };
  const app = await buildApp({ db: t.database.db, dialect: t.database.dialect, config, regulations: createRegulationCatalog(t.database.db) }, { logger: false });
  await app.ready();
  nodes.push({ app, journal });
  return app;
}

beforeAll(async () => {
  t = await createTestApp();
  const world = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
  org = world.org;
  officer = world.people['complaints-officer']!;
});
afterAll(async () => {
  for (const n of nodes) {
    await n.app.close();
    rmSync(n.journal, { recursive: true, force: true });
  }
  await t?.close();
});

let n = 0;
const complaint = (extra: Record<string, unknown> = {}) => ({
  organisation: org.slug,
  kind: 'complaint',
  complainant: { name: `Inbox Klager ${++n}`, role: 'client', email: `inbox-${n}@example.org` },
  respondents: [{ name: 'J. de Begeleider', department: 'Wijkteam Noord' }],
  description: `De begeleider kwam drie keer niet opdagen (${n}).`,
  ...extra,
});
const file = (app: FastifyInstance, payload: object, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/v1/public/cases', payload, headers, remoteAddress: `10.9.${n % 250}.${(n * 7) % 250}` });
const count = async (table: 'cases' | 'intake_inbox', organisationId = org.id) =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('organisation_id', '=', organisationId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the intake inbox of the public form [issue 14]', () => {
  it('acknowledges a filing before its case is written; the next request of any kind finds the case', async () => {
    const quiet = await node({ INTAKE_INBOX_IDLE_MS: '1000' });
    const before = await count('cases');
    const res = await file(quiet, complaint());
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json() as { reference: string; statusUrl: string; kind: string; status: string };
    expect(answer).toMatchObject({ kind: 'complaint', status: 'received' });
    // Durable, not yet a case: one inbox row holding the whole plan, its reference taken.
    expect(await count('cases')).toBe(before);
    const waiting = await t.database.db.selectFrom('intake_inbox').selectAll().where('organisation_id', '=', org.id).execute();
    expect(waiting).toHaveLength(1);
    expect(JSON.parse(waiting[0]!.plan).row.reference).toBe(answer.reference);

    // A staff request on that node first writes what it acknowledged.
    const list = await quiet.inject({ method: 'GET', url: `/api/v1/cases?organisationId=${org.id}&q=${answer.reference}`, headers: { cookie: officer.cookie } });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((c: { reference: string }) => c.reference)).toEqual([answer.reference]);
    expect(await count('intake_inbox')).toBe(0);
    // With everything an immediate intake writes: timeline, deadlines, receipt mail, audit entry, search.
    const c = await t.database.db.selectFrom('cases').selectAll().where('reference', '=', answer.reference).executeTakeFirstOrThrow();
    const events = await t.database.db.selectFrom('case_events').select('type').where('case_id', '=', c.id).execute();
    expect(events.map((e) => e.type)).toEqual(['received']);
    expect(await t.database.db.selectFrom('case_deadlines').select('kind').where('case_id', '=', c.id).execute()).not.toHaveLength(0);
    const mail = await t.database.db.selectFrom('outbox').select(['to_address', 'subject', 'body']).where('case_id', '=', c.id).execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body).toContain(answer.statusUrl);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'actor_role']).where('entity_id', '=', c.id).execute();
    expect(audit).toEqual([{ action: 'case.created', actor_role: 'complainant' }]);
    const words = await get(`/api/v1/cases?organisationId=${org.id}&q=Begeleider`);
    expect(words.json().items.map((i: { reference: string }) => i.reference)).toContain(answer.reference);
  });

  it('writes the same case as an intake written at once, field by field', async () => {
    const direct = await createTestApp({ INTAKE_INBOX: 'off' });
    try {
      const other = (await setUpOrganisation(direct, 'stadsring51', [])).org;
      const payload = complaint({ desiredOutcome: 'Excuses en een vaste begeleider', categories: [], incidentDates: ['2026-11-20'] });
      const viaInbox = await file(t.app, payload);
      const atOnce = await direct.app.inject({ method: 'POST', url: '/api/v1/public/cases', payload: { ...payload, organisation: other.slug } });
      expect(viaInbox.statusCode, viaInbox.body).toBe(201);
      expect(atOnce.statusCode, atOnce.body).toBe(201);
      await t.app.settleIntake();
      const shape = async (app: TestApp, answer: { reference: string; statusUrl: string }) => {
        const db = app.database.db;
        const c = await db.selectFrom('cases').selectAll().where('reference', '=', answer.reference).executeTakeFirstOrThrow();
        const orgName = (await db.selectFrom('organisations').select('name').where('id', '=', c.organisation_id).executeTakeFirstOrThrow()).name;
        // What must differ: identity, organisation, instants and the secret link.
        const mask = (s: string | null) =>
          s === null
            ? null
            : s.replaceAll(answer.reference, 'REF').replaceAll(answer.statusUrl.split('/').pop()!, 'TOKEN').replaceAll(c.organisation_id, 'ORG').replaceAll(orgName, 'ORGNAME');
        const { id, organisation_id, reference, seq, status_token_hash, received_at, created_at, updated_at, ...rest } = c;
        const children = {
          deadlines: await db
            .selectFrom('case_deadlines')
            .select(['idx', 'kind', 'level', 'due', 'status', 'done_on', 'source', 'explanation'])
            .where('case_id', '=', id)
            .orderBy('idx')
            .execute(),
          events: await db.selectFrom('case_events').select(['type', 'on_date', 'level', 'actor_user_id', 'data']).where('case_id', '=', id).execute(),
          parties: await db.selectFrom('case_parties').select(['role', 'name', 'department', 'user_id', 'email']).where('case_id', '=', id).execute(),
          outbox: (await db.selectFrom('outbox').select(['to_address', 'subject', 'body', 'status']).where('case_id', '=', id).execute()).map((m) => ({
            ...m,
            subject: mask(m.subject),
            body: mask(m.body),
          })),
          letters: await db.selectFrom('letters').select(['kind']).where('case_id', '=', id).execute(),
          search: (await db.selectFrom('case_search').select('body').where('case_id', '=', id).execute()).map((s) => mask(s.body)),
          audit: await db.selectFrom('audit_log').select(['action', 'actor_role', 'ip', 'details']).where('entity_id', '=', id).execute(),
        };
        return { ...rest, state: mask(rest.state), facts: mask(rest.facts), ...children };
      };
      const a = await shape(t, viaInbox.json());
      const b = await shape(direct, atOnce.json());
      // The two came from different addresses in this test; everything else is the same.
      for (const x of [a, b]) for (const e of x.audit) e.ip = null;
      expect(a).toEqual(b);
    } finally {
      await direct.close();
    }
  });

  it('a status link works at once, also on a node other than the one that acknowledged the filing', async () => {
    const quiet = await node({ INTAKE_INBOX_IDLE_MS: '1000' });
    const other = await node({});
    const res = await file(quiet, complaint());
    expect(res.statusCode, res.body).toBe(201);
    const token = (res.json().statusUrl as string).split('/').pop()!;
    expect(await count('intake_inbox')).toBe(1);
    const page = await other.inject({ method: 'GET', url: `/api/v1/public/status/${token}` });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ reference: res.json().reference, status: 'received' });
    // The acknowledging node later finds the row gone: written once.
    await quiet.settleIntake();
    expect(await t.database.db.selectFrom('cases').select('id').where('reference', '=', res.json().reference).execute()).toHaveLength(1);
    expect(await count('intake_inbox')).toBe(0);
  });

  it('repeats the first answer to an Idempotency-Key while the case still waits, and files once', async () => {
    const quiet = await node({ INTAKE_INBOX_IDLE_MS: '1000' });
    const payload = complaint();
    const key = crypto.randomUUID();
    const first = await file(quiet, payload, { 'idempotency-key': key });
    const again = await file(quiet, payload, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    await quiet.settleIntake();
    expect(await t.database.db.selectFrom('cases').select('id').where('reference', '=', first.json().reference).execute()).toHaveLength(1);
  });

  it('refuses what the regulation does not accept before anything is written, naming the field', async () => {
    const before = await count('intake_inbox');
    const res = await file(t.app, complaint({ kind: 'objection' }));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details?.[0]?.path ?? res.json().error.message).toMatch(/kind/);
    expect(await count('intake_inbox')).toBe(before);
  });

  it('a filing left by a killed process is written when a server starts on the database', async () => {
    const killed = await node({ INTAKE_INBOX_IDLE_MS: '1000' });
    const references: string[] = [];
    for (let i = 0; i < 3; i++) references.push((await file(killed, complaint())).json().reference);
    expect(await count('intake_inbox')).toBe(3);
    // (The process would be gone; its rows stay.) A node that starts writes every row left.
    await node({});
    expect(await count('intake_inbox')).toBe(0);
    const written = await t.database.db.selectFrom('cases').select('reference').where('reference', 'in', references).execute();
    expect(written.map((r) => r.reference).sort()).toEqual([...references].sort());
    await killed.settleIntake();
    expect(await t.database.db.selectFrom('cases').select('id').where('reference', 'in', references).execute()).toHaveLength(3);
  });

  it('keeps a filing whose case cannot be written, with its error, shows it in /healthz, and writes the others', async () => {
    const quiet = await node({ INTAKE_INBOX_IDLE_MS: '1000' });
    const refs: string[] = [];
    for (let i = 0; i < 3; i++) refs.push((await file(quiet, complaint())).json().reference);
    // The middle plan is damaged (as by a bug): its case would take a reference that exists.
    const rows = await t.database.db.selectFrom('intake_inbox').select(['id', 'plan']).orderBy('id').execute();
    const existing = (await t.database.db.selectFrom('cases').select('reference').where('organisation_id', '=', org.id).executeTakeFirstOrThrow()).reference;
    const bad = JSON.parse(rows[1]!.plan);
    bad.row.reference = existing;
    await t.database.db
      .updateTable('intake_inbox')
      .set({ plan: JSON.stringify(bad) })
      .where('id', '=', rows[1]!.id)
      .execute();

    const health = await quiet.inject({ method: 'GET', url: '/healthz' });
    expect(health.json().intake).toEqual({ pending: 1, failing: 1 });
    const left = await t.database.db.selectFrom('intake_inbox').select(['id', 'attempts', 'last_error']).execute();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ id: rows[1]!.id, attempts: 1 });
    expect(left[0]!.last_error).toBeTruthy();
    expect((await t.database.db.selectFrom('cases').select('reference').where('reference', 'in', [refs[0]!, refs[2]!]).execute()).length).toBe(2);
    // Mended, the job writes it once it is old enough to be nobody's.
    await t.database.db.updateTable('intake_inbox').set({ plan: rows[1]!.plan }).where('id', '=', rows[1]!.id).execute();
    await intakeInboxJob.run({ db: t.database.db, dialect: t.database.dialect, config: loadConfig({}), log: silentLog }, new Date(Date.now() + ORPHAN_AFTER_MS + 1000));
    expect(await count('intake_inbox')).toBe(0);
    expect(await t.database.db.selectFrom('cases').select('id').where('reference', '=', refs[1]!).execute()).toHaveLength(1);
  });

  it('the job leaves filings younger than a minute to the node that acknowledged them, and skips one that failed five times', async () => {
    const quiet = await node({ INTAKE_INBOX_IDLE_MS: '1000' });
    await file(quiet, complaint());
    const ctx = { db: t.database.db, dialect: t.database.dialect, config: loadConfig({}), log: silentLog };
    await intakeInboxJob.run(ctx, new Date());
    expect(await count('intake_inbox')).toBe(1);
    await t.database.db.updateTable('intake_inbox').set({ attempts: 5 }).execute();
    await intakeInboxJob.run(ctx, new Date(Date.now() + ORPHAN_AFTER_MS + 1000));
    expect(await count('intake_inbox')).toBe(1);
    await quiet.settleIntake();
    expect(await count('intake_inbox')).toBe(0);
  });

  it('in a long burst each new filing writes two waiting ones first, so the inbox shrinks while the burst lasts', async () => {
    const busy = await node({ INTAKE_INBOX_IDLE_MS: '1000', INTAKE_INBOX_MAX_DELAY_MS: '0' });
    for (let i = 0; i < 6; i++) {
      expect((await file(busy, complaint())).statusCode).toBe(201);
      // Time passes between filings: the oldest has waited longer than 0 ms.
      await new Promise((r) => setTimeout(r, 3));
      expect(await count('intake_inbox')).toBeLessThanOrEqual(1);
    }
    await busy.settleIntake();
  });

  it('filings at once from one address to one organisation get consecutive numbers; one refused by the rate limit takes none', async () => {
    // On PostgreSQL the count and the number are taken in one statement of their own (reserveNumber).
    const limited = await node({ PUBLIC_INTAKE_LIMIT: '10' });
    const other = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const answers = await Promise.all(
      Array.from({ length: 13 }, () =>
        limited.inject({ method: 'POST', url: '/api/v1/public/cases', payload: complaint({ organisation: other.org.slug }), remoteAddress: '10.77.0.1' }),
      ),
    );
    const accepted = answers.filter((a) => a.statusCode === 201);
    expect(accepted).toHaveLength(10);
    for (const a of answers.filter((x) => x.statusCode !== 201)) {
      expect(a.statusCode, a.body).toBe(429);
      expect(a.headers['retry-after']).toBeDefined();
    }
    const seqs = accepted.map((a) => Number((a.json().reference as string).split('-').pop())).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    await limited.settleIntake();
    expect(await count('cases', other.org.id)).toBe(10);
    const counter = await t.database.db.selectFrom('case_counters').select('seq').where('organisation_id', '=', other.org.id).executeTakeFirstOrThrow();
    expect(Number(counter.seq)).toBe(10);
    // The next filing, from another address, takes the next number.
    const next = await limited.inject({ method: 'POST', url: '/api/v1/public/cases', payload: complaint({ organisation: other.org.slug }), remoteAddress: '10.77.0.2' });
    expect(next.statusCode, next.body).toBe(201);
    expect(next.json().reference).toMatch(/-0011$/);
    await limited.settleIntake();
  });

  it.skipIf(process.env.DATABASE_URL === undefined)(
    'on PostgreSQL the reservation turns synchronous_commit off for its own transaction only; a full window takes no number',
    async () => {
      const other = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
      const limit = { key: 'reserve-test:10.78.0.1', max: 2, windowSeconds: 3600 };
      await t.database.db.connection().execute(async (conn) => {
        // Durable for this session (the test cluster runs without), so a setting left behind would show.
        await sql`set synchronous_commit = on`.execute(conn);
        const now = Date.now();
        expect(await reserveNumber(conn, other.org.id, 2026, limit, now)).toBe(1);
        expect(await reserveNumber(conn, other.org.id, 2026, limit, now)).toBe(2);
        // The window is full: 429, and no number taken.
        await expect(reserveNumber(conn, other.org.id, 2026, limit, now)).rejects.toMatchObject({ status: 429, code: 'rate-limited' });
        // synchronous_commit was off for the reservation's own transaction only.
        const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(conn);
        expect(rows[0]!.synchronous_commit).toBe('on');
      });
      const counter = await t.database.db.selectFrom('case_counters').select('seq').where('organisation_id', '=', other.org.id).executeTakeFirstOrThrow();
      expect(Number(counter.seq)).toBe(2);
      // Another year has its own numbers; without a limit the number is taken as by a staff intake.
      expect(await reserveNumber(t.database.db, other.org.id, 2025, undefined, Date.now())).toBe(1);
    },
  );

  it('two nodes writing the same filings write each case once', async () => {
    const a = await node({ INTAKE_INBOX_IDLE_MS: '1000' });
    const refs: string[] = [];
    for (let i = 0; i < 20; i++) refs.push((await file(a, complaint())).json().reference);
    const produceLetters = createLetterProducer();
    await Promise.all([a.settleIntake(), materialise(t.database.db, produceLetters, { limit: 20 }), materialise(t.database.db, produceLetters, { limit: 20 })]);
    const written = await t.database.db.selectFrom('cases').select('reference').where('reference', 'in', refs).execute();
    expect(written).toHaveLength(20);
    const events = await t.database.db
      .selectFrom('case_events')
      .innerJoin('cases', 'cases.id', 'case_events.case_id')
      .select('cases.reference')
      .where('cases.reference', 'in', refs)
      .where('case_events.type', '=', 'received')
      .execute();
    expect(events).toHaveLength(20);
    expect(await count('intake_inbox')).toBe(0);
  });
});

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: officer.cookie } });
const silentLog = { error() {}, warn() {}, info() {}, debug() {}, trace() {}, fatal() {}, child: () => silentLog, level: 'silent', silent() {} } as never;
