import { describe, expect, it } from 'vitest';
import type { CaseEvent } from './case.ts';
import { allowedEvents, applyEvent, createCase, isClockRunning, STATUSES, type LifecycleResult, type Refusal, type Status } from './lifecycle.ts';
import { getPreset } from './presets.ts';
import { parseRegulation, type Regulation, type RegulationInput } from './regulation.schema.ts';
import { noon, story } from './test-story.ts';

// Version 1: the formal level's terms run from receipt at that level (what these tables were written for).
const awb = getPreset('awb-gemeente', 1)!;
const sth = getPreset('sth-helmond')!;

/** The Awb preset with a pausable formal level, as an organisation might configure it. */
function pausable(reasons?: string[]): Regulation {
  const copy = structuredClone(awb) as unknown as RegulationInput;
  copy.levels[1]!.pause = { allowed: true, ...(reasons ? { reasons } : {}), source: 'custom art. 5' };
  const parsed = parseRegulation(copy);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.regulation;
}

const D = '2026-03-02';
const skipHearing: CaseEvent = { type: 'hearing-skipped', ground: 'waived' };
const decide: CaseEvent = { type: 'decided', outcome: 'unfounded', motivation: 'No conduct shown.' };

/** Ways to bring an Awb formal case into a status. */
const SETUPS: Record<string, CaseEvent[]> = {
  received: [],
  acknowledged: [{ type: 'acknowledged' }],
  'in-progress': [{ type: 'contacted' }],
  'hearing-scheduled': [{ type: 'hearing-scheduled', at: '2026-03-02T10:00:00+01:00' }],
  decided: [skipHearing, decide],
  closed: [skipHearing, decide, { type: 'closed' }],
  withdrawn: [{ type: 'withdrawn' }],
  inadmissible: [{ type: 'admissibility-decided', admissible: false, grounds: ['already-handled'] }],
  transferred: [{ type: 'transferred', organisationId: 'org-2' }],
};

function at(setup: keyof typeof SETUPS) {
  const s = story(awb, { receivedOn: D }, { level: 'formal' });
  for (const e of SETUPS[setup]!) s.do(e, D);
  return s;
}

/** The transition table: from a setup, an event → the status reached or the refusal code. */
const TRANSITIONS = [
  ['received', { type: 'acknowledged' }, 'acknowledged'],
  ['acknowledged', { type: 'acknowledged' }, 'not-allowed-in-status'],
  ['received', { type: 'contacted' }, 'in-progress'],
  ['hearing-scheduled', { type: 'contacted' }, 'hearing-scheduled'],
  ['received', { type: 'admissibility-decided', admissible: true }, 'in-progress'],
  ['received', { type: 'admissibility-decided', admissible: false }, 'grounds-required'],
  ['received', { type: 'admissibility-decided', admissible: false, grounds: ['financial-claim'] }, 'ground-not-in-regulation'],
  ['received', { type: 'admissibility-decided', admissible: false, grounds: ['time-limit'] }, 'inadmissible'],
  ['in-progress', { type: 'hearing-scheduled', at: '2026-03-10T10:00:00+01:00' }, 'hearing-scheduled'],
  ['hearing-scheduled', { type: 'hearing-held', report: 'Verslag' }, 'in-progress'],
  ['hearing-scheduled', decide, 'hearing-pending'],
  ['received', decide, 'hearing-required'],
  ['received', { type: 'hearing-skipped', ground: 'manifestly-unfounded' }, 'in-progress'],
  ['received', { type: 'mediation' }, 'mediation-not-available'],
  ['received', { type: 'decision-approved', actorId: 'u2' }, 'not-allowed-in-status'],
  ['received', { type: 'paused', reason: 'x' }, 'pause-not-allowed'],
  ['received', { type: 'resumed', reason: 'x' }, 'not-paused'],
  ['received', { type: 'escalated', toLevel: 'ombudsman' }, 'received'],
  ['received', { type: 'escalated', toLevel: 'informal' }, 'escalation-not-allowed'],
  ['received', { type: 'complainant-unreachable' }, 'not-in-regulation'],
  ['received', { type: 'closed' }, 'not-allowed-in-status'],
  ['decided', { type: 'closed' }, 'closed'],
  ['decided', { type: 'withdrawn' }, 'withdrawn'],
  ['decided', { type: 'escalated', toLevel: 'ombudsman' }, 'received'],
  ['decided', { type: 'contacted' }, 'not-allowed-in-status'],
  ['closed', { type: 'reopened', circumstances: 'New facts' }, 'in-progress'],
  ['closed', { type: 'escalated', toLevel: 'ombudsman' }, 'received'],
  ['closed', { type: 'withdrawn' }, 'not-allowed-in-status'],
  ['withdrawn', { type: 'reopened', circumstances: 'Changed circumstances' }, 'in-progress'],
  ['withdrawn', { type: 'escalated', toLevel: 'ombudsman' }, 'not-allowed-in-status'],
  ['inadmissible', { type: 'escalated', toLevel: 'ombudsman' }, 'received'],
  ['inadmissible', { type: 'reopened', circumstances: 'x' }, 'not-allowed-in-status'],
  ['transferred', { type: 'contacted' }, 'not-allowed-in-status'],
  ['received', { type: 'transferred', organisationId: 'org-2' }, 'transferred'],
] as const;

