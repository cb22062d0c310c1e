import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';
import { markOverdue, monitorDeadlines } from '../../src/jobs/deadline-monitor.ts';
import { amsterdamDate } from '../../src/domain/calendar.ts';
import { refreshStatistics } from '../../src/jobs/statistics.ts';
import { up as scaleMigration } from '../../src/db/migrations/2026-12-02-801-scale.ts';
import { up as scopeUp, down as scopeDown } from '../../src/db/migrations/2026-12-07-910-search-scope.ts';
import { up as newestFirstUp, down as newestFirstDown } from '../../src/db/migrations/2026-12-08-911-search-newest-first.ts';
import { checkedHits, searchScope } from '../../src/server/cases/cases.routes.ts';
import { prefixSearch, scopeToken } from '../../src/domain/search.ts';

// Correctness defects that only show at size (issue 14).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const at = (date: string) => new Date(`${date}T09:00:00+01:00`);

async function complaint(orgId: string, cookie: string, receivedAt: string) {
  const res = await post(t, '/api/v1/cases', cookie, {
    organisationId: orgId,
    kind: 'complaint',
    channel: 'email',
    receivedAt,
    complainant: { name: 'K. de Vries', role: 'client' },
    description: 'Er werd niet teruggebeld.',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; reference: string };
}

describe('overdue list', () => {
  it('does not list a case that ended with a missed deadline [004 §6.3]; its deadlines are settled', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const cookie = people['complaints-officer']!.cookie;
    // Received long ago and never acknowledged: the acknowledgement term of a week has run out.
    const ended = await complaint(org.id, cookie, '2026-01-05');
    const open = await complaint(org.id, cookie, '2026-01-06');
    const w = await post(t, `/api/v1/cases/${ended.id}/events`, cookie, { type: 'withdrawn' });
    expect(w.statusCode, w.body).toBe(201);

    const list = (await get(t, `/api/v1/cases?organisationId=${org.id}&overdue=true`, cookie)).json() as { items: { id: string; overdue: boolean }[] };
    expect(list.items.map((i) => i.id)).toEqual([open.id]);
    expect(list.items.every((i) => i.overdue)).toBe(true);

    const rows = await t.database.db.selectFrom('case_deadlines').select(['status', 'done_on']).where('case_id', '=', ended.id).execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.done_on !== null)).toBe(true);
    expect(rows.some((r) => r.status === 'missed')).toBe(true);
    const c = await t.database.db.selectFrom('cases').select('next_due').where('id', '=', ended.id).executeTakeFirstOrThrow();
    expect(c.next_due).toBeNull();
  });

  it('the migration settles the outstanding deadlines of cases that ended before it', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const cookie = people['complaints-officer']!.cookie;
    const ended = await complaint(org.id, cookie, '2026-01-05');
    expect((await post(t, `/api/v1/cases/${ended.id}/events`, cookie, { type: 'withdrawn' })).statusCode).toBe(201);
    // As the product stored it before: done_on empty for a missed deadline of an ended case.
    await t.database.db.updateTable('case_deadlines').set({ done_on: null }).where('case_id', '=', ended.id).where('status', '=', 'missed').execute();
    const closedAt = (await t.database.db.selectFrom('cases').select('closed_at').where('id', '=', ended.id).executeTakeFirstOrThrow()).closed_at!;
    // The indexes exist already in this database; the migration's data step is what is tested here.
    for (const i of [
      'cases_org_received',
      'cases_open_org_id',
      'cases_team_id',
      'cases_org_status_id',
      'case_deadlines_org_due',
      'case_deadlines_to_remind',
      'case_deadlines_to_alert',
    ]) {
      await t.database.db.schema.dropIndex(i).execute();
    }
    await scaleMigration(t.database.db as never);
    const rows = await t.database.db.selectFrom('case_deadlines').select(['status', 'done_on']).where('case_id', '=', ended.id).execute();
    expect(rows.filter((r) => r.status === 'missed').map((r) => r.done_on)).toEqual(rows.filter((r) => r.status === 'missed').map(() => closedAt.slice(0, 10)));
  });
});

