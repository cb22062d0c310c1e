import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';
import { multipart } from '../helpers/multipart.ts';
import { loadCheckpointKey, verifyChain } from '../../src/core/audit/verify.ts';

// What NEN 7513 asks of the trail (issue 10 §3): who in which role, which
// clients' data was shown, refused access, reads of the trail itself; and the
// complainant sees who looked at the case, by role and organisation.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const complaint = (organisationId: string) => ({
  organisationId,
  kind: 'complaint',
  channel: 'post',
  receivedAt: '2026-03-04',
  complainant: { name: 'Anna de Vries', role: 'client', email: 'anna@example.org' },
  description: 'Mijn begeleider kwam niet opdagen.',
  categories: ['agreements-not-kept'],
});

// Read entries are committed in batches: commit them before looking.
async function entries(action: string) {
  await t.flushAudit();
  return t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();
}

describe('audit trail content (NEN 7513)', () => {
  let orgId: string;
  let caseIds: string[];
  let statusToken: string;
  let officer: { id: string; cookie: string };
  let outsider: { id: string; cookie: string };

  beforeAll(async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const other = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    orgId = org.id;
    officer = people['complaints-officer']!;
    outsider = other.people['complaints-officer']!;
    caseIds = [];
    for (let i = 0; i < 2; i++) {
      const res = await post(t, '/api/v1/cases', officer.cookie, complaint(org.id));
      expect(res.statusCode, res.body).toBe(201);
      caseIds.push(res.json().id);
      statusToken = res.json().statusUrl.split('/status/')[1];
    }
  });

  it("records the actor's role in each entry", async () => {
    await get(t, `/api/v1/cases/${caseIds[0]}`, officer.cookie);
    const reads = (await entries('case.read')).filter((e) => e.entity_id === caseIds[0]);
    expect(reads.at(-1)).toMatchObject({ actor_user_id: officer.id, actor_role: 'complaints-officer', organisation_id: orgId });
  });

  it('the case list logs which cases were shown, not only how many', async () => {
    const res = await get(t, `/api/v1/cases?organisationId=${orgId}`, officer.cookie);
    expect(res.statusCode, res.body).toBe(200);
    const shown = res.json().items.map((c: { id: string }) => c.id);
    const last = (await entries('case.list')).at(-1)!;
    expect(JSON.parse(last.details!)).toMatchObject({ count: shown.length, caseIds: shown });
    expect(shown.sort()).toEqual([...caseIds].sort());
  });

  it('a refused look at a case of another organisation (404) is logged as denied access', async () => {
    const res = await get(t, `/api/v1/cases/${caseIds[1]}`, outsider.cookie);
    expect(res.statusCode).toBe(404);
    const denied = (await entries('access.denied')).filter((e) => e.actor_user_id === outsider.id);
    expect(denied.at(-1)).toMatchObject({ entity_type: 'case', entity_id: caseIds[1], organisation_id: orgId });
    expect(JSON.parse(denied.at(-1)!.details!)).toMatchObject({ method: 'GET', status: 404, route: '/api/v1/cases/:id' });
    const docs = await get(t, `/api/v1/cases/${caseIds[1]}/documents`, outsider.cookie);
    expect(docs.statusCode).toBe(404);
    expect((await entries('access.denied')).at(-1)).toMatchObject({ actor_user_id: outsider.id, entity_id: caseIds[1] });
  });

  it('reading the audit log is itself logged', async () => {
    const res = await get(t, `/api/v1/audit?organisationId=${orgId}`, t.adminCookie);
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toHaveProperty('actorRole');
    const last = (await entries('audit.read')).at(-1)!;
    expect(last).toMatchObject({ actor_email: 'admin@test.example', actor_role: 'platform-admin', organisation_id: orgId });
  });

  it('the complainant sees behind the status link who looked at the case, by role and organisation, never by name', async () => {
    const before = await t.app.inject({ method: 'GET', url: `/api/v1/public/status/${statusToken}` });
    expect(before.statusCode).toBe(200);
    expect(before.json().viewedBy).toEqual([]);
    await get(t, `/api/v1/cases/${caseIds[1]}`, officer.cookie);
    await t.flushAudit(); // the status page shows reads once their batch is committed (≤ 100 ms)
    const after = await t.app.inject({ method: 'GET', url: `/api/v1/public/status/${statusToken}` });
    const org = await t.database.db.selectFrom('organisations').select('name').where('id', '=', orgId).executeTakeFirstOrThrow();
    expect(after.json().viewedBy).toEqual([{ at: expect.stringMatching(/^\d{4}-/), role: 'complaints-officer', organisation: org.name }]);
    expect(after.body).not.toContain(officer.id);
    // The complainant's own reads and the outsider's refused attempt are no "looks".
    const u = await t.database.db.selectFrom('users').select(['name', 'email']).where('id', '=', officer.id).executeTakeFirstOrThrow();
    expect(after.body).not.toContain(u.email);
    expect(after.body).not.toContain(u.name);

    // Reading one of its documents is a look too; newest first.
    const body = multipart([
      { name: 'shared', value: 'false' },
      { name: 'file', filename: 'verslag.txt', contentType: 'text/plain', value: 'Verslag van het gesprek' },
    ]);
    const up = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseIds[1]}/documents`, headers: { cookie: officer.cookie, ...body.headers }, payload: body.payload });
    expect(up.statusCode, up.body).toBe(201);
    expect((await get(t, `/api/v1/cases/${caseIds[1]}/documents/${up.json().id}/content`, outsider.cookie)).statusCode).toBe(404);
    expect((await get(t, `/api/v1/cases/${caseIds[1]}/documents/${up.json().id}/content`, officer.cookie)).statusCode).toBe(200);
    await t.flushAudit();
    const docs = (await t.app.inject({ method: 'GET', url: `/api/v1/public/status/${statusToken}` })).json().viewedBy as { at: string }[];
    expect(docs).toHaveLength(2);
    expect(docs[0]!.at >= docs[1]!.at).toBe(true);
    // Another case's reads are not this case's looks.
    await get(t, `/api/v1/cases/${caseIds[0]}`, officer.cookie);
    await t.flushAudit();
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/status/${statusToken}` })).json().viewedBy).toHaveLength(2);
  });

  it('all of it forms one verifiable chain', async () => {
    const key = loadCheckpointKey({ checkpointKey: 'x'.repeat(32), checkpointKeyFile: '/nonexistent', checkpointFile: '/nonexistent/cp.jsonl', retentionDays: undefined });
    const r = await verifyChain(t.database.db, { key, checkpointFile: '/nonexistent/cp.jsonl' });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });
});