describe('a hearing is held not before the day it was planned for (Awb 9:10)', () => {
  it('refuses "held" before the planned day, in Amsterdam time, and accepts it on that day', () => {
    const s = story(awb, { receivedOn: D }, { level: 'formal' });
    // 00:30 in Amsterdam on 10 March is still 9 March in UTC: the Amsterdam day counts.
    s.do({ type: 'hearing-scheduled', at: '2026-03-10T00:30:00+01:00' }, D);
    const early = s.try({ type: 'hearing-held', report: 'Verslag' }, '2026-03-09');
    expect(early.ok ? early.state.status : early.code).toBe('hearing-not-yet-held');
    expect(s.try({ type: 'hearing-held', report: 'Verslag' }, '2026-03-10').ok).toBe(true);
    // Amsterdam wall time without an offset is read as written.
    const local = story(awb, { receivedOn: D }, { level: 'formal' });
    local.do({ type: 'hearing-scheduled', at: '2026-03-12T09:00' }, D);
    expect(local.try({ type: 'hearing-held', report: 'Verslag' }, '2026-03-11').ok).toBe(false);
    expect(local.try({ type: 'hearing-held', report: 'Verslag' }, '2026-03-12').ok).toBe(true);
  });
});

describe('transitions (Awb formal level)', () => {
  it.each(TRANSITIONS)('from %s, %j → %s', (setup, event, expected) => {
    const s = at(setup);
    const r = s.try(event, D);
    if (r.ok) expect(r.state.status).toBe(expected);
    else expect(r.code).toBe(expected);
    expect(r.ok).toBe(expected in STATUSES);
  });

  it.each([
    [
      'received',
      ['acknowledged', 'contacted', 'admissibility-decided', 'hearing-scheduled', 'hearing-held', 'hearing-skipped', 'extended', 'escalated', 'withdrawn', 'transferred'],
    ],
    ['hearing-scheduled', ['contacted', 'admissibility-decided', 'hearing-scheduled', 'hearing-held', 'hearing-skipped', 'extended', 'escalated', 'withdrawn']],
    ['decided', ['escalated', 'withdrawn', 'closed']],
    ['closed', ['escalated', 'reopened']],
    ['withdrawn', ['reopened']],
    ['transferred', []],
  ] as const)('allowed in %s: %j', (setup, expected) => {
    expect(allowedEvents(awb, at(setup).state)).toEqual(expected);
  });

  it('every allowed event of a fresh case is accepted by applyEvent with a valid payload (no drift)', () => {
    const s = at('received');
    const payloads: Record<string, CaseEvent> = {
      acknowledged: { type: 'acknowledged' },
      contacted: { type: 'contacted' },
      'admissibility-decided': { type: 'admissibility-decided', admissible: true },
      'hearing-scheduled': { type: 'hearing-scheduled', at: '2026-04-01T10:00' },
      'hearing-held': { type: 'hearing-held', report: 'r' },
      'hearing-skipped': skipHearing,
      extended: { type: 'extended', weeks: 2, reason: 'r' },
      escalated: { type: 'escalated', toLevel: 'ombudsman' },
      withdrawn: { type: 'withdrawn' },
      transferred: { type: 'transferred', organisationId: 'o' },
    };
    for (const type of allowedEvents(awb, s.state)) {
      expect(applyEvent(awb, s.state, payloads[type], noon(D)).ok, type).toBe(true);
    }
  });
});

