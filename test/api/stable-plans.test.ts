import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stablePlanSql } from '../../src/db/sqlite-statements.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';

// SQLite re-planned a statement on every run when it bound `col = ?` or `limit ?` (better-sqlite3
// clears the bindings after each run, which expires such statements), and better-sqlite3 then
// compiled a new row constructor with `Function(...)`. Every list page and session read paid for a
// parse and a plan (issue 14). The statement cache now prepares `(select ?)` in those places.

describe('stablePlanSql', () => {
  it('wraps a parameter after = , == , is, limit and offset', () => {
    expect(stablePlanSql('select * from "cases" where "id" = ? and "x" == ? and "y" is ? limit ? offset ?')).toBe(
      'select * from "cases" where "id" = (select ?) and "x" == (select ?) and "y" is (select ?) limit (select ?) offset (select ?)',
    );
    expect(stablePlanSql('SELECT 1 FROM t WHERE a=? LIMIT\n?')).toBe('SELECT 1 FROM t WHERE a=(select ?) LIMIT\n(select ?)');
  });

  it('leaves ranges, inequalities, lists, LIKE and numbered parameters alone', () => {
    const sql = 'select 1 from t where a <= ? and b >= ? and c != ? and d in (?, ?) and e like ? and f is not ? and g = ?1 and h < ?';
    expect(stablePlanSql(sql)).toBe(sql);
  });

  it('leaves what is quoted or commented alone', () => {
    expect(stablePlanSql(`select 'a = ?', "b = ?", [c = ?], \`d = ?\` from t -- e = ?\n where /* f = ? */ g = ?`)).toBe(
      `select 'a = ?', "b = ?", [c = ?], \`d = ?\` from t -- e = ?\n where /* f = ? */ g = (select ?)`,
    );
    expect(stablePlanSql(`select 'it''s = ?' as x where y = ?`)).toBe(`select 'it''s = ?' as x where y = (select ?)`);
    expect(stablePlanSql('select * from t')).toBe('select * from t');
  });

  it('answers the same rows with the same index', () => {
    const db = new BetterSqlite3(':memory:');
    db.exec("create table t (id text primary key, n integer, s text); create index t_n on t (n); insert into t values ('a', 1, '1'), ('b', 2, '2'), ('c', 2, 'x')");
    // Same (absent) affinity: a text parameter against an integer column, a number against a text one.
    for (const [sql, args] of [
      ['select id from t where n = ? order by id', ['2']],
      ['select id from t where s = ? order by id', [1]],
      ['select id from t where id = ? or n is ? order by id limit ? offset ?', ['a', 2, 2, 1]],
    ] as const) {
      expect(db.prepare(stablePlanSql(sql)).all(...args)).toEqual(db.prepare(sql).all(...args));
    }
    const plan = (sql: string) => (db.prepare(`explain query plan ${sql}`).all(2) as { detail: string }[]).map((r) => r.detail);
    expect(plan(stablePlanSql('select id from t where n = ?'))).toContain('SEARCH t USING INDEX t_n (n=?)');
    db.close();
  });
});

/** How many times the code in `run` built a function from source text (better-sqlite3 does for every row constructor). */
async function functionsBuilt(run: () => Promise<unknown> | unknown): Promise<number> {
  const original = globalThis.Function;
  let built = 0;
  globalThis.Function = new Proxy(original, {
    apply(target, self, args) {
      built++;
      return Reflect.apply(target, self, args);
    },
    construct(target, args, newTarget) {
      built++;
      return Reflect.construct(target, args, newTarget);
    },
  });
  try {
    await run();
  } finally {
    globalThis.Function = original;
  }
  return built;
}

describe('hot statements are planned once [issue 14]', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the detector sees a statement that is re-planned on every run', async () => {
    // Without the rewrite, `limit ?` is prepared again on every run and gets a new row constructor.
    const db = new BetterSqlite3(':memory:');
    db.exec("create table t (id integer primary key, s text); insert into t (s) values ('a'), ('b')");
    const stmt = db.prepare('select id, s from t limit ?');
    stmt.all(1);
    expect(
      await functionsBuilt(() => {
        for (const n of [1, 2, 3]) stmt.all(n);
      }),
    ).toBeGreaterThanOrEqual(3);
    const stable = db.prepare(stablePlanSql('select id, s from t limit ?'));
    stable.all(1);
    expect(
      await functionsBuilt(() => {
        for (const n of [1, 2, 3]) stable.all(n);
      }),
    ).toBe(0);
    db.close();
  });

  it('the session, the memberships, work-queue pages and a case page are not re-planned per request', async (ctx) => {
    if (t.database.dialect !== 'sqlite') ctx.skip();
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const cookie = people['complaints-officer']!.cookie;
    const made = await post(t, '/api/v1/cases', cookie, {
      organisationId: org.id,
      kind: 'complaint',
      channel: 'post',
      receivedAt: '2026-03-04',
      complainant: { name: 'Anna de Vries', role: 'client' },
      description: 'Mijn begeleider kwam niet opdagen.',
    });
    expect(made.statusCode, made.body).toBe(201);
    const urls = [
      `/api/v1/cases?organisationId=${org.id}&limit=20`,
      `/api/v1/cases?organisationId=${org.id}&status=received&limit=20`,
      `/api/v1/cases?organisationId=${org.id}&overdue=true&limit=20`,
      `/api/v1/cases?organisationId=${org.id}&q=begeleider&limit=20`,
      `/api/v1/cases/${made.json().id}`,
    ];
    // The first run of each prepares (and builds its row constructors); the next runs may not.
    for (const url of urls) expect((await get(t, url, cookie)).statusCode, url).toBe(200);
    const built = await functionsBuilt(async () => {
      for (let round = 0; round < 3; round++) for (const url of urls) expect((await get(t, url, cookie)).statusCode, url).toBe(200);
    });
    expect(built).toBe(0);
  });
});
