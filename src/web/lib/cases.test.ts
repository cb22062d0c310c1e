import { describe, expect, it } from 'vitest';
import { calendarDaysBetween, suggestedStep, tokenFromStatusUrl, trafficLight, workingDaysLeft } from './cases.ts';
import type { CaseDeadline } from './cases.ts';

const deadline = (due: string, unit: string, skipped: string[] = []): CaseDeadline => ({
  kind: 'decision',
  level: 'l',
  due,
  status: 'open',
  source: '[x]',
  explanation: { unit, skipped: skipped.map((date) => ({ date })) },
});

describe('deadline helpers', () => {
  it('counts working days left, skipping weekends and the listed non-working days', () => {
    // Monday 2026-12-21 → Monday 2026-12-28: Tue–Fri and Mon, less Christmas (Fri 25th).
    expect(workingDaysLeft(deadline('2026-12-28', 'working-days', ['2026-12-25']), '2026-12-21')).toBe(4);
    expect(workingDaysLeft(deadline('2026-12-28', 'weeks'), '2026-12-21')).toBeNull();
    expect(workingDaysLeft(deadline('2026-12-20', 'working-days'), '2026-12-21')).toBeNull();
  });

  it('shows red when overdue, orange within five days, green otherwise', () => {
    expect(trafficLight({ due: '2026-01-09', status: 'open' }, '2026-01-10')).toBe('red');
    expect(trafficLight({ due: '2026-01-15', status: 'open' }, '2026-01-10')).toBe('orange');
    expect(trafficLight({ due: '2026-01-30', status: 'open' }, '2026-01-10')).toBe('green');
    expect(trafficLight({ due: '2026-01-01', status: 'met' }, '2026-01-10')).toBe('done');
    expect(calendarDaysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });

  it('takes the token from a status URL', () => {
    expect(tokenFromStatusUrl('https://klachten.example/status/abc_DEF-123?x=1')).toBe('abc_DEF-123');
    expect(tokenFromStatusUrl('nothing here')).toBe('');
  });
});

describe('the suggested next step', () => {
  const ev = (...types: string[]) => types.map((type, i) => ({ id: String(i), type, at: '', on: '2026-12-01', level: 'l', actorUserId: null }));
  const c = (status: string, types: string[], decided = false) => ({
    status,
    events: ev(...types),
    admissibility: decided ? { proposal: 'admissible' as const, grounds: [], decision: { admissible: true, grounds: [], by: null, at: '' } } : null,
  });
  const active = ['contacted', 'admissibility-decided', 'hearing-scheduled', 'hearing-held', 'decided', 'extended', 'withdrawn'];

  it('goes receipt, admissibility, hearing (where required), decision, approval, closing', () => {
    expect(suggestedStep(c('received', ['received']), ['acknowledged', ...active])).toBe('acknowledged');
    expect(suggestedStep(c('acknowledged', ['received', 'acknowledged']), active)).toBe('admissibility-decided');
    // A hearing is required: deciding is not allowed yet, so plan the hearing.
    const noDecision = active.filter((t) => t !== 'decided');
    expect(suggestedStep(c('in-progress', ['received', 'acknowledged', 'admissibility-decided'], true), noDecision)).toBe('hearing-scheduled');
    expect(suggestedStep(c('hearing-scheduled', ['received', 'admissibility-decided', 'hearing-scheduled'], true), noDecision)).toBe('hearing-held');
    expect(suggestedStep(c('in-progress', ['received', 'admissibility-decided', 'hearing-held'], true), active)).toBe('decided');
    // No hearing required: straight to the decision.
    expect(suggestedStep(c('in-progress', ['received', 'admissibility-decided'], true), active)).toBe('decided');
    expect(suggestedStep(c('decision-pending-approval', ['decided']), ['decision-approved', 'decision-returned'])).toBe('decision-approved');
    expect(suggestedStep(c('decided', ['decided']), ['closed', 'escalated'])).toBe('closed');
    expect(suggestedStep(c('closed', ['closed']), ['reopened'])).toBe('');
  });

  it('starts over after an escalation', () => {
    expect(suggestedStep(c('in-progress', ['admissibility-decided', 'hearing-held', 'decided', 'escalated']), active)).toBe('admissibility-decided');
  });
});
