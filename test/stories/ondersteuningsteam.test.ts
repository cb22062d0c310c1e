import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { post, setUpOrganisation } from '../helpers/world.ts';
import { event, letterKeys, letters, letterText } from './story.ts';

// Ondersteuningsteam [003]: talk to your contact person first; then the
// complaints handler contacts both sides, may hold a hearing, and always tells
// the complainant the result. Complaints up to 6 months after the last contact
// with the process guide; a partner organisation up to 6 months after the event.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const parent = { name: 'Yusuf Demir', role: 'client', email: 'yusuf@example.org', address: 'Lindenlaan 4, 3401 AB IJsselstein' };
const partner = { name: 'Wijkteam Oost, t.a.v. mevrouw Smit', role: 'partner-organisation', email: 'oost@example.org' };

describe('Ondersteuningsteam story [003]', () => {
  it('walks a complaint from the contact person to the complaints handler, hearing with report, result to the complainant [003]', async () => {
    const { org, people } = await setUpOrganisation(t, 'ondersteuningsteam', ['complaints-officer', 'employee']);
    const handler = people['complaints-officer']!;
    const guide = people.employee!;
    const created = await post(t, '/api/v1/cases', handler.cookie, {
      organisationId: org.id,
      kind: 'complaint',
      channel: 'web',
      receivedAt: '2026-05-11',
      complainant: parent,
      respondents: [{ userId: guide.id, department: 'Procesbegeleiding' }],
      description: 'Ik moet al maanden wachten op een welkomstgesprek.',
      lastContactAt: '2026-04-20',
      categories: ['waiting-time'],
      helpers: [{ role: 'confidant', name: 'Els de Wit' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ level: 'contact-person', status: 'received' });
    // 6 months after the last contact of 20 April 2026 run to 20 October: in time.
    expect(c.admissibility.proposal).toBe('admissible');
    // Someone the complainant trusts may help [003].
    expect(c.helpers).toEqual([expect.objectContaining({ role: 'confidant', name: 'Els de Wit' })]);
    await event(t, c.id, handler.cookie, { type: 'contacted', on: '2026-05-12' });

    const up = await event(t, c.id, handler.cookie, { type: 'escalated', toLevel: 'complaints-handler', on: '2026-05-18' });
    expect(up).toMatchObject({ id: c.id, level: 'complaints-handler', status: 'received' });
    // "Zo spoedig mogelijk": the regulation sets no date, so no dated deadline is invented.
    expect(up.deadlines).toEqual([]);
    await event(t, c.id, handler.cookie, { type: 'contacted', note: 'Klager en procesbegeleider gebeld.', on: '2026-05-19' });
    await event(t, c.id, handler.cookie, { type: 'hearing-scheduled', at: '2026-05-28T15:30:00+02:00', on: '2026-05-20' });
    // A hearing gets a report [003].
    await event(t, c.id, handler.cookie, { type: 'hearing-held', on: '2026-05-28' }, 409);
    await event(t, c.id, handler.cookie, { type: 'hearing-held', report: 'Klager en procesbegeleider zijn gehoord.', on: '2026-05-28' });
    const decided = await event(t, c.id, handler.cookie, {
      type: 'decided',
      outcome: 'well-founded',
      on: '2026-06-02',
      motivation: 'De wachttijd was te lang en niemand liet iets weten.',
      recommendations: ['Wachttijd bij aanmelding noemen.'],
    });
    expect(decided.status).toBe('decided');
    // The complainant always hears what was done with the complaint [003].
    const ls = await letters(t, c.id, handler.cookie);
    expect(letterKeys(ls)).toEqual(['decision:complainant']);
    const text = await letterText(t, c.id, handler.cookie, ls[0]);
    expect(text).toContain('Yusuf Demir');
    expect(text).toContain(c.reference);
    expect(text).toContain('gegrond');
    expect(text).toContain('Wachttijd bij aanmelding noemen.');
    expect((await event(t, c.id, handler.cookie, { type: 'closed', on: '2026-06-03' })).status).toBe('closed');
    // The complaints handler is the top: there is no external committee here.
    await event(t, c.id, handler.cookie, { type: 'escalated', toLevel: 'contact-person', on: '2026-06-04' }, 409);
  });

  it("counts a client's 6 months from the last contact with the process guide, not from the event [003]", async () => {
    const { org, people } = await setUpOrganisation(t, 'ondersteuningsteam', ['complaints-officer']);
    const cookie = people['complaints-officer']!.cookie;
    const file = async (extra: Record<string, unknown>) => {
      const res = await post(t, '/api/v1/cases', cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        complainant: parent,
        description: 'Procesbegeleider kwam afspraken niet na.',
        ...extra,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    // Last contact 31 October 2025: 6 months end 30 April 2026 (no 31 April); received 4 May: too late.
    const late = await file({ receivedAt: '2026-05-04', lastContactAt: '2025-10-31' });
    expect(late.admissibility.proposal).toBe('inadmissible');
    expect(late.admissibility.grounds).toEqual([expect.objectContaining({ code: 'time-limit', source: '[003]' })]);
    // An old event but a recent last contact (10 November 2025 → 10 May 2026): in time.
    const recent = await file({ receivedAt: '2026-05-04', lastContactAt: '2025-11-10', incidentDates: ['2025-06-01'] });
    expect(recent.admissibility.proposal).toBe('admissible');
    // Without the date of the last contact, a person has to check.
    expect((await file({ receivedAt: '2026-05-04' })).admissibility.proposal).toBe('needs-judgement');
  });

  it("counts a partner organisation's 6 months from the event complained about [003]", async () => {
    const { org, people } = await setUpOrganisation(t, 'ondersteuningsteam', ['complaints-officer']);
    const cookie = people['complaints-officer']!.cookie;
    const file = async (extra: Record<string, unknown>) => {
      const res = await post(t, '/api/v1/cases', cookie, {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        complainant: partner,
        description: 'Een overdracht aan ons team is niet doorgegeven.',
        ...extra,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    // Event 10 November 2025: 6 months end 10 May 2026; received 11 May: too late, even with contact since.
    const late = await file({ receivedAt: '2026-05-11', incidentDates: ['2025-11-10'], lastContactAt: '2026-04-01' });
    expect(late.admissibility.proposal).toBe('inadmissible');
    expect(late.admissibility.grounds).toEqual([expect.objectContaining({ code: 'time-limit', source: '[003]' })]);
    // Event 20 November 2025: in time on 11 May 2026.
    expect((await file({ receivedAt: '2026-05-11', incidentDates: ['2025-11-20'] })).admissibility.proposal).toBe('admissible');
    // Exactly 6 months after the event (10 May) is still in time.
    expect((await file({ receivedAt: '2026-05-10', incidentDates: ['2025-11-10'] })).admissibility.proposal).toBe('admissible');
  });
});
