import { describe, expect, it } from 'vitest';
import { computeTerm } from './deadlines.ts';
import { getPreset } from './presets.ts';
import { parseRegulation, type Regulation, type RegulationInput } from './regulation.schema.ts';
import { story } from './test-story.ts';

const awb = getPreset('awb-gemeente')!;
const stadsring = getPreset('stadsring51')!;

function pausableAwb(): Regulation {
  const copy = structuredClone(awb) as unknown as RegulationInput;
  copy.levels[1]!.pause = { allowed: true, source: 'custom art. 5' };
  copy.levels[1]!.terms!.firstContact = { length: 3, unit: 'working-days', from: 'received', source: 'custom art. 4' };
  const parsed = parseRegulation(copy);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.regulation;
}

describe('computeTerm', () => {
  it.each([
    [{ length: 1, unit: 'months' }, '2026-01-31', '2026-02-28'],
    [{ length: 6, unit: 'months' }, '2025-08-31', '2026-02-28'],
    [{ length: 10, unit: 'calendar-days' }, '2026-03-02', '2026-03-12'],
    [{ length: 1, unit: 'years' }, '2024-02-29', '2025-02-28'],
    [{ length: 2, unit: 'working-days' }, '2026-04-30', '2026-05-04'],
  ] as const)('%j from %s → %s', (t, start, due) => {
    expect(computeTerm({ term: { ...t, from: 'received', atw: false, source: 's' }, startEvent: 'received', start }).due).toBe(due);
  });

  it('a month term ending on a Saturday runs to Monday under the Atw, not otherwise', () => {
    const term = { length: 1, unit: 'months', from: 'received', source: 's' } as const;
    expect(computeTerm({ term: { ...term, atw: true }, startEvent: 'received', start: '2026-02-28' }).due).toBe('2026-03-30');
    expect(computeTerm({ term: { ...term, atw: false }, startEvent: 'received', start: '2026-02-28' }).due).toBe('2026-03-28');
  });
});

describe('deadlines from the timeline', () => {
  it('a pause moves the decision by its length; an ongoing pause counts to today', () => {
    const reg = pausableAwb();
    const s = story(reg, { receivedOn: '2026-03-02' }, { level: 'formal' });
    s.do({ type: 'paused', reason: 'awaiting documents' }, '2026-03-10');
    const ongoing = s.deadline('decision', '2026-03-15')!;
    expect(ongoing.due).toBe('2026-04-20'); // 13 Apr + 5 days = Sat 18 Apr → Atw → Mon 20 Apr
    expect(ongoing.explanation.pauses).toEqual([{ from: '2026-03-10', to: '2026-03-15', days: 5, reason: 'awaiting documents', ongoing: true }]);
    s.do({ type: 'resumed', reason: 'documents received' }, '2026-03-20');
    expect(s.deadline('decision', '2026-03-20')!.due).toBe('2026-04-23');
    expect(s.deadline('first-contact', '2026-03-20')).toMatchObject({ due: '2026-03-05', status: 'missed' }); // pause after the term ended
  });

  it('a working-day term a pause moves onto a weekend ends on the next working day', () => {
    const s = story(pausableAwb(), { receivedOn: '2026-03-02' }, { level: 'formal' });
    s.do({ type: 'paused', reason: 'r' }, '2026-03-03');
    s.do({ type: 'resumed', reason: 'r' }, '2026-03-06'); // 3 days: Thu 5 Mar → Sun 8 Mar → Mon 9 Mar
    expect(s.deadline('first-contact', '2026-03-06')?.due).toBe('2026-03-09');
  });

  it('a deadline done late is missed, with the day it was done', () => {
    const s = story(stadsring, { receivedOn: '2026-03-04' });
    s.do({ type: 'acknowledged' }, '2026-03-12');
    expect(s.deadline('acknowledgement', '2026-03-12')).toMatchObject({ due: '2026-03-11', status: 'missed', doneOn: '2026-03-12' });
  });

  it('ending before a term runs out makes it moot; ending after leaves it missed', () => {
    const early = story(stadsring, { receivedOn: '2026-03-04' });
    early.do({ type: 'acknowledged' }, '2026-03-05');
    early.do({ type: 'withdrawn' }, '2026-03-20');
    expect(early.deadlines('2026-06-01').map((d) => [d.kind, d.status])).toEqual([['acknowledgement', 'met']]);
    const late = story(stadsring, { receivedOn: '2026-03-04' });
    late.do({ type: 'withdrawn' }, '2026-05-04');
    expect(late.deadlines('2026-06-01').map((d) => [d.kind, d.status])).toEqual([
      ['acknowledgement', 'missed'],
      ['admissibility-notice', 'missed'],
      ['decision', 'missed'],
    ]);
  });

  it("escalation starts the new level's terms from the escalation day and closes the old ones", () => {
    const utrecht = getPreset('utrecht-buurtteams')!;
    const s = story(utrecht, { receivedOn: '2026-04-23' });
    s.do({ type: 'contacted' }, '2026-04-24');
    s.do({ type: 'escalated', toLevel: 'committee' }, '2026-06-01');
    expect(s.deadlines('2026-06-01').map((d) => [d.level, d.kind, d.due, d.status])).toEqual([
      ['team', 'first-contact', '2026-05-01', 'met'],
      ['committee', 'acknowledgement', '2026-06-15', 'open'],
    ]);
  });

  it("reopening starts the level's terms again from the reopening day", () => {
    const s = story(stadsring, { receivedOn: '2026-03-04' });
    s.do({ type: 'hearing-skipped', ground: 'waived' }, '2026-03-05');
    s.do({ type: 'decided', outcome: 'unfounded', motivation: 'x' }, '2026-03-06');
    s.do({ type: 'closed' }, '2026-03-06');
    s.do({ type: 'reopened', circumstances: 'New incident' }, '2026-04-01');
    const decisions = s.deadlines('2026-04-01').filter((d) => d.kind === 'decision');
    expect(decisions.map((d) => [d.due, d.status])).toEqual([
      ['2026-04-29', 'met'],
      ['2026-05-27', 'open'],
    ]);
  });

  it('explains itself in one sentence with the source', () => {
    const s = story(getPreset('utrecht-buurtteams')!, { receivedOn: '2026-04-23' }, { level: 'committee' });
    expect(s.deadline('acknowledgement', '2026-04-23')?.explanation.summary).toBe(
      '10 working days after received on 2026-04-23: 2026-05-11; skipping 2026-04-25 (saturday), 2026-04-26 (sunday), 2026-04-27 (Koningsdag), 2026-05-02 (saturday), 2026-05-03 (sunday), 2026-05-05 (Bevrijdingsdag), 2026-05-09 (saturday), 2026-05-10 (sunday) ([000 §3.2]).',
    );
  });
});
