import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledQuery, sql, type Compilable } from 'kysely';
import { createTestDatabase, testDialect, type TestDatabase } from '../helpers/db.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { setUpOrganisation } from '../helpers/world.ts';
import { queryRecorder } from '../helpers/recorded-queries.ts';

// The hot queries use their indexes (PERFORMANCE.md: without them a list over
// 1M cases takes 0.4–1 s instead of under 2 ms). On PostgreSQL the planner
// prefers a scan of a tiny table, so sequential scans are switched off to ask
// whether an index *can* serve the query.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

async function plan(q: Compilable): Promise<string> {
  const { sql: text, parameters } = q.compile();
  if (t.dialect === 'postgres') {
    return t.db.connection().execute(async (conn) => {
      await sql`set enable_seqscan = off`.execute(conn);
      const rows = await sql.raw<{ 'QUERY PLAN': string }>(`explain ${text.replace(/\$(\d+)/g, (_, i) => literal(parameters[Number(i) - 1]))}`).execute(conn);
      await sql`reset enable_seqscan`.execute(conn);
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }
  const rows = await sql.raw<{ detail: string }>(`explain query plan ${inline(text, parameters)}`).execute(t.db);
  return rows.rows.map((r) => r.detail).join('\n');
}
const literal = (v: unknown) => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
function inline(text: string, params: readonly unknown[]) {
  let i = 0;
  return text.replace(/\?/g, () => literal(params[i++]));
}

describe('query plans', () => {
  it('the work queue of an organisation uses an index', async () => {
    const q = t.db.selectFrom('cases').select(['id']).where('organisation_id', '=', 'o1').where('destroyed_at', 'is', null).orderBy('id', 'desc').limit(51);
    expect(await plan(q)).toMatch(/cases_org_id|cases_open_due|Index/i);
  });
  it('the overdue list is one range scan over pending deadlines', async () => {
    const q = t.db.selectFrom('case_deadlines').select('case_id').where('done_on', 'is', null).where('due', '<', '2026-11-23');
    expect(await plan(q)).toMatch(/case_deadlines_pending/);
  });
  it('the mail sender finds due mail by index', async () => {
    const q = t.db.selectFrom('outbox').select('id').where('status', '=', 'pending').where('next_attempt_at', '<=', '2026-11-23T00:00:00.000Z');
    expect(await plan(q)).toMatch(/outbox_pending/);
  });
  it('counting failed logins for an account uses the audit subject index', async () => {
    const q = t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('subject', '=', 'a@b.c')
      .where('action', '=', 'auth.login-failed')
      .where('at', '>', '2026-11-23');
    expect(await plan(q)).toMatch(/audit_log_subject/);
  });
  it('a case timeline is read by index', async () => {
    const q = t.db.selectFrom('case_events').selectAll().where('case_id', '=', 'c1').orderBy('id');
    expect(await plan(q)).toMatch(/case_events_case/);
  });
});

// The route's own search SQL on PostgreSQL, recorded by a plugin and asked for its plan.
describe.runIf(testDialect === 'postgres')("PostgreSQL: the work queue's search", () => {
  const recorded = queryRecorder();
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({}, { plugin: recorded.plugin });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('tests the stored vector of each case, never builds it from the text again [issue 14]', async () => {
    const { org, people } = await setUpOrganisation(app, 'stadsring51', ['complaints-officer']);
    recorded.clear();
    const res = await app.app.inject({ method: 'GET', url: `/api/v1/cases?organisationId=${org.id}&q=begeleider`, headers: { cookie: people['complaints-officer']!.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    const search = recorded.selects(app).find((c) => /plainto_tsquery/.test(c.sql));
    expect(search, 'the search query').toBeDefined();
    const rows = await app.database.db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${search!.sql}`, [...search!.parameters]));
    const p = rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(p, p).toContain('tsv @@');
    expect(p, p).not.toContain('to_tsvector');
  });
});

// A rare word at 1M cases (migration 909): the planner's estimate and the index's pending list.
describe.runIf(testDialect === 'postgres')('PostgreSQL: the search index as a rare word needs it', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a filed case is in the index itself, with no pending entries every search reads [issue 14]', async () => {
    const { org, people } = await setUpOrganisation(app, 'stadsring51', ['complaints-officer']);
    const db = app.database.db;
    await sql`select gin_clean_pending_list('case_search_tsv'::regclass)`.execute(db);
    const res = await app.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { cookie: people['complaints-officer']!.cookie },
      payload: {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        receivedAt: '2026-11-02',
        complainant: { name: 'Noor Visser', role: 'client' },
        description: 'Mijn parkeervergunning is kwijtgeraakt.',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    // With fast update on, the new case's words wait in the pending list and this moves them (1 page).
    const moved = await sql<{ pages: number }>`select gin_clean_pending_list('case_search_tsv'::regclass) as pages`.execute(db);
    expect(Number(moved.rows[0]!.pages)).toBe(0);
    const found = await app.app.inject({
      method: 'GET',
      url: `/api/v1/cases?organisationId=${org.id}&q=parkeervergunning`,
      headers: { cookie: people['complaints-officer']!.cookie },
    });
    expect(found.json().items.map((c: { id: string }) => c.id)).toEqual([res.json().id]);
  });

  it('keeps ten times the default statistics of the words, so a rare word is not estimated at 0.19 % of all cases [issue 14]', async () => {
    const rows = await sql<{ target: number }>`select attstattarget as target from pg_attribute where attrelid = 'case_search'::regclass and attname = 'tsv'`.execute(t.db);
    expect(Number(rows.rows[0]!.target)).toBe(1000);
  });
});

describe.runIf(testDialect === 'postgres')('PostgreSQL: statistics the overdue list needs', () => {
  it('counts open, marked cases per organisation together, not as independent columns [issue 14]', async () => {
    const rows = await sql<{ stxname: string; stxkind: string[] | string; columns: string }>`
      select s.stxname, s.stxkind, (select string_agg(a.attname, ',' order by a.attname) from pg_attribute a where a.attrelid = s.stxrelid and a.attnum = any (s.stxkeys)) as columns
      from pg_statistic_ext s where s.stxrelid = 'cases'::regclass`.execute(t.db);
    const marked = rows.rows.find((r) => r.stxname === 'cases_open_marked');
    expect(marked, JSON.stringify(rows.rows)).toBeDefined();
    expect(String(marked!.stxkind)).toContain('m');
    expect(marked!.columns).toBe('closed_at,organisation_id,overdue_marked');
  });
});
