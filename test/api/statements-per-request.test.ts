import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KyselyPlugin, type RootOperationNode, SelectQueryNode } from 'kysely';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { post, setUpOrganisation } from '../helpers/world.ts';

// A page of the work queue is one event loop's CPU, and at 16 concurrent requests the
// statements before the page were a good part of it (issue 14): the second-factor check,
// the organisations under an oversight membership, the committee referrals, the
// respondent check and the memberships each cost a statement per request. The session
// read now answers whether they are needed and brings the memberships along. What they
// decide is unchanged: the facts are read on every request, not kept between requests.

// The statements run: a subquery passes transformQuery too, but only a statement has a result.
const built = new Map<unknown, RootOperationNode>();
const seen: RootOperationNode[] = [];
const recorder: KyselyPlugin = {
  transformQuery: ({ node, queryId }) => {
    built.set(queryId, node);
    return node;
  },
  transformResult: async ({ result, queryId }) => {
    seen.push(built.get(queryId)!);
    built.delete(queryId);
    return result;
  },
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { plugin: recorder });
});
afterAll(async () => {
  await t?.close();
});

const complaint = (organisationId: string, extra: Record<string, unknown> = {}) => ({
  organisationId,
  kind: 'complaint',
  channel: 'post',
  receivedAt: '2026-03-04',
  complainant: { name: 'Anna de Vries', role: 'client' },
  description: 'Mijn begeleider kwam niet opdagen.',
  categories: ['agreements-not-kept'],
  ...extra,
});

/** The table each reading statement of one request reads, in order (what is written, such as an audit entry, is left out). */
async function statementsOf(url: string, cookie: string): Promise<{ status: number; body: any; tables: string[] }> {
  seen.length = 0;
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
  const executor = t.database.db.getExecutor();
  const tables = seen.filter((n) => SelectQueryNode.is(n)).map((n) => /from "(\w+)"/.exec(executor.compileQuery(n, { queryId: 'count' }).sql)?.[1] ?? '?');
  return { status: res.statusCode, body: res.json(), tables };
}

describe('statements per work-queue page [issue 14]', () => {
  it('a complaints officer who also oversees a municipality: the session with its memberships, then the page', async () => {
    const municipality = await setUpOrganisation(t, 'stichtse-vecht', []);
    const provider = await setUpOrganisation(t, 'stadsring51', ['complaints-officer', 'employee'], { parentId: municipality.org.id });
    const user = (
      await post(t, '/api/v1/users', t.adminCookie, {
        email: 'toezicht-en-klachten@example.org',
        name: 'Kees Dubbelrol',
        password: 'a-long-password-1',
        memberships: [
          { organisationId: provider.org.id, role: 'complaints-officer' },
          { organisationId: municipality.org.id, role: 'oversight' },
        ],
      })
    ).json();
    const cookie = await t.login('toezicht-en-klachten@example.org', 'a-long-password-1');
    const officer = provider.people['complaints-officer']!;
    expect((await post(t, '/api/v1/cases', officer.cookie, complaint(provider.org.id))).statusCode).toBe(201);

    const first = await statementsOf(`/api/v1/cases?organisationId=${provider.org.id}`, cookie);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.tables).toEqual(['sessions', 'cases']);
    expect(first.body.items[0].complainantName).toBe('Anna de Vries');
    // The provider is listed through the oversight membership too (its children, read with the memberships in the session's statement).
    const all = await statementsOf('/api/v1/cases', cookie);
    expect(all.body.items.map((i: { organisationId: string }) => i.organisationId)).toContain(provider.org.id);
    expect(all.tables).toEqual(['sessions', 'cases']);

    // Named as a respondent in another case: from the next request on, that case's list entry hides
    // the complainant [004 §1], and the list asks which of its cases the user responds to.
    const against = (
      await post(t, '/api/v1/cases', officer.cookie, complaint(provider.org.id, { complainant: { name: 'Bert Klager', role: 'client' }, respondents: [{ userId: user.id }] }))
    ).json();
    const after = await statementsOf(`/api/v1/cases?organisationId=${provider.org.id}`, cookie);
    expect(after.tables).toEqual(['sessions', 'cases', 'case_parties']);
    const entry = after.body.items.find((i: { id: string }) => i.id === against.id);
    expect(entry).toBeDefined();
    expect(entry.complainantName).toBeUndefined();
    expect(after.body.items.find((i: { id: string }) => i.id !== against.id).complainantName).toBe('Anna de Vries');
  });

  it('a case page asks whether the reader responds to the case only of a user who is a party somewhere [004 §1]', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer', 'employee']);
    const officer = people['complaints-officer']!;
    const employee = people.employee!;
    const made = (await post(t, '/api/v1/cases', officer.cookie, complaint(org.id))).json();
    const respondentCheck = (tables: string[]) => tables.filter((x) => x === 'case_parties').length;
    // The officer is a party to no case: the parties are read once, for the page.
    const page = await statementsOf(`/api/v1/cases/${made.id}`, officer.cookie);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.tables.slice(0, 2)).toEqual(['sessions', 'cases']);
    expect(respondentCheck(page.tables)).toBe(1);
    expect(page.body.complainant.name).toBe('Anna de Vries');
    // The employee named as respondent of this case: asked, and shown the respondent's view, without who complained.
    const against = (await post(t, '/api/v1/cases', officer.cookie, complaint(org.id, { respondents: [{ userId: employee.id }] }))).json();
    const own = await statementsOf(`/api/v1/cases/${against.id}`, employee.cookie);
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(respondentCheck(own.tables)).toBe(2);
    expect(own.body.view).toBe('respondent');
    expect(own.body.complainant).toBeUndefined();
    // Once a party somewhere, every case page of the employee asks; another case is not theirs to read.
    const other = await statementsOf(`/api/v1/cases/${made.id}`, employee.cookie);
    expect(other.tables.slice(0, 3)).toEqual(['sessions', 'cases', 'case_parties']);
    expect(other.status).toBe(404);
  });

  it('an admin an organisation requires a second factor of: refused from the next request on, without a statement more', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['admin']);
    const admin = people.admin!;
    const before = await statementsOf(`/api/v1/cases?organisationId=${org.id}`, admin.cookie);
    expect(before.status).toBe(200);
    expect(before.tables).toEqual(['sessions', 'cases']);
    const set = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/organisations/${org.id}/sign-in-policy`,
      headers: { cookie: t.adminCookie },
      payload: { adminSecondFactorRequired: true },
    });
    expect(set.statusCode, set.body).toBeLessThan(300);
    const refused = await statementsOf(`/api/v1/cases?organisationId=${org.id}`, admin.cookie);
    expect(refused.status).toBe(403);
    expect(refused.tables).toEqual(['sessions']);
  });
});
