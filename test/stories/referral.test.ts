import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post } from '../helpers/world.ts';
import { event, getCase, letterKeys, letters, letterText, ownRegulation, setUpWithRegulation, tokenOf } from './story.ts';

// Issue 9 §2.9: what is not a complaint (a report of something broken in the street, a
// request for help) is referred to the route the regulation names, with a letter to the
// person; the case ends as referred, and the reports count referrals apart, not as complaints.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const regulation = ownRegulation((r) => {
  r.kinds.push({ kind: 'dissatisfaction', registerWhenSolved: false, source: 'Regeling art. 1' });
  r.levels[0].kinds = ['complaint', 'dissatisfaction'];
  r.contacts = [
    { id: 'wijkteam', name: 'Sociaal wijkteam Centrum', role: 'client-support', phone: '030 123 45 67', email: 'wijkteam@example.org', source: 'Regeling art. 2 lid 4' },
  ];
  r.referrals = [
    { id: 'openbare-ruimte', name: 'Meldpunt openbare ruimte', url: 'https://example.org/melding-openbare-ruimte', email: 'meldpunt@example.org', source: 'Regeling art. 2 lid 3' },
    { id: 'hulpvraag', name: 'Sociaal wijkteam', contactId: 'wijkteam', source: 'Regeling art. 2 lid 4' },
  ];
});

const person = { name: 'Henk Jansen', role: 'client', email: 'henk@example.org', address: 'Dorpsstraat 1, 3500 AA Utrecht' };

