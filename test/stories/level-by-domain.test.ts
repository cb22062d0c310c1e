import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { post } from '../helpers/world.ts';
import { event, ownRegulation, setUpWithRegulation } from './story.ts';

// Issue 12, level by domain: formal handling differs for youth care. Complaints about the
// Wmo start with an informal talk and may go formal on request; youth-care complaints go
// straight to the youth-care complaints officer (no informal level, no request needed);
// the youth-care committee above hears only youth-care cases. Intake picks the level, and
// the public form (and API) never let a citizen pick a level of another domain.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const regulation = ownRegulation((r) => {
  r.domains = [
    { id: 'wmo', name: 'Wmo en ondersteuning', source: 'Regeling art. 1 sub d' },
    { id: 'youth-care', name: 'Jeugdhulp', source: 'Regeling art. 1 sub e' },
  ];
  r.levels = [
    {
      id: 'informal',
      name: 'Gesprek met de medewerker',
      handlerRole: 'complaints-officer',
      kinds: ['complaint'],
      informal: true,
      domains: ['wmo'],
      escalatesTo: ['formal'],
      terms: { decision: { length: 2, unit: 'weeks', from: 'received', source: 'Regeling art. 4' } },
      source: 'Regeling art. 4',
    },
    {
      id: 'formal',
      name: 'Formele klachtbehandeling',
      handlerRole: 'complaints-officer',
      kinds: ['complaint'],
      entry: false,
      entryOnRequest: true,
      domains: ['wmo'],
      terms: { decision: { length: 6, unit: 'weeks', from: 'received', source: 'Regeling art. 5' } },
      source: 'Regeling art. 5',
    },
    {
      id: 'youth',
      name: 'Klachtbehandeling jeugdhulp',
      handlerRole: 'complaints-officer',
      kinds: ['complaint'],
      domains: ['youth-care'],
      escalatesTo: ['youth-committee'],
      terms: { decision: { length: 6, unit: 'weeks', from: 'received', source: 'Regeling art. 7' } },
      source: 'Regeling art. 7',
    },
    {
      id: 'youth-committee',
      name: 'Klachtencommissie jeugd',
      handlerRole: 'complaints-officer',
      kinds: ['complaint'],
      entry: false,
      domains: ['youth-care'],
      terms: { decision: { length: 6, unit: 'weeks', from: 'received', source: 'Regeling art. 8' } },
      source: 'Regeling art. 8',
    },
  ];
});

const complaint = (orgId: string, extra: Record<string, unknown>) => ({
  organisationId: orgId,
  kind: 'complaint',
  channel: 'email',
  receivedAt: '2026-10-05',
  complainant: { name: 'Mo Yilmaz', role: 'client' },
  description: 'Mijn aanvraag ligt al maanden stil.',
  ...extra,
});

describe('a level for one domain only (issue 12)', () => {
  it('intake picks the level of the domain; a level of another domain is refused, by staff and by the public form', async () => {
    const { org, people, warnings } = await setUpWithRegulation(t, regulation);
    expect(warnings).toEqual([]);
    const cookie = people['complaints-officer']!.cookie;
    const wmo = await post(t, '/api/v1/cases', cookie, complaint(org.id, { domain: 'wmo' }));
    expect(wmo.statusCode, wmo.body).toBe(201);
    expect(wmo.json()).toMatchObject({ level: 'informal', facts: { domain: 'wmo' } });
    const youth = (await post(t, '/api/v1/cases', cookie, complaint(org.id, { domain: 'youth-care' }))).json();
    expect(youth.level).toBe('youth');
    // Formal at once on request for the Wmo; youth care has no such level, so the request is refused by name.
    expect((await post(t, '/api/v1/cases', cookie, complaint(org.id, { domain: 'wmo', formalRequested: true }))).json().level).toBe('formal');
    const noRequest = await post(t, '/api/v1/cases', cookie, complaint(org.id, { domain: 'youth-care', formalRequested: true }));
    expect(noRequest.statusCode).toBe(400);
    expect(noRequest.json().error.details[0].path).toBe('formalRequested');

    const wrongLevel = await post(t, '/api/v1/cases', cookie, complaint(org.id, { domain: 'wmo', level: 'youth' }));
    expect(wrongLevel.statusCode).toBe(400);
    expect(wrongLevel.json().error.details[0]).toMatchObject({ path: 'level', message: expect.stringContaining('Regeling art. 7') });
    const unknown = await post(t, '/api/v1/cases', cookie, complaint(org.id, { domain: 'onderwijs' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toBe('domain');
    const none = await post(t, '/api/v1/cases', cookie, complaint(org.id, {}));
    expect(none.statusCode).toBe(400);
    expect(none.json().error.details[0].path).toBe('domain');

    // The public form learns the domains and where formal handling may be asked; the public API holds the same line.
    const form = (await t.app.inject({ method: 'GET', url: `/api/v1/public/organisations/${org.slug}` })).json();
    expect(form.domains).toEqual([
      { id: 'wmo', name: 'Wmo en ondersteuning', formalOnRequest: true },
      { id: 'youth-care', name: 'Jeugdhulp', formalOnRequest: false },
    ]);
    expect(form.domainRequired).toBe(true);
    expect(form.formalOnRequest).toBe(false); // not without naming the domain
    const publicCase = (body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/public/cases',
        payload: { organisation: org.slug, kind: 'complaint', complainant: { name: 'Mo Yilmaz', role: 'client', email: 'mo@example.org' }, description: 'Wachten.', ...body },
      });
    expect((await publicCase({ domain: 'wmo', level: 'youth-committee' })).statusCode).toBe(400);
    expect((await publicCase({ domain: 'youth-care', level: 'formal', formalRequested: true })).statusCode).toBe(400);
    expect((await publicCase({ domain: 'youth-care' })).statusCode).toBe(201);
  });

  it('each case moves up along the levels of its own domain', async () => {
    const { org, people } = await setUpWithRegulation(t, regulation);
    const cookie = people['complaints-officer']!.cookie;
    const youth = (await post(t, '/api/v1/cases', cookie, complaint(org.id, { domain: 'youth-care' }))).json();
    const up = await event(t, youth.id, cookie, { type: 'escalated', toLevel: 'youth-committee', on: '2026-10-20' });
    expect(up.level).toBe('youth-committee');
    const wmo = (await post(t, '/api/v1/cases', cookie, complaint(org.id, { domain: 'wmo' }))).json();
    expect(wmo.allowedEvents).toContain('escalated');
    await event(t, wmo.id, cookie, { type: 'escalated', toLevel: 'formal', on: '2026-10-20' });
  });

  it('the checker names a level for an unknown domain and a domain without a level to start', async () => {
    const { checkRegulation } = await import('../../src/domain/check.ts');
    const bad = ownRegulation((r) => {
      r.domains = [
        { id: 'wmo', name: 'Wmo', source: 'x art. 1' },
        { id: 'youth-care', name: 'Jeugd', source: 'x art. 1' },
      ];
      r.levels[0].domains = ['wmo', 'jeugd'];
    });
    expect(
      checkRegulation(bad)
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(['domains[1].id', 'levels[0].domains[1]']);
  });
});
