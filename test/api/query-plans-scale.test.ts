import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledQuery, sql, type Compilable, type Expression, type KyselyPlugin, type SqlBool } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { refreshStatistics } from '../../src/jobs/statistics.ts';
import { markOverdue } from '../../src/jobs/deadline-monitor.ts';
import { openCaseCounts } from '../../src/server/reports/oversight.routes.ts';
import { openCasesFirst, overduePage } from '../../src/server/cases/cases.routes.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { setUpOrganisation } from '../helpers/world.ts';
import { queryRecorder } from '../helpers/recorded-queries.ts';

// The plans of the list filters, the search, the oversight view, the deadline
// monitor and the reports at scale (issue 14). Each filter has an index in the
// list's order (newest first), so a page reads about a page of index entries and
// never sorts: "USE TEMP B-TREE" (SQLite) or "Sort" over a whole organisation is
// what made them grow with the data. On PostgreSQL sequential scans are switched
// off to ask whether an index *can* serve the query (as in query-plans.test.ts).

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await refreshStatistics(t.db, t.dialect);
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
  // Bound parameters, as the server runs them (the planner does not see the values). The statement
  // cache reads a compared parameter as `(select ?)` (src/db/sqlite-statements.ts): the plan lists
  // each as a scalar subquery over a constant row, which is left out here.
  const rows = await t.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${text}`, [...parameters]));
  return rows.rows
    .map((r) => r.detail)
    .filter((d) => !/^SCALAR SUBQUERY \d+$|^SCAN CONSTANT ROW$/.test(d))
    .join('\n');
}
const literal = (v: unknown) => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

/** The work-queue list as the route builds it: visibility, organisation, newest first, a page. */
function workQueue() {
  return t.db
    .selectFrom('cases')
    .select(['id', 'reference', 'status', 'next_due'])
    .where('destroyed_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('organisation_id', 'in', ['o1']),
        eb('organisation_id', 'in', ['o2', 'o3']),
        eb('id', 'in', t.db.selectFrom('case_parties').select('case_id').where('user_id', '=', 'u1')),
      ]),
    )
    .where('organisation_id', '=', 'o1')
    .orderBy('id', 'desc')
    .limit(51);
}
/**
 * The statements overduePage runs for the overdue page of `q` (the list as the route builds it),
 * recorded instead of run: the part of the marked cases and the part of the passed unmarked ones.
 */
async function overdueStatements<B extends { where: any; withPlugin: any; clearOrderBy: any; orderBy: any } & Compilable>(
  q: B,
  dialect: 'sqlite' | 'postgres',
): Promise<Compilable[]> {
  const ran: Compilable[] = [];
  type Recording = {
    where(e: Expression<SqlBool>): Recording;
    withPlugin(p: KyselyPlugin): Recording;
    clearOrderBy(): Recording;
    orderBy(e: Expression<unknown>, d: 'desc'): Recording;
    execute(): Promise<{ id: string }[]>;
  };
  const recording = (b: B): Recording => ({
    where: (e) => recording(b.where(e)),
    withPlugin: (p) => recording(b.withPlugin(p)),
    clearOrderBy: () => recording(b.clearOrderBy()),
    orderBy: (e, d) => recording(b.orderBy(e, d)),
    execute: async () => {
      ran.push(b);
      return [];
    },
  });
  const overdue = q.where('closed_at', 'is', null).where(sql<string>`coalesce(next_due, '9999-12-31')`, '<', '2026-12-02');
  await overduePage(recording(overdue), '2026-12-02', true, 51, dialect);
  return ran;
}
const sorts = (p: string) => (t.dialect === 'postgres' ? /\bSort\b/.test(p) : /TEMP B-TREE FOR ORDER BY/.test(p));

describe('query plans at scale', () => {
  it('overdue=true reads the marked overdue cases newest first without sorting, and the passed unmarked ones by due date [issue 14]', async () => {
    const [marked, unmarked] = await overdueStatements(workQueue(), t.dialect);
    const pm = await plan(marked!);
    expect(pm, pm).toMatch(/cases_overdue_org_id/);
    expect(sorts(pm)).toBe(false);
    const pu = await plan(unmarked!);
    // A range on next_due: only the cases that passed since the monitor's last run.
    expect(pu, pu).toMatch(t.dialect === 'postgres' ? /cases_unmarked_due/ : /cases_unmarked_due \(organisation_id=\? AND next_due<\?\)/);
  });
  it('a status filter uses the organisation-status index in the list order', async () => {
    const p = await plan(workQueue().where('status', '=', 'hearing-scheduled'));
    expect(p).toMatch(/cases_org_status_id/);
    expect(sorts(p)).toBe(false);
  });
  it('a team filter uses the team index in the list order', async () => {
    const p = await plan(workQueue().where('team_id', 'in', ['t1']));
    expect(p).toMatch(/cases_team_id/);
    expect(sorts(p)).toBe(false);
  });
  it('full-text search on SQLite walks the search index newest first and stops at a page', async () => {
    if (t.dialect !== 'sqlite') return;
    const q = workQueue()
      .clearOrderBy()
      .innerJoin('case_search', 'case_search.case_id', 'cases.id')
      .where(sql<boolean>`case_search match ${'"begeleider"*'}`)
      .orderBy(sql`case_search.rowid`, 'asc');
    const p = await plan(q);
    expect(p.split('\n')[0]).toMatch(/SCAN case_search VIRTUAL TABLE/);
    expect(sorts(p)).toBe(false);
  });
  it('oversight counts deadlines per provider from the organisation-due index alone', async () => {
    const q = t.db
      .selectFrom('case_deadlines')
      .select(['organisation_id', 'status', sql`count(*)`.as('n')])
      .where('organisation_id', 'in', ['o1', 'o2'])
      .where('due', '>=', '2025-01-01')
      .where('due', '<=', '2025-12-31')
      .groupBy(['organisation_id', 'status']);
    expect(await plan(q)).toMatch(/case_deadlines_org_due/);
  });
  it('oversight counts open and overdue cases per provider from an open-case index', async () => {
    const compiled = openCaseCounts(t.db, t.dialect, ['o1', 'o2'], '2026-12-02');
    const p = await plan({ compile: () => compiled } as Compilable);
    // On PostgreSQL over empty tables every index of the organisation costs the same; that one serves is what counts.
    expect(p, p).toMatch(t.dialect === 'postgres' ? /Index/ : /cases_open_org_id/);
  });
  it('the deadline monitor finds what still needs an alert or a reminder by their own indexes', async () => {
    const base = () =>
      t.db
        .selectFrom('case_deadlines as d')
        .innerJoin('cases as c', 'c.id', 'd.case_id')
        .select(['d.case_id', 'd.idx'])
        .where('d.done_on', 'is', null)
        .where('c.closed_at', 'is', null)
        .where('c.destroyed_at', 'is', null);
    expect(await plan(base().where('d.alerted_at', 'is', null).where('d.due', '<', '2026-12-02').orderBy('d.due').orderBy('d.case_id').orderBy('d.idx').limit(500))).toMatch(
      /case_deadlines_to_alert/,
    );
    expect(
      await plan(
        base()
          .where('d.reminded_at', 'is', null)
          .where('d.due', '>=', '2026-12-02')
          .where('d.due', '<=', '2026-12-04')
          .orderBy('d.due')
          .orderBy('d.case_id')
          .orderBy('d.idx')
          .limit(500),
      ),
    ).toMatch(/case_deadlines_to_remind/);
  });
  it("a report reads an organisation's cases of a period by the organisation-received index", async () => {
    const q = t.db
      .selectFrom('cases')
      .select(['state', 'categories'])
      .where('organisation_id', 'in', ['o1'])
      .where('received_on', '>=', '2025-01-01')
      .where('received_on', '<=', '2025-01-31');
    expect(await plan(q)).toMatch(/cases_org_received/);
  });
});

// The statistics `pragma analysis_limit = 1000` gathered on the 1M-case benchmark database
// (bench/scale-seed.ts): every index of the organisation looks like ~1,000 rows per organisation,
// the partial index of open cases no smaller than the whole. With them SQLite read overdue=true
// through cases_org_id, every closed case on the way: 28 ms a page against 2 ms.
const SAMPLED_AT_1M: [string, string][] = [
  ['cases_open_received', '81175 1001 4'],
  ['cases_org_received', '1000000 1001 33'],
  ['cases_open_org_id', '81175 1001 1 1'],
  ['cases_team_id', '1000000 1001 1'],
  ['cases_org_status_id', '1000000 1001 1001 1'],
  ['cases_retention', '1000000 77'],
  ['cases_handler', '1000000 1001 1001'],
  ['cases_reference', '1000000 1'],
  ['cases_org_id', '1000000 1001 1'],
  ['cases_open_due', '81175 1001 26'],
  // Sampled on the same database after migration 905 (2026-12-04).
  ['cases_overdue_org_id', '38110 1001 1 1'],
  ['cases_unmarked_due', '63792 1001 401'],
  ['sqlite_autoindex_cases_4', '1000000 1001 1'],
  ['sqlite_autoindex_cases_3', '1000000 1001 667 1'],
  ['sqlite_autoindex_cases_2', '1000000 1'],
  ['sqlite_autoindex_cases_1', '1000000 1'],
];

/** Gives `db` the statistics of the cases' indexes sampled at 1M cases. */
async function sampledAt1M(db: TestDatabase['db']): Promise<void> {
  await refreshStatistics(db, 'sqlite');
  await sql`delete from sqlite_stat1 where tbl = 'cases'`.execute(db);
  for (const [idx, stat] of SAMPLED_AT_1M) await sql`insert into sqlite_stat1 (tbl, idx, stat) values ('cases', ${idx}, ${stat})`.execute(db);
  // The planner reads sqlite_stat1 again only when told to.
  await sql`analyze sqlite_schema`.execute(db);
}

describe.runIf(!process.env.DATABASE_URL)('query plans under the statistics sampled at 1M cases (SQLite)', () => {
  let s: TestDatabase;
  beforeAll(async () => {
    s = await createTestDatabase();
    await sampledAt1M(s.db);
  });
  afterAll(async () => {
    await s?.drop();
  });
  const planOf = async (q: Compilable) => {
    const { sql: text, parameters } = q.compile();
    const rows = await s.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${text}`, [...parameters]));
    return rows.rows.map((r) => r.detail).join('\n');
  };
  const overdue = () =>
    s.db
      .selectFrom('cases')
      .select(['id', 'reference', 'status', 'next_due'])
      .where('destroyed_at', 'is', null)
      .where((eb) => eb.or([eb('organisation_id', 'in', ['o1']), eb('id', 'in', s.db.selectFrom('case_parties').select('case_id').where('user_id', '=', 'u1'))]))
      .where('organisation_id', '=', 'o1')
      .where('closed_at', 'is', null)
      .where(sql<string>`coalesce(next_due, '9999-12-31')`, '<', '2026-12-03')
      .orderBy('id', 'desc')
      .limit(51);

  it('left to itself the planner reads the whole organisation (why the route names the index)', async () => {
    expect(await planOf(overdue())).not.toMatch(/cases_open_org_id/);
  });
  it('the two parts of an overdue page read their own partial indexes, which SQLite accepts [issue 14]', async () => {
    const [marked, unmarked] = await overdueStatements(overdue(), 'sqlite');
    const pm = await planOf(marked!);
    expect(pm).toMatch(/USING INDEX cases_overdue_org_id \(organisation_id=\?\)/);
    expect(/TEMP B-TREE FOR ORDER BY/.test(pm)).toBe(false);
    // The range of the organisation's passed dates, not a skip-scan of every date (1.5 ms a page at 1M).
    expect(await planOf(unmarked!)).toMatch(/USING INDEX cases_unmarked_due \(organisation_id=\? AND next_due<\?\)/);
    for (const part of [marked!, unmarked!]) await expect(s.db.executeQuery(part.compile())).resolves.toMatchObject({ rows: [] });
  });
  it("the deadline monitor's overdue marks read the passed unmarked cases from their index, with or without its statistics [issue 14]", async () => {
    const ran: CompiledQuery[] = [];
    const db = s.db.withPlugin({
      transformQuery: ({ node, queryId }) => {
        ran.push(s.db.getExecutor().compileQuery(node, queryId));
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    await markOverdue(db, 'sqlite', new Date());
    const update = ran.find((c) => /^update "cases"/.test(c.sql));
    expect(update, 'the marking statement').toBeDefined();
    const rows = await s.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${update!.sql}`, [...update!.parameters]));
    const p = rows.rows.map((r) => r.detail).join('\n');
    expect(p, p).toMatch(/USING INDEX cases_unmarked_due/);
  });
  it('the work queue of open cases (open, due before) reads the partial index of open cases [issue 14]', async () => {
    const p = await planOf(openCasesFirst(overdue(), 'sqlite'));
    expect(p).toMatch(/USING INDEX cases_open_org_id/);
    expect(/TEMP B-TREE FOR ORDER BY/.test(p)).toBe(false);
    // And it runs: SQLite refuses an INDEXED BY it cannot use.
    await expect(openCasesFirst(overdue(), 'sqlite').execute()).resolves.toEqual([]);
  });
});

// The route's own SQL for one team's work queue, planned under the sampled statistics: the queries
// the app makes are recorded by a plugin and the list's is asked for its plan.
describe.runIf(!process.env.DATABASE_URL)("the work queue's own queries under the statistics sampled at 1M cases (SQLite)", () => {
  const recorded = queryRecorder();
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({}, { plugin: recorded.plugin });
    await sampledAt1M(app.database.db);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("one team's page reads the team index newest first, the organisation named once [issue 14]", async () => {
    const { org, people } = await setUpOrganisation(app, 'stadsring51', ['complaints-officer']);
    recorded.clear();
    const res = await app.app.inject({ method: 'GET', url: `/api/v1/cases?organisationId=${org.id}&team=t1`, headers: { cookie: people['complaints-officer']!.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    const list = recorded.selects(app).find((c) => /from "cases"/.test(c.sql) && /"team_id" in/.test(c.sql));
    expect(list, 'the list query').toBeDefined();
    expect(list!.sql.match(/"organisation_id" = \?/g)).toHaveLength(1);
    const rows = await app.database.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${list!.sql}`, [...list!.parameters]));
    const p = rows.rows.map((r) => r.detail).join('\n');
    // With the organisation named twice SQLite counted it twice and read the team through cases_org_id.
    expect(p, p).toMatch(/USING INDEX cases_team_id/);
    expect(/TEMP B-TREE FOR ORDER BY/.test(p)).toBe(false);
  });
});