describe('rules around the reducer', () => {
  it('a case keeps its regulation version: another version is refused', () => {
    const s = at('received');
    const v2 = { ...awb, version: 2 };
    expect(applyEvent(v2, s.state, { type: 'contacted' }, noon(D))).toMatchObject({ ok: false, code: 'regulation-mismatch' });
  });

  it('rejects malformed events naming the field, future days and days before the last event', () => {
    const s = at('received');
    expect(s.try({ type: 'extended', weeks: 'four', reason: 'x' }, D)).toMatchObject({ ok: false, code: 'invalid-event', reason: expect.stringContaining('weeks') });
    expect(s.try({ type: 'nonsense' }, D)).toMatchObject({ ok: false, code: 'invalid-event' });
    expect(applyEvent(awb, s.state, { type: 'contacted', on: '2026-03-05' }, noon('2026-03-04'))).toMatchObject({ code: 'event-in-future' });
    s.do({ type: 'contacted', on: '2026-03-04' }, '2026-03-06');
    expect(s.state.events.at(-1)).toMatchObject({ on: '2026-03-04', recordedAt: noon('2026-03-06') });
    expect(s.try({ type: 'acknowledged', on: '2026-03-03' }, '2026-03-06')).toMatchObject({ code: 'event-out-of-order' });
  });

  it('a returned four-eyes decision goes back to handling', () => {
    const sv = getPreset('stichtse-vecht')!;
    const s = story(sv, { receivedOn: D }, { level: 'formal' });
    s.do(skipHearing, D);
    s.do({ ...decide, actorId: 'u1' } as CaseEvent, D);
    s.do({ type: 'decision-returned', reason: 'Motivation too thin', actorId: 'u2' }, D);
    expect(s.state.status).toBe('in-progress');
    expect(s.state.decision).toBeUndefined();
  });

  it('the first extension must stay within the maximum; a later one needs consent recorded before it', () => {
    const s = at('received');
    expect(s.try({ type: 'extended', weeks: 5, reason: 'x' }, D)).toMatchObject({ code: 'extension-needs-consent' });
    expect(s.try({ type: 'extended', weeks: 5, reason: 'x', consent: { recordedOn: '2026-03-03' } }, D)).toMatchObject({ code: 'consent-after-extension' });
    s.do({ type: 'extended', weeks: 5, reason: 'x', consent: { recordedOn: D } }, D); // consented: longer is fine
    expect(s.deadline('decision', D)?.due).toBe('2026-05-18');
  });

  it('pausing stops the clock only where the regulation allows it, with a reason from its list', () => {
    const reg = pausable(['awaiting-documents']);
    const s = story(reg, { receivedOn: D }, { level: 'formal' });
    expect(s.try({ type: 'paused', reason: 'holiday' }, '2026-03-10')).toMatchObject({ code: 'pause-reason-not-allowed' });
    s.do({ type: 'paused', reason: 'awaiting-documents' }, '2026-03-10');
    expect(isClockRunning(s.state)).toBe(false);
    expect(allowedEvents(reg, s.state)).toEqual(['contacted', 'resumed', 'escalated', 'withdrawn', 'transferred']);
    expect(s.try({ type: 'paused', reason: 'awaiting-documents' }, '2026-03-11')).toMatchObject({ code: 'case-paused' });
    s.do({ type: 'resumed', reason: 'documents in' }, '2026-03-20');
    expect(isClockRunning(s.state)).toBe(true);
  });

  it('escalation keeps the dossier and restarts the level', () => {
    const s = at('decided');
    const before = s.state.events.length;
    s.do({ type: 'escalated', toLevel: 'ombudsman' }, '2026-03-05');
    expect(s.state).toMatchObject({ level: 'ombudsman', startLevel: 'formal', status: 'received', hearing: 'none' });
    expect(s.state.decision).toBeUndefined();
    expect(s.state.events).toHaveLength(before + 1);
  });

  it('an unreachable complainant ends the case only at a level with that rule [002 §5.8]', () => {
    const s = story(sth, { kind: 'dissatisfaction', receivedOn: '2026-01-01' });
    expect(s.try({ type: 'complainant-unreachable' }, '2026-06-01')).toMatchObject({ code: 'not-in-regulation' });
  });

  it('objections and compliments: an objection allows nothing more; an unknown level is refused', () => {
    const o = createCase(awb, { kind: 'objection', receivedOn: D, decisionDate: D, complainant: { role: 'client' } });
    expect(o.ok && allowedEvents(awb, o.state)).toEqual([]);
    expect(createCase(awb, { kind: 'complaint', receivedOn: D }, { level: 'nope' })).toMatchObject({ ok: false, code: 'unknown-level' });
    expect(createCase(awb, { kind: 'complaint', receivedOn: '2026-13-01' })).toMatchObject({ ok: false, code: 'invalid-facts' });
  });

  it('every status declares whether the clock runs and whether it is an end state', () => {
    const ended = (Object.keys(STATUSES) as Status[]).filter((s) => STATUSES[s].ended);
    expect(ended).toEqual(['closed', 'withdrawn', 'ended-unreachable', 'inadmissible', 'referred', 'transferred']);
    for (const s of ended) expect(STATUSES[s].clockRunning).toBe(false);
  });
});

