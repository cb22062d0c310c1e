import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialect } from '../helpers/db.ts';
import { post, setUpOrganisation } from '../helpers/world.ts';
import { namedStatement } from '../../src/db/pg-named.ts';
import { actorFromSession } from '../../src/server/auth/auth.service.ts';
import { loadDetail } from '../../src/server/cases/cases.service.ts';
import { complainantShareables } from '../../src/server/cases/public.routes.ts';
import { loadConfig } from '../../src/core/config.ts';
import type { DB } from '../../src/db/schema.ts';

// Named statements on PostgreSQL (src/db/pg-named.ts, issue 14): the session's statement and a
// case page's parts are planned once per connection, not on every request. Each check runs on one
// reserved connection: pg_prepared_statements shows that connection's statements only.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const prepared = async (conn: Kysely<DB>) =>
  (await sql<{ statement: string; generic_plans: number | string }>`select statement, generic_plans from pg_prepared_statements`.execute(conn)).rows;

describe('named statements on PostgreSQL [issue 14]', () => {
  it('a marked statement is prepared by name and answers as before; an unmarked one is not', async () => {
    await t.database.db.connection().execute(async (conn) => {
      for (let i = 0; i < 7; i++) {
        const rows = await conn.selectFrom('users').select('email').where('email', '=', 'admin@test.example').modifyFront(namedStatement).execute();
        expect(rows).toEqual([{ email: 'admin@test.example' }]);
      }
      await conn.selectFrom('users').select('id').where('email', '=', 'nobody@test.example').execute();
      if (testDialect !== 'postgres') return; // on SQLite the mark is a comment
      const statements = await prepared(conn);
      expect(statements.map((s) => s.statement)).toEqual(['select /* named */ "email" from "users" where "email" = $1']);
      // After five runs PostgreSQL keeps the generic plan: no planning per run.
      expect(Number(statements[0]!.generic_plans)).toBeGreaterThan(0);
    });
  });

  it('after a column of its result changed type or was added, the statement runs unnamed on that connection and answers', async () => {
    if (testDialect !== 'postgres') return;
    await sql`create table named_probe (id integer primary key, label text)`.execute(t.database.db);
    await sql`insert into named_probe values (1, 'een')`.execute(t.database.db);
    await t.database.db.connection().execute(async (conn) => {
      const read = () =>
        (conn as unknown as Kysely<{ named_probe: { id: number; label: string } }>)
          .selectFrom('named_probe')
          .select('label')
          .where('id', '=', 1)
          .modifyFront(namedStatement)
          .execute();
      expect(await read()).toEqual([{ label: 'een' }]);
      // Another node's migration: PostgreSQL now refuses the prepared statement ("cached plan must not change result type").
      await sql`alter table named_probe alter column label type varchar(20)`.execute(conn);
      expect(await read()).toEqual([{ label: 'een' }]);
      expect(await read()).toEqual([{ label: 'een' }]);
      // `select *` after a column was added: the same, with the new column.
      const all = () =>
        (conn as unknown as Kysely<{ named_probe: { id: number } }>).selectFrom('named_probe').selectAll().where('id', '=', 1).modifyFront(namedStatement).execute();
      expect(await all()).toEqual([{ id: 1, label: 'een' }]);
      await sql`alter table named_probe add column note text`.execute(conn);
      expect(await all()).toEqual([{ id: 1, label: 'een', note: null }]);
    });
    await sql`drop table named_probe`.execute(t.database.db);
  });

  it('the session’s statement, the four parts of a case page and what the status page shares are named', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const cookie = people['complaints-officer']!.cookie;
    const created = await post(t, '/api/v1/cases', cookie, {
      organisationId: org.id,
      kind: 'complaint',
      channel: 'email',
      complainant: { name: 'A. Prepared', role: 'client' },
      description: 'De afspraak ging niet door.',
    });
    expect(created.statusCode, created.body).toBe(201);
    const secret = decodeURIComponent(cookie.split('=').slice(1).join('='));
    await t.database.db.connection().execute(async (conn) => {
      const actor = await actorFromSession(conn, secret, loadConfig({}).session);
      expect(actor?.memberships.map((m) => m.organisationId)).toEqual([org.id]);
      const parts = await loadDetail(conn, created.json().id);
      expect(parts.events.length).toBeGreaterThan(0);
      const shareable = await complainantShareables(conn, created.json().id);
      expect(shareable.docs).toEqual([]);
      if (testDialect !== 'postgres') return;
      const statements = (await prepared(conn)).map((s) => s.statement);
      expect(statements.filter((s) => s.startsWith('select /* named */ "s"."user_id"'))).toHaveLength(1);
      // The case page's parts, and the letters and shared documents of the status page.
      for (const table of ['case_parties', 'case_events', 'case_deadlines', 'outbox', 'letters', 'documents']) {
        expect(statements.filter((s) => s.startsWith('select /* named */') && s.includes(`from "${table}" where "case_id" = $1`))).toHaveLength(1);
      }
    });
  });
});