describe('overdue marks (issue 14)', () => {
  type Page = { items: { id: string; overdue: boolean }[]; nextCursor: string | null };
  const marks = async (ids: string[]) =>
    Object.fromEntries((await t.database.db.selectFrom('cases').select(['id', 'overdue_marked']).where('id', 'in', ids).execute()).map((r) => [r.id, r.overdue_marked]));

  it('lists the marked and the not yet marked overdue cases together, newest first, page by page; never a case not due', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const cookie = people['complaints-officer']!.cookie;
    const a = await complaint(org.id, cookie, '2026-01-05');
    const b = await complaint(org.id, cookie, '2026-01-06');
    const today = amsterdamDate(new Date());
    const notDue = await complaint(org.id, cookie, today);
    expect(await markOverdue(t.database.db, t.database.dialect, new Date())).toBeGreaterThanOrEqual(2);
    // Registered after the monitor ran: overdue, not yet marked.
    const c = await complaint(org.id, cookie, '2026-01-07');
    expect(await marks([a.id, b.id, c.id, notDue.id])).toEqual({ [a.id]: 1, [b.id]: 1, [c.id]: 0, [notDue.id]: 0 });
    // A mark that no longer holds (next_due moved on without clearing it) costs time, not the answer.
    await t.database.db.updateTable('cases').set({ overdue_marked: 1 }).where('id', '=', notDue.id).execute();

    const url = `/api/v1/cases?organisationId=${org.id}&overdue=true`;
    const all = (await get(t, url, cookie)).json() as Page;
    expect(all.items.map((i) => i.id)).toEqual([c.id, b.id, a.id]);
    expect(all.items.every((i) => i.overdue)).toBe(true);
    const first = (await get(t, `${url}&limit=2`, cookie)).json() as Page;
    expect(first.items.map((i) => i.id)).toEqual([c.id, b.id]);
    expect(first.nextCursor).not.toBeNull();
    const second = (await get(t, `${url}&limit=2&cursor=${first.nextCursor}`, cookie)).json() as Page;
    expect(second.items.map((i) => i.id)).toEqual([a.id]);
    expect(second.nextCursor).toBeNull();
    // The open-case counts agree with the list.
    const counts = (await get(t, `/api/v1/cases/counts`, cookie)).json() as { overdue: number };
    expect(counts.overdue).toBe(3);
  });

  it('writing next_due clears the mark, closing takes the case out, and the monitor marks only open cases whose next_due passed', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const cookie = people['complaints-officer']!.cookie;
    const a = await complaint(org.id, cookie, '2026-01-05');
    const closed = await complaint(org.id, cookie, '2026-01-05');
    expect((await post(t, `/api/v1/cases/${closed.id}/events`, cookie, { type: 'withdrawn' })).statusCode).toBe(201);
    await markOverdue(t.database.db, t.database.dialect, new Date());
    expect(await marks([a.id, closed.id])).toEqual({ [a.id]: 1, [closed.id]: 0 });
    const ack = await post(t, `/api/v1/cases/${a.id}/events`, cookie, { type: 'acknowledged' });
    expect(ack.statusCode, ack.body).toBe(201);
    expect(await marks([a.id])).toEqual({ [a.id]: 0 });
    // Still overdue if its next deadline has passed too: listed from the unmarked part until marked again.
    const row = await t.database.db.selectFrom('cases').select('next_due').where('id', '=', a.id).executeTakeFirstOrThrow();
    const overdue = row.next_due !== null && row.next_due < amsterdamDate(new Date());
    const list = (await get(t, `/api/v1/cases?organisationId=${org.id}&overdue=true`, cookie)).json() as Page;
    expect(list.items.map((i) => i.id)).toEqual(overdue ? [a.id] : []);
    await markOverdue(t.database.db, t.database.dialect, new Date(), 1);
    expect(await marks([a.id, closed.id])).toEqual({ [a.id]: overdue ? 1 : 0, [closed.id]: 0 });
    expect(((await get(t, `/api/v1/cases?organisationId=${org.id}&overdue=true`, cookie)).json() as Page).items.map((i) => i.id)).toEqual(overdue ? [a.id] : []);
  });
});

