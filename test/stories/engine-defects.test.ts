import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { post } from '../helpers/world.ts';
import { deadline, event, getCase, ownRegulation, setUpWithRegulation } from './story.ts';

// Defects found when real regulations of other organisations were run through the
// engine (issue 12), each under a regulation written for the test.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const complainant = { name: 'Ilse de Wit', role: 'client', email: 'ilse@example.org' };
const complaint = (organisationId: string, extra: Record<string, unknown> = {}) => ({
  organisationId,
  kind: 'complaint',
  channel: 'email',
  receivedAt: '2026-03-02',
  complainant,
  description: 'Afspraak niet nagekomen.',
  ...extra,
});

describe('engine defects (issue 12)', () => {
  it('a reopened case gets no acknowledgement term it can never meet; its decision term starts anew [000 §3.6]', async () => {
    const { org, people } = await setUpWithRegulation(t, ownRegulation());
    const cookie = people['complaints-officer']!.cookie;
    const res = await post(t, '/api/v1/cases', cookie, complaint(org.id));
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    await event(t, c.id, cookie, { type: 'acknowledged', on: '2026-03-03' });
    await event(t, c.id, cookie, { type: 'decided', outcome: 'unfounded', motivation: 'Afspraak was verzet.', on: '2026-03-20' });
    await event(t, c.id, cookie, { type: 'closed', on: '2026-03-23' });
    const reopened = await event(t, c.id, cookie, { type: 'reopened', circumstances: 'Nieuwe mail gevonden.', on: '2026-04-01' });
    expect(reopened.status).toBe('in-progress');
    expect(reopened.allowedEvents).not.toContain('acknowledged');
    // The first acknowledgement was met; none is owed again.
    const acks = reopened.deadlines.filter((d: { kind: string }) => d.kind === 'acknowledgement');
    expect(acks).toEqual([expect.objectContaining({ status: 'met' })]);
    // 6 weeks from the reopening: Wednesday 13 May 2026.
    expect(reopened.deadlines.filter((d: { kind: string }) => d.kind === 'decision').map((d: { due: string; status: string }) => [d.due, d.status])).toEqual([
      ['2026-04-13', 'met'],
      ['2026-05-13', 'missed'],
    ]);
  });

  it('offers "hearing-skipped" only where the hearing has grounds to skip it', async () => {
    const noGrounds = await setUpWithRegulation(
      t,
      ownRegulation((r) => (r.levels[0].hearing = { mode: 'required', source: 'Regeling art. 4' })),
    );
    const cookie = noGrounds.people['complaints-officer']!.cookie;
    const c = (await post(t, '/api/v1/cases', cookie, complaint(noGrounds.org.id))).json();
    expect(c.allowedEvents).toContain('hearing-scheduled');
    expect(c.allowedEvents).not.toContain('hearing-skipped');
    await event(t, c.id, cookie, { type: 'hearing-skipped', ground: 'waived' }, 409);

    const withGrounds = await setUpWithRegulation(
      t,
      ownRegulation((r) => (r.levels[0].hearing = { mode: 'required', skipGrounds: ['waived'], source: 'Regeling art. 4' })),
    );
    const c2 = (await post(t, '/api/v1/cases', withGrounds.people['complaints-officer']!.cookie, complaint(withGrounds.org.id))).json();
    expect(c2.allowedEvents).toContain('hearing-skipped');
  });

  it('enforces the channels and complainant roles the regulation lists: a 400 naming the field', async () => {
    const { org, people } = await setUpWithRegulation(
      t,
      ownRegulation((r) => {
        r.intake = { channels: ['email', 'post'], source: 'Regeling art. 2' };
        r.complainantRoles = { allowed: ['client', 'surviving-relative'], source: 'Regeling art. 1' };
      }),
    );
    const cookie = people['complaints-officer']!.cookie;
    for (const channel of ['phone', 'in-person']) {
      const refused = await post(t, '/api/v1/cases', cookie, complaint(org.id, { channel }));
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().error.details[0].path).toBe('channel');
      expect(refused.json().error.message).toContain('Regeling art. 2');
    }
    const web = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/cases',
      payload: { organisation: org.slug, kind: 'complaint', complainant, description: 'Via het formulier.' },
    });
    expect(web.statusCode, web.body).toBe(400);
    expect(web.json().error.details[0].path).toBe('channel');
    const form = (await t.app.inject({ method: 'GET', url: `/api/v1/public/organisations/${org.slug}` })).json();
    expect(form.webIntake).toBe(false);

    for (const role of ['legal-representative', 'authorised-person']) {
      const refused = await post(t, '/api/v1/cases', cookie, complaint(org.id, { complainant: { ...complainant, role } }));
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().error.details[0].path).toBe('complainant.role');
    }
    const ok = await post(t, '/api/v1/cases', cookie, complaint(org.id, { channel: 'post', complainant: { ...complainant, role: 'surviving-relative' } }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(deadline(await getCase(t, ok.json().id, cookie), 'decision').due).toBe('2026-04-13');
  });

  it('complainant roles are data: a youth-care regulation names parent, foster parent and young person; one that names none keeps the defaults (Jeugdwet 4.2.1)', async () => {
    const youth = await setUpWithRegulation(
      t,
      ownRegulation((r) => {
        r.organisationType = 'youth-care';
        r.complainantRoles = { allowed: ['young-person', 'parent', 'foster-parent'], source: 'Regeling art. 1, Jeugdwet 4.2.1' };
      }),
    );
    const cookie = youth.people['complaints-officer']!.cookie;
    for (const role of ['young-person', 'parent', 'foster-parent']) {
      const res = await post(t, '/api/v1/cases', cookie, complaint(youth.org.id, { complainant: { ...complainant, role } }));
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await post(t, '/api/v1/cases', cookie, complaint(youth.org.id))).json().error.details[0].path).toBe('complainant.role');
    const plain = await setUpWithRegulation(t, ownRegulation());
    const parent = await post(t, '/api/v1/cases', plain.people['complaints-officer']!.cookie, complaint(plain.org.id, { complainant: { ...complainant, role: 'parent' } }));
    expect(parent.statusCode).toBe(400);
    expect(parent.json().error.details[0].path).toBe('complainant.role');
  });
});
