import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, unique, type TestApp } from '../helpers/app.ts';
import { post, setUpOrganisation } from '../helpers/world.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('compliments reach the employee or the team [000 §2]', () => {
  it('a compliment for a team named as the department is mailed to each member of that team, and to no one else', async () => {
    const { org, people } = await setUpOrganisation(t, 'utrecht-buurtteams', ['admin']);
    const team = (await post(t, `/api/v1/organisations/${org.id}/teams`, people.admin!.cookie, { name: 'Buurtteam Overvecht' })).json();
    const other = (await post(t, `/api/v1/organisations/${org.id}/teams`, people.admin!.cookie, { name: 'Buurtteam Zuid' })).json();
    const member = async (teamId: string) => {
      const email = `${unique('lid')}@example.org`.toLowerCase();
      const res = await post(t, '/api/v1/users', t.adminCookie, {
        email,
        name: 'Teamlid',
        password: 'a-long-password-1',
        memberships: [{ organisationId: org.id, role: 'employee', teamId }],
      });
      expect(res.statusCode, res.body).toBe(201);
      return email;
    };
    const a = await member(team.id);
    const b = await member(team.id);
    const outsider = await member(other.id);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/cases',
      payload: {
        organisation: org.slug,
        kind: 'compliment',
        complainant: { name: 'H. de Wit', role: 'client' },
        respondents: [{ department: 'buurtteam overvecht' }],
        description: 'Wat fijn dat jullie zo snel kwamen.',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    await t.app.settleIntake();
    const mails = await t.database.db.selectFrom('outbox').select(['to_address', 'subject']).where('subject', 'like', 'Een compliment voor u%').execute();
    expect(mails.map((m) => m.to_address).sort()).toEqual([a, b].sort());
    expect(mails.map((m) => m.to_address)).not.toContain(outsider);
  });
});
