import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';

// Undeliverable mail is never silent (Trust §5): once the sender gave up, the case
// shows it to the handling side, the organisation's administrators see it in a list
// and can send it again; oversight and respondents see nothing of it.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('failed mail', () => {
  it('shows on the case and on the admin list, and an admin can send it again', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['admin', 'complaints-officer', 'employee']);
    const officer = people['complaints-officer']!;
    const c = (
      await post(t, '/api/v1/cases', officer.cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        complainant: { name: 'K. Klager', role: 'client', email: 'typfout@example.nl' },
        description: 'Geen antwoord.',
        respondents: [{ userId: people.employee!.id }],
      })
    ).json();
    // The sender gave up on the receipt mail (as src/mail/sender.ts does after its last attempt).
    await t.database.db
      .updateTable('outbox')
      .set({ status: 'failed', failed_at: new Date().toISOString(), attempts: 8, last_error: '550 mailbox unavailable' })
      .where('case_id', '=', c.id)
      .where('to_address', '=', 'typfout@example.nl')
      .execute();

    const seen = (await get(t, `/api/v1/cases/${c.id}`, officer.cookie)).json();
    expect(seen.failedMail).toEqual([expect.objectContaining({ to: 'typfout@example.nl', error: '550 mailbox unavailable' })]);
    // The respondent does not learn the complainant's address this way.
    expect((await get(t, `/api/v1/cases/${c.id}`, people.employee!.cookie)).json().failedMail).toBeUndefined();

    expect((await get(t, `/api/v1/mail/failed?organisationId=${org.id}`, officer.cookie)).statusCode).toBe(403);
    const list = (await get(t, `/api/v1/mail/failed?organisationId=${org.id}`, people.admin!.cookie)).json().items;
    expect(list).toEqual([expect.objectContaining({ caseId: c.id, reference: c.reference, to: 'typfout@example.nl', attempts: 8 })]);

    const retried = await post(t, `/api/v1/mail/${list[0].id}/retry`, people.admin!.cookie, {});
    expect(retried.statusCode, retried.body).toBe(200);
    const row = await t.database.db.selectFrom('outbox').selectAll().where('id', '=', list[0].id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', attempts: 0, failed_at: null });
    expect((await post(t, `/api/v1/mail/${list[0].id}/retry`, people.admin!.cookie, {})).statusCode).toBe(409);
    expect((await get(t, `/api/v1/cases/${c.id}`, officer.cookie)).json().failedMail).toEqual([]);
  });
});