describe('referral of what is not a complaint (issue 9 §2.9)', () => {
  it('a loose paving stone is referred to the street route with a letter; the case ends as referred', async () => {
    const { org, people, warnings } = await setUpWithRegulation(t, regulation);
    expect(warnings).toEqual([]);
    const cookie = people['complaints-officer']!.cookie;
    const created = await post(t, '/api/v1/cases', cookie, {
      organisationId: org.id,
      kind: 'complaint',
      channel: 'email',
      receivedAt: '2026-11-02',
      complainant: person,
      description: 'Voor mijn deur ligt al weken een losse stoeptegel.',
    });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    // Offered, because the regulation names routes.
    expect(c.allowedEvents).toContain('referred');
    // A route the regulation does not name is bad input, named by its field.
    const unknown = await event(t, c.id, cookie, { type: 'referred', referralId: 'gemeentewerf', on: '2026-11-03' }, 400);
    expect(unknown.error.details).toEqual([expect.objectContaining({ path: 'body.referralId' })]);
    expect(unknown.error.details[0].message).toContain('openbare-ruimte');

    const referred = await event(t, c.id, cookie, { type: 'referred', referralId: 'openbare-ruimte', on: '2026-11-03' });
    expect(referred).toMatchObject({ status: 'referred' });
    // Ended: nothing more to do; the open terms are no longer running.
    expect(referred.allowedEvents).toEqual([]);
    expect(referred.deadlines.filter((d: { status: string }) => d.status === 'open')).toEqual([]);
    await event(t, c.id, cookie, { type: 'acknowledged', on: '2026-11-04' }, 409);

    // The letter goes to the person, though the regulation has no letter rule for it.
    const ls = await letters(t, c.id, cookie);
    expect(letterKeys(ls)).toContain('referral:complainant');
    const text = await letterText(
      t,
      c.id,
      cookie,
      ls.find((l) => l.kind === 'referral'),
    );
    expect(text).toContain('Henk Jansen');
    expect(text).toContain(c.reference);
    expect(text).toContain('Meldpunt openbare ruimte');
    expect(text).toContain('meldpunt@example.org');
    expect(text).toContain('geen klacht');
    expect(text).toContain('Waar u terecht kunt met uw melding');

    // The person's status page says where the case stands.
    const status = await t.app.inject({ method: 'GET', url: `/api/v1/public/status/${tokenOf(c.statusUrl)}` });
    expect(status.json()).toMatchObject({ status: 'referred', statusLabel: 'Doorverwezen', ended: true });
  });

  it("a request for help goes to the contact the regulation names, with the officer's own words", async () => {
    const { org, people } = await setUpWithRegulation(
      t,
      ownRegulation((r) => Object.assign(r, regulation, { id: 'hulpvraag-regeling' })),
    );
    const cookie = people['complaints-officer']!.cookie;
    const c = (
      await post(t, '/api/v1/cases', cookie, {
        organisationId: org.id,
        kind: 'dissatisfaction',
        channel: 'phone',
        receivedAt: '2026-11-02',
        complainant: person,
        description: 'Ik kom niet rond en weet niet waar ik hulp kan vragen.',
      })
    ).json();
    await event(t, c.id, cookie, { type: 'referred', referralId: 'hulpvraag', reason: 'U vraagt om hulp met geldzaken. Daar helpt het wijkteam u graag bij.', on: '2026-11-02' });
    const ls = await letters(t, c.id, cookie);
    const text = await letterText(
      t,
      c.id,
      cookie,
      ls.find((l) => l.kind === 'referral'),
    );
    expect(text).toContain('U vraagt om hulp met geldzaken.');
    expect(text).toContain('Sociaal wijkteam Centrum');
    expect(text).toContain('030 123 45 67');
  });

  it('a regulation that names no routes does not offer referral, and refuses it', async () => {
    const { org, people } = await setUpWithRegulation(
      t,
      ownRegulation((r) => (r.id = 'zonder-doorverwijzing')),
    );
    const cookie = people['complaints-officer']!.cookie;
    const c = (
      await post(t, '/api/v1/cases', cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        receivedAt: '2026-11-02',
        complainant: person,
        description: 'Losse stoeptegel.',
      })
    ).json();
    expect(c.allowedEvents).not.toContain('referred');
    expect((await event(t, c.id, cookie, { type: 'referred', referralId: 'openbare-ruimte', on: '2026-11-03' }, 409)).error.code).toBe('no-referral-routes');
  });

  it('the schema checks the routes: a contact that does not exist, or a route the letter cannot name', async () => {
    const { org, people } = await setUpWithRegulation(
      t,
      ownRegulation((r) => (r.id = 'controle')),
      ['complaints-officer'],
    );
    const admin = people.admin!.cookie;
    const broken = ownRegulation((r) => {
      r.id = 'kapotte-routes';
      r.referrals = [
        { id: 'a', name: 'Nergens', contactId: 'bestaat-niet', source: 'Regeling art. 2' },
        { id: 'b', name: 'Zonder adres', source: 'Regeling art. 2' },
      ];
    });
    const res = await post(t, '/api/v1/regulations', admin, { organisationId: org.id, regulation: broken });
    expect(res.statusCode).toBe(400);
    const issues = JSON.stringify(res.json().error.details);
    expect(issues).toContain('referrals[0].contactId');
    expect(issues).toContain('referrals[1]');
  });

  it('the reports count referrals apart per route, not as complaints, with small numbers hidden', async () => {
    const { org, people } = await setUpWithRegulation(
      t,
      ownRegulation((r) => Object.assign(r, regulation, { id: 'rapport-doorverwijzing' })),
    );
    const cookie = people['complaints-officer']!.cookie;
    const file = async (day: number) =>
      (
        await post(t, '/api/v1/cases', cookie, {
          organisationId: org.id,
          kind: 'complaint',
          channel: 'email',
          receivedAt: `2026-10-${String(day).padStart(2, '0')}`,
          complainant: person,
          description: 'Iets.',
        })
      ).json();
    for (let i = 1; i <= 6; i++) await file(i); // six real complaints
    for (let i = 1; i <= 5; i++) await event(t, (await file(10 + i)).id, cookie, { type: 'referred', referralId: 'openbare-ruimte', on: `2026-10-${10 + i}` });
    for (let i = 1; i <= 2; i++) await event(t, (await file(20 + i)).id, cookie, { type: 'referred', referralId: 'hulpvraag', on: `2026-10-${20 + i}` });
    const res = await get(t, `/api/v1/reports/annual?organisationId=${org.id}&year=2026`, cookie);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    // Six complaints: the referrals are not among them.
    expect(report.totals.total).toEqual({ value: 6, suppressed: false });
    expect(report.totals.rows.find((r: { key: string }) => r.key === 'complaint').count).toEqual({ value: 6, suppressed: false });
    expect(report.referrals.rows).toEqual([
      { key: 'hulpvraag', label: 'Sociaal wijkteam', count: { value: null, suppressed: true } },
      { key: 'openbare-ruimte', label: 'Meldpunt openbare ruimte', count: { value: null, suppressed: true } },
    ]);
    // 7 in all; with one route hidden (2), the other (5) would give it away: both hidden, the total shown.
    expect(report.referrals.total).toEqual({ value: 7, suppressed: false });
    const csv = await get(t, `/api/v1/reports/annual?organisationId=${org.id}&year=2026&format=csv`, cookie);
    expect(csv.body.split('\r\n')).toEqual(expect.arrayContaining(['Doorverwezen (geen klacht), per route', 'Totaal doorverwezen;7', 'Meldpunt openbare ruimte;*']));
    // A referred case is still a case of the dossier: the officer finds it.
    const one = (await get(t, `/api/v1/cases?organisationId=${org.id}&status=referred`, cookie)).json();
    expect(one.items?.length ?? one.length).toBeGreaterThan(0);
    expect((await getCase(t, (one.items ?? one)[0].id, cookie)).status).toBe('referred');
  });
});
