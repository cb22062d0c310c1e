import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const intake = (organisationId: string) => ({
  organisationId,
  kind: 'complaint',
  channel: 'email',
  receivedAt: '2026-03-04',
  complainant: { name: 'B. Jansen', role: 'client' },
  description: 'Te laat teruggebeld.',
});

describe('regulation editor API', () => {
  it('shows the admin the regulation in force, the own versions and the cases per version; adopting applies to new cases only', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['admin', 'complaints-officer']);
    const admin = people.admin!;
    const officer = people['complaints-officer']!;
    const url = `/api/v1/organisations/${org.id}/regulation`;

    const first = await get(t, url, admin.cookie);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ organisationId: org.id, current: { id: 'stadsring51', version: 2, name: expect.any(String), preset: true }, versions: [], cases: [] });

    expect((await post(t, '/api/v1/cases', officer.cookie, intake(org.id))).statusCode).toBe(201);

    const own = JSON.parse(readFileSync('regulations/stadsring51.v2.json', 'utf8'));
    delete own.$schema;
    own.id = `${org.slug}-eigen`;
    own.name = 'Eigen regeling';
    own.levels[0].terms.decision.length = 6;
    const stored = await post(t, '/api/v1/regulations', admin.cookie, { organisationId: org.id, regulation: own, basedOn: 'stadsring51' });
    expect(stored.statusCode, stored.body).toBe(201);

    // Stored, not adopted: new cases still start under the preset.
    const stillPreset = (await get(t, url, admin.cookie)).json();
    expect(stillPreset.current.id).toBe('stadsring51');
    expect(stillPreset.versions).toEqual([expect.objectContaining({ id: own.id, version: 1, name: 'Eigen regeling', basedOn: 'stadsring51', createdBy: admin.name })]);
    expect(stillPreset.cases).toEqual([{ regulationId: 'stadsring51', version: 2, name: expect.any(String), open: 1, total: 1 }]);

    const adopted = await post(t, `${url}/adopt`, admin.cookie, { regulationId: own.id });
    expect(adopted.statusCode, adopted.body).toBe(200);
    expect(adopted.json().current).toEqual({ id: own.id, version: 1, name: 'Eigen regeling', preset: false });

    const after = (await post(t, '/api/v1/cases', officer.cookie, intake(org.id))).json();
    expect(after.regulation).toEqual({ id: own.id, version: 1 });
    const overview = (await get(t, url, admin.cookie)).json();
    expect(overview.cases).toEqual([
      { regulationId: own.id, version: 1, name: 'Eigen regeling', open: 1, total: 1 },
      { regulationId: 'stadsring51', version: 2, name: expect.any(String), open: 1, total: 1 },
    ]);

    // Back to a preset is allowed too.
    expect((await post(t, `${url}/adopt`, admin.cookie, { regulationId: 'awb-gemeente' })).json().current.id).toBe('awb-gemeente');

    // Both are audited (the read in its batch: commit it before looking).
    await t.flushAudit();
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('organisation_id', '=', org.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['regulation.versions-viewed', 'regulation.adopted']));
  });

  it("only the organisation's administrators; never another organisation's own regulation; bad input names the field", async () => {
    const a = await setUpOrganisation(t, 'stadsring51', ['admin', 'complaints-officer']);
    const b = await setUpOrganisation(t, 'stadsring51', ['admin']);
    const own = JSON.parse(readFileSync('regulations/stadsring51.v1.json', 'utf8'));
    delete own.$schema;
    own.id = `${b.org.slug}-eigen`;
    expect((await post(t, '/api/v1/regulations', b.people.admin!.cookie, { organisationId: b.org.id, regulation: own })).statusCode).toBe(201);

    const url = `/api/v1/organisations/${a.org.id}/regulation`;
    expect((await get(t, url, a.people['complaints-officer']!.cookie)).statusCode).toBe(403);
    expect((await get(t, url, b.people.admin!.cookie)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    expect((await post(t, `${url}/adopt`, a.people['complaints-officer']!.cookie, { regulationId: 'awb-gemeente' })).statusCode).toBe(403);

    const foreign = await post(t, `${url}/adopt`, a.people.admin!.cookie, { regulationId: own.id });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].path).toBe('regulationId');
    const unknown = await post(t, `${url}/adopt`, a.people.admin!.cookie, { regulationId: 'bestaat-niet' });
    expect(unknown.statusCode).toBe(400);
    const missing = await post(t, `${url}/adopt`, a.people.admin!.cookie, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('regulationId');
    // The platform administrator may.
    expect((await get(t, url, t.adminCookie)).statusCode).toBe(200);
  });
});