describe('deadline monitor at size', () => {
  it('keeps reminding after more than 500 deadlines were alerted [004 §6.3]', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const officer = people['complaints-officer']!;
    const old = await complaint(org.id, officer.cookie, '2026-01-05');
    // 600 old deadlines of an open case, all alerted already, all due before the new one.
    const base = await t.database.db.selectFrom('case_deadlines').selectAll().where('case_id', '=', old.id).executeTakeFirstOrThrow();
    const rows = Array.from({ length: 600 }, (_, i) => ({
      ...base,
      idx: 100 + i,
      due: '2026-01-12',
      status: 'missed',
      done_on: null,
      alerted_at: '2026-01-13T08:00:00.000Z',
      reminded_at: '2026-01-08T08:00:00.000Z',
    }));
    for (let i = 0; i < rows.length; i += 100)
      await t.database.db
        .insertInto('case_deadlines')
        .values(rows.slice(i, i + 100))
        .execute();
    await t.database.db
      .updateTable('case_deadlines')
      .set({ alerted_at: '2026-01-13T08:00:00.000Z', reminded_at: '2026-01-08T08:00:00.000Z' })
      .where('case_id', '=', old.id)
      .execute();

    const fresh = await complaint(org.id, officer.cookie, '2026-03-04');
    // Acknowledgement of the fresh case due 2026-03-11; two working days before it: 9 March.
    const r = await monitorDeadlines(t.database.db, 'http://kw.test', at('2026-03-09'));
    expect(r.reminded).toBeGreaterThanOrEqual(1);
    const mails = await t.database.db.selectFrom('outbox').select('subject').where('case_id', '=', fresh.id).where('to_address', '=', officer.email).execute();
    expect(mails.filter((m) => m.subject.startsWith('Herinnering: ontvangstbevestiging'))).toHaveLength(1);
    // None of the 600 alerted again.
    const again = await t.database.db.selectFrom('outbox').select('subject').where('case_id', '=', old.id).where('subject', 'like', 'Termijn verstreken%').execute();
    expect(again).toHaveLength(0);
  });

  it('alerts more than one batch of missed deadlines in one run, and none of a closed case', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const officer = people['complaints-officer']!;
    const c = await complaint(org.id, officer.cookie, '2026-01-05');
    const closed = await complaint(org.id, officer.cookie, '2026-01-05');
    expect((await post(t, `/api/v1/cases/${closed.id}/events`, officer.cookie, { type: 'withdrawn' })).statusCode).toBe(201);
    const base = await t.database.db.selectFrom('case_deadlines').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
    await t.database.db.deleteFrom('case_deadlines').where('case_id', '=', c.id).execute();
    const rows = Array.from({ length: 12 }, (_, i) => ({ ...base, idx: i, due: '2026-01-12', status: 'open', done_on: null, alerted_at: null, reminded_at: null }));
    await t.database.db.insertInto('case_deadlines').values(rows).execute();
    const r = await monitorDeadlines(t.database.db, 'http://kw.test', at('2026-03-09'), 5);
    expect(r.alerted).toBeGreaterThanOrEqual(12);
    const left = await t.database.db.selectFrom('case_deadlines').select('idx').where('case_id', '=', c.id).where('alerted_at', 'is', null).execute();
    expect(left).toHaveLength(0);
    const closedMails = await t.database.db.selectFrom('outbox').select('subject').where('case_id', '=', closed.id).where('subject', 'like', 'Termijn verstreken%').execute();
    expect(closedMails).toHaveLength(0);
  });
});

