import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amsterdamDate } from '../../src/domain/calendar.ts';
import { monitorDeadlines } from '../../src/jobs/deadline-monitor.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { post } from '../helpers/world.ts';
import { event, ownRegulation, setUpWithRegulation } from './story.ts';

// Issue 9 §2.1, §2.2 and issue 12 "a term that runs from the first receipt across
// levels": per term its unit (calendar days, weeks, working days), several named
// terms per level, and other starting points (first receipt, the hearing), each
// stored, reminded and explained like the standard terms.

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
      id: 'team',
      name: 'Buurtteam',
      handlerRole: 'employee',
      kinds: ['complaint'],
      escalatesTo: ['board'],
      terms: { acknowledgement: { length: 5, unit: 'calendar-days', from: 'received', source: 'Regeling art. 3 lid 1' } },
      namedTerms: [{ id: 'personal-contact', name: 'Eerste persoonlijk contact', metBy: 'contacted', length: 1, unit: 'weeks', from: 'received', source: 'Regeling art. 3 lid 2' }],
      source: 'Regeling art. 3',
    },
    {
      id: 'board',
      name: 'Directie',
      handlerRole: 'complaints-officer',
      entry: false,
      kinds: ['complaint'],
      terms: { decision: { length: 8, unit: 'weeks', from: 'first-received', source: 'Regeling art. 6' } },
      namedTerms: [
        { id: 'findings', name: 'Schriftelijke bevindingen na het horen', metBy: 'decided', length: 10, unit: 'working-days', from: 'hearing-held', source: 'Regeling art. 7' },
      ],
      hearing: { mode: 'optional', source: 'Regeling art. 5' },
      source: 'Regeling art. 4',
    },
  ];
});

type D = {
  kind: string;
  level: string;
  due: string;
  status: string;
  term?: { id: string; name: string };
  explanation: { unit: string; start: { event: string; date: string }; summary: string };
};
const find = (c: { deadlines: D[] }, level: string, kind: string, term?: string) =>
  c.deadlines.filter((d) => d.level === level && d.kind === kind && (!term || d.term?.id === term));

describe('terms with their own unit, name and starting point (issue 9 §2.1, §2.2)', () => {
  it('counts calendar days, weeks and working days per term, from receipt, the first receipt and the hearing; stores, explains and reminds each', async () => {
    const { org, people } = await setUpWithRegulation(t, regulation);
    const cookie = people['complaints-officer']!.cookie;
    const res = await post(t, '/api/v1/cases', cookie, {
      organisationId: org.id,
      kind: 'complaint',
      channel: 'email',
      receivedAt: '2026-11-02',
      complainant: { name: 'Sanne Vos', role: 'client', email: 'sanne@example.org' },
      description: 'Niet teruggebeld.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    // Monday 2 November 2026: 5 calendar days → Saturday 7 November (not moved: no Atw);
    // the named term, 1 week → Monday 9 November.
    const [ack] = find(c, 'team', 'acknowledgement');
    expect(ack).toMatchObject({ due: '2026-11-07', explanation: { unit: 'calendar-days' } });
    const [contact] = find(c, 'team', 'named', 'personal-contact');
    expect(contact).toMatchObject({ due: '2026-11-09', term: { id: 'personal-contact', name: 'Eerste persoonlijk contact' }, source: 'Regeling art. 3 lid 2' });
    expect(contact!.explanation.summary).toContain('Eerste persoonlijk contact');

    const contacted = await event(t, c.id, cookie, { type: 'contacted', on: '2026-11-05' });
    expect(find(contacted, 'team', 'named', 'personal-contact')[0]).toMatchObject({ status: 'met' });

    // At the board the decision runs from the first receipt, not from the escalation: 8 weeks → Monday 28 December 2026.
    const up = await event(t, c.id, cookie, { type: 'escalated', toLevel: 'board', on: '2026-11-10' });
    expect(find(up, 'board', 'decision')[0]).toMatchObject({ due: '2026-12-28', explanation: { start: { event: 'first-received', date: '2026-11-02' } } });
    // The findings term starts only when the hearing is held.
    expect(find(up, 'board', 'named')).toEqual([]);
    await event(t, c.id, cookie, { type: 'hearing-scheduled', at: '2026-11-20T10:00', on: '2026-11-12' });
    const heard = await event(t, c.id, cookie, { type: 'hearing-held', report: 'Beide partijen gehoord.', on: '2026-11-20' });
    // Friday 20 November + 10 working days → Friday 4 December 2026; not met yet, so open until that day
    // and missed after it (the case is shown on today's date).
    const [findings] = find(heard, 'board', 'named', 'findings');
    const notMet = amsterdamDate(new Date()) > '2026-12-04' ? 'missed' : 'open';
    expect(findings).toMatchObject({ due: '2026-12-04', status: notMet, explanation: { unit: 'working-days', start: { event: 'hearing-held', date: '2026-11-20' } } });

    // Stored like the standard terms, and reminded by its own name.
    const rows = await t.database.db.selectFrom('case_deadlines').select(['kind', 'due']).where('case_id', '=', c.id).where('kind', '=', 'named').execute();
    expect(rows.map((r) => r.due).sort()).toEqual(['2026-11-09', '2026-12-04']);
    await monitorDeadlines(t.database.db, 'http://kw.test', new Date('2026-12-02T09:00:00Z'));
    const mails = await t.database.db.selectFrom('outbox').select('subject').where('case_id', '=', c.id).execute();
    expect(mails.map((m) => m.subject)).toContain(`Herinnering: Schriftelijke bevindingen na het horen voor ${c.reference} uiterlijk 2026-12-04`);

    const decided = await event(t, c.id, cookie, { type: 'decided', outcome: 'well-founded', motivation: 'Terugbellen is toegezegd en niet gedaan.', on: '2026-12-02' });
    expect(find(decided, 'board', 'named', 'findings')[0]).toMatchObject({ status: 'met' });
    expect(find(decided, 'board', 'decision')[0]).toMatchObject({ status: 'met' });
  });
});
