import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { post } from '../helpers/world.ts';
import { deadline, ownRegulation, setUpWithRegulation } from './story.ts';

// Issue 9 §2.6 (formal handling on request) and issue 12 "level by channel": an oral
// complaint starts with the person it was addressed to, a written one with the
// manager; the complainant may ask to skip both and go to the formal procedure at once.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const regulation = ownRegulation((r) => {
  r.levels = [
    {
      id: 'addressed',
      name: 'Medewerker',
      handlerRole: 'employee',
      kinds: ['complaint'],
      entryChannels: ['phone', 'in-person'],
      escalatesTo: ['manager', 'formal'],
      source: 'Regeling art. 3 lid 1',
    },
    {
      id: 'manager',
      name: 'Leidinggevende',
      handlerRole: 'manager',
      kinds: ['complaint'],
      entryChannels: ['post', 'email', 'web'],
      escalatesTo: ['formal'],
      source: 'Regeling art. 3 lid 2',
    },
    {
      id: 'formal',
      name: 'Klachtenfunctionaris',
      handlerRole: 'complaints-officer',
      kinds: ['complaint'],
      entry: false,
      entryOnRequest: true,
      terms: { decision: { length: 6, unit: 'weeks', from: 'received', source: 'Regeling art. 5' } },
      source: 'Regeling art. 4',
    },
  ];
});

const complainant = { name: 'Lotte Mulder', role: 'client', email: 'lotte@example.org' };

describe('where a case starts: by channel, and formal handling on request (issue 9 §2.6, issue 12)', () => {
  it('starts an oral complaint with the person addressed, a written one with the manager, and a requested formal one at the formal level', async () => {
    const { org, people } = await setUpWithRegulation(t, regulation);
    const cookie = people['complaints-officer']!.cookie;
    const file = (extra: Record<string, unknown>) =>
      post(t, '/api/v1/cases', cookie, { organisationId: org.id, kind: 'complaint', receivedAt: '2026-11-02', complainant, description: 'Onheus bejegend.', ...extra });

    expect((await file({ channel: 'phone' })).json().level).toBe('addressed');
    expect((await file({ channel: 'email' })).json().level).toBe('manager');
    // Without the request the formal level is no place to start.
    const notEntry = await file({ channel: 'email', level: 'formal' });
    expect(notEntry.statusCode).toBe(400);
    expect(notEntry.json().error.details[0].path).toBe('level');
    const requested = await file({ channel: 'email', formalRequested: true });
    expect(requested.statusCode, requested.body).toBe(201);
    expect(requested.json().level).toBe('formal');
    expect(deadline(requested.json(), 'decision', 'formal').due).toBe('2026-12-14');

    // The public form offers it, and honours it.
    const form = (await t.app.inject({ method: 'GET', url: `/api/v1/public/organisations/${org.slug}` })).json();
    expect(form.formalOnRequest).toBe(true);
    expect(form.levels.find((l: { id: string }) => l.id === 'formal')).toMatchObject({ entry: false, onRequest: true });
    const web = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/cases',
      payload: { organisation: org.slug, kind: 'complaint', complainant, description: 'Graag direct formeel.', formalRequested: true },
    });
    expect(web.statusCode, web.body).toBe(201);
    // A citizen cannot pick a level they are not entitled to.
    const picked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/cases',
      payload: { organisation: org.slug, kind: 'complaint', complainant, description: 'x', level: 'formal' },
    });
    expect(picked.statusCode).toBe(400);
  });

  it('refuses the request where the regulation does not allow it: a 400 naming formalRequested', async () => {
    const { org, people } = await setUpWithRegulation(t, ownRegulation());
    const res = await post(t, '/api/v1/cases', people['complaints-officer']!.cookie, {
      organisationId: org.id,
      kind: 'complaint',
      channel: 'email',
      complainant,
      description: 'x',
      formalRequested: true,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('formalRequested');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/organisations/${org.slug}` })).json().formalOnRequest).toBe(false);
  });
});