describe('planner statistics', () => {
  it('the statistics job gives the planner statistics of the case tables', async () => {
    await refreshStatistics(t.database.db, t.database.dialect);
    await refreshStatistics(t.database.db, t.database.dialect); // later runs: only what changed (pragma optimize)
    if (t.database.dialect === 'sqlite') {
      const rows = await sql<{ tbl: string }>`select distinct tbl from sqlite_stat1`.execute(t.database.db);
      expect(rows.rows.map((r) => r.tbl)).toEqual(expect.arrayContaining(['cases', 'case_deadlines']));
    } else {
      const rows = await sql<{ relname: string }>`select relname from pg_stat_user_tables where last_analyze is not null`.execute(t.database.db);
      expect(rows.rows.map((r) => r.relname)).toEqual(expect.arrayContaining(['cases', 'case_deadlines']));
    }
  });
});

describe('search paging', () => {
  it('pages through every hit of a word once, newest first, by the cursor it returns', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const cookie = people['complaints-officer']!.cookie;
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(t, '/api/v1/cases', cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        complainant: { name: `P. Zoekmans ${i}`, role: 'client' },
        description: `Het vervoer naar de dagbesteding kwam niet (${i}).`,
      });
      expect(res.statusCode, res.body).toBe(201);
      made.push(res.json().id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(t, `/api/v1/cases?organisationId=${org.id}&q=dagbesteding&limit=2${cursor ? `&cursor=${cursor}` : ''}`, cookie);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([...made].reverse());
    expect(pages).toBe(3);
  });

  it('a cursor that is not one of this search is a 400 naming the field', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const res = await get(t, `/api/v1/cases?organisationId=${org.id}&q=dagbesteding&cursor=zzz`, people['complaints-officer']!.cookie);
    if (t.database.dialect !== 'sqlite') return; // PostgreSQL pages search by case id, like the list
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('cursor');
  });
});

describe('search by a kept prefix (issue 14)', () => {
  it('finds a word whose kept prefix is common exactly, newest first and page by page, also past the bound', async () => {
    if (t.database.dialect !== 'sqlite') return; // PostgreSQL searches whole stemmed words, without prefixes
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const cookie = people['complaints-officer']!.cookie;
    // "begeleider" is looked up by "begeleid": most of these cases say "begeleiding" and must not be found.
    const words = ['begeleiding', 'Begeleider', 'begeleiding', 'begeleiding', 'begeleiders', 'begeleiding', 'begeleiding', 'begeleidster', 'BEGELEIDER', 'begeleiding'];
    const made: { id: string; word: string }[] = [];
    for (const [i, word] of words.entries()) {
      const res = await post(t, '/api/v1/cases', cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        complainant: { name: `R. Zoekers ${i}`, role: 'client' },
        description: `De ${word} kwam niet op de afgesproken tijd (${i}).`,
      });
      expect(res.statusCode, res.body).toBe(201);
      made.push({ id: res.json().id, word });
    }
    const expected = made
      .filter((m) => m.word.toLowerCase().startsWith('begeleider'))
      .map((m) => m.id)
      .reverse();
    const pageThrough = (q: string) => searchPages(t, org.id, cookie, q, 10);
    expect(await pageThrough('begeleider')).toEqual(expected);
    expect(await pageThrough('Begeleïder')).toEqual(expected);
    // A kept length itself needs no check: all ten.
    expect(await pageThrough('begeleid')).toEqual(made.map((m) => m.id).reverse());

    // Batches of 2 and a bound of 4 candidates: the search as typed finishes the page.
    const fts = () =>
      t.database.db
        .selectFrom('cases')
        .innerJoin(sql<{ case_id: string }>`case_search`.as('case_search'), 'case_search.case_id', 'cases.id')
        .select(['cases.id', sql<number>`case_search.rowid`.as('search_rowid')])
        .where('cases.organisation_id', '=', org.id)
        .orderBy(sql`case_search.rowid`, 'asc');
    const plan = prefixSearch('begeleider')!;
    for (const [batch, bound] of [
      [2, 4],
      [3, 100],
      [200, 2000],
    ] as const) {
      const all = await checkedHits(fts(), plan, '"begeleider"*', 10, undefined, batch, bound);
      expect(all.map((h) => h.id)).toEqual(expected);
      const two = await checkedHits(fts(), plan, '"begeleider"*', 2, undefined, batch, bound);
      expect(two.map((h) => h.id)).toEqual(expected.slice(0, 2));
      const rest = await checkedHits(fts(), plan, '"begeleider"*', 10, two.at(-1)!.search_rowid, batch, bound);
      expect(rest.map((h) => h.id)).toEqual(expected.slice(2));
    }
    // The first batch is about a page (here 8 candidates for 3 hits, holding 2), the next what those say is left.
    const three = await checkedHits(fts(), plan, '"begeleider"*', 3, undefined, 16, 100);
    expect(three.map((h) => h.id)).toEqual(expected.slice(0, 3));
  });
});