describe('refusals in Dutch', () => {
  const refusals = (results: LifecycleResult[]): Refusal[] => results.filter((r): r is Refusal => !r.ok);

  it('every refusal of the transition table, and of the other refusing rules, has its own Dutch sentence', () => {
    const fromTable = refusals(TRANSITIONS.map(([setup, event]) => at(setup).try(event, D)));
    expect(fromTable.length).toBeGreaterThan(10);

    const fresh = at('received');
    const paused = story(pausable(['awaiting-documents']), { receivedOn: D }, { level: 'formal' });
    paused.do({ type: 'paused', reason: 'awaiting-documents' }, D);
    const more = refusals([
      applyEvent({ ...awb, version: 2 }, fresh.state, { type: 'contacted' }, noon(D)),
      fresh.try({ type: 'extended', weeks: 'four', reason: 'x' }, D),
      applyEvent(awb, fresh.state, { type: 'contacted', on: '2026-03-05' }, noon('2026-03-04')),
      fresh.try({ type: 'acknowledged', on: '2026-03-01' }, D),
      fresh.try({ type: 'extended', weeks: 5, reason: 'x' }, D),
      fresh.try({ type: 'extended', weeks: 5, reason: 'x', consent: { recordedOn: '2026-03-03' } }, D),
      fresh.try({ type: 'hearing-held' }, D),
      paused.try({ type: 'paused', reason: 'awaiting-documents' }, D),
      paused.try({ type: 'acknowledged' }, D),
      story(pausable(['awaiting-documents']), { receivedOn: D }, { level: 'formal' }).try({ type: 'paused', reason: 'holiday' }, D),
      story(sth, { kind: 'dissatisfaction', receivedOn: '2026-01-01' }).try({ type: 'complainant-unreachable' }, '2026-06-01'),
      createCase(awb, { kind: 'complaint', receivedOn: D }, { level: 'nope' }),
      createCase(awb, { kind: 'complaint', receivedOn: '2026-13-01' }),
      createCase(awb, { kind: 'complaint', receivedOn: D, complainant: { role: 'client' } }, { level: 'ombudsman' }),
    ]);
    expect(more.length).toBe(14);

    for (const r of [...fromTable, ...more]) {
      expect(r.reasonNl, r.code).toBeTypeOf('string');
      expect(r.reasonNl.trim(), r.code).not.toBe('');
      expect(r.reasonNl, r.code).not.toBe(r.reason);
    }
  });

  it('keeps the dynamic values of the English reason', () => {
    const r = at('received').try({ type: 'escalated', toLevel: 'informal' }, D);
    expect(r).toMatchObject({ ok: false, code: 'escalation-not-allowed', reasonNl: expect.stringContaining('"informal"') });
    expect(r.ok || r.reasonNl).toContain('"formal"');
    const late = applyEvent(awb, at('received').state, { type: 'contacted', on: '2026-03-05' }, noon('2026-03-04'));
    expect(late).toMatchObject({ reason: "The event's day 2026-03-05 is after today, 2026-03-04.", reasonNl: 'De datum van de stap (2026-03-05) ligt na vandaag (2026-03-04).' });
  });
});