/** Every case a search finds, two to a page, following nextCursor for at most `maxPages` pages. */
async function searchPages(app: TestApp, organisationId: string, cookie: string, q: string, maxPages: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < maxPages; n++) {
    const res = await get(app, `/api/v1/cases?organisationId=${organisationId}&q=${q}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, cookie);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
    seen.push(...body.items.map((i) => i.id));
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return seen;
}

type Organisation = Awaited<ReturnType<typeof setUpOrganisation>>;
/** A complaint filed by the organisation's complaints officer; its case id. */
async function fileIn(app: TestApp, o: Organisation, description: string): Promise<string> {
  const res = await post(app, '/api/v1/cases', o.people['complaints-officer']!.cookie, {
    organisationId: o.org.id,
    kind: 'complaint',
    channel: 'email',
    complainant: { name: 'J. Zoekers', role: 'client' },
    description,
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

describe('search within a small organisation (issue 14, migration 910)', () => {
  it('asks the index for a small organisation’s own entries and finds exactly its cases; a large one walks them all', async () => {
    const own = await createTestApp(); // its own database, so that the shares are these organisations' alone
    try {
      const big = await setUpOrganisation(own, 'stadsring51', ['complaints-officer']);
      const small = await setUpOrganisation(own, 'stadsring51', ['complaints-officer']);
      const file = (o: Organisation, description: string) => fileIn(own, o, description);
      const bigIds: string[] = [];
      for (let i = 0; i < 19; i++) bigIds.push(await file(big, `De dagbesteding begon te laat (${i}).`));
      // The small organisation's entries are older and newer than the large one's, and one names the large one's token.
      const first = await file(small, 'Het vervoer naar de dagbesteding kwam niet.');
      const other = await file(small, `Niet over vervoer; ${scopeToken(big.org.id)} staat hier als woord.`);
      bigIds.push(await file(big, 'Ook de dagbesteding van vandaag.'));
      const last = await file(small, 'Weer geen dagbesteding.');

      // 3 of 23 cases is more than a tenth: the search walks. Searching with the token needs fewer.
      expect(await searchScope(own.database.db, [small.org.id])).toBeNull();
      const fresh = await createTestApp();
      try {
        const a = await setUpOrganisation(fresh, 'stadsring51', ['complaints-officer']);
        const b = await setUpOrganisation(fresh, 'stadsring51', ['complaints-officer']);
        const file = (o: Organisation, description: string) => fileIn(fresh, o, description);
        for (let i = 0; i < 10; i++) await file(a, 'De dagbesteding begon te laat.');
        const mine = await file(b, 'Weer geen dagbesteding.');
        expect(await searchScope(fresh.database.db, [b.org.id])).toEqual([b.org.id]);
        expect(await searchScope(fresh.database.db, [a.org.id])).toBeNull();
        expect(await searchScope(fresh.database.db, [a.org.id, b.org.id])).toBeNull();
        // PostgreSQL searches whole stemmed words: no prefixes, accents as typed.
        for (const q of fresh.database.dialect === 'sqlite' ? ['dagbesteding', 'dagbest', 'Dagbestéding'] : ['dagbesteding']) {
          const found = await get(fresh, `/api/v1/cases?organisationId=${b.org.id}&q=${encodeURIComponent(q)}`, b.people['complaints-officer']!.cookie);
          expect(found.statusCode, found.body).toBe(200);
          expect((found.json() as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([mine]);
        }
        // A user's words are looked for in the text, never in the organisation's token.
        const token = await get(fresh, `/api/v1/cases?organisationId=${b.org.id}&q=${scopeToken(b.org.id)}`, b.people['complaints-officer']!.cookie);
        expect(token.statusCode, token.body).toBe(200);
        expect((token.json() as { items: unknown[] }).items).toEqual([]);
      } finally {
        await fresh.close();
      }

      // Walking (the shares above), page by page: the same answers.
      const pages = (o: typeof big, q: string) => searchPages(own, o.org.id, o.people['complaints-officer']!.cookie, q, 30);
      expect(await pages(small, 'dagbesteding')).toEqual([last, first]);
      expect(await pages(big, 'dagbesteding')).toEqual([...bigIds].reverse());
      expect(await pages(small, scopeToken(big.org.id))).toEqual([other]);
      expect(await pages(big, scopeToken(big.org.id))).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('the migration gives every existing entry its organisation’s token and keeps its rowid, the search cursor', async () => {
    if (t.database.dialect !== 'sqlite') return; // PostgreSQL only gets the column; it searches the organisation's own cases
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const made = [await complaint(org.id, people['complaints-officer']!.cookie, at('2026-11-02').toISOString())];
    made.push(await complaint(org.id, people['complaints-officer']!.cookie, at('2026-11-03').toISOString()));
    const entries = () =>
      sql<{ rowid: number; case_id: string; scope: string | null; body: string }>`select rowid, case_id, scope, body from case_search order by rowid`
        .execute(t.database.db)
        .then((r) => r.rows);
    const before = await entries();
    await scopeDown(t.database.db);
    const without = await entries().catch(() => null);
    expect(without).toBeNull(); // the column is gone
    await scopeUp(t.database.db);
    const after = await entries();
    expect(after).toEqual(before);
    const orgOf = new Map((await t.database.db.selectFrom('cases').select(['id', 'organisation_id']).execute()).map((c) => [c.id, c.organisation_id]));
    for (const e of after) expect(e.scope).toBe(scopeToken(orgOf.get(e.case_id)!));
    expect(after.filter((e) => made.some((m) => m.id === e.case_id))).toHaveLength(2);
  });

  it('the search index numbers downwards: a later filing gets a lower rowid, and the migration negates the rowids both ways', async () => {
    if (t.database.dialect !== 'sqlite') return; // PostgreSQL's search table has no rowid
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const cookie = people['complaints-officer']!.cookie;
    const first = await complaint(org.id, cookie, at('2026-11-04').toISOString());
    const second = await complaint(org.id, cookie, at('2026-11-05').toISOString());
    const entries = () =>
      sql<{ rowid: number; case_id: string; scope: string; body: string }>`select rowid, case_id, scope, body from case_search order by rowid`
        .execute(t.database.db)
        .then((r) => r.rows);
    const rowidOf = async (id: string) => (await entries()).find((e) => e.case_id === id)!.rowid;
    expect(await rowidOf(second.id)).toBeLessThan(await rowidOf(first.id));
    expect(Math.max(...(await entries()).map((e) => e.rowid))).toBeLessThan(0);
    const before = await entries();
    await newestFirstDown(t.database.db);
    const down = await entries();
    expect(down.map((e) => ({ ...e, rowid: -e.rowid })).reverse()).toEqual(before);
    await newestFirstUp(t.database.db);
    expect(await entries()).toEqual(before);
    // Paged after the rebuild, one a page: the newest first, by the cursor.
    expect(await searchPages(t, org.id, cookie, 'teruggebeld', 5)).toEqual([second.id, first.id]);
  });
});
