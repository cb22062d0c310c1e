import { describe, expect, it } from 'vitest';
import { buildReport, reportPeriod, reportToCsv, type ReportCase } from './reports.ts';

// Issue 9 §2.8, §2.9 and issue 12: referrals of what is not a complaint are counted
// apart, per route, and never as a case of their kind; complainants supported by a
// confidant and the confidants' recommendations are counted; all suppressed like the rest.

const H1 = reportPeriod(2026, 1);
const shown = (value: number) => ({ value, suppressed: false });
const hidden = { value: null, suppressed: true };

const base = (over: Partial<ReportCase> = {}): ReportCase => ({
  organisationId: 'org-a',
  kind: 'complaint',
  level: 'formal',
  levelBody: 'own',
  categories: [],
  outcome: null,
  status: 'received',
  receivedOn: '2026-02-02',
  closedOn: null,
  deadlines: [],
  recommendations: 0,
  ...over,
});
const times = (n: number, over: Partial<ReportCase> = {}) => Array.from({ length: n }, () => base(over));
const referred = (route: string) => ({
  status: 'referred' as const,
  closedOn: '2026-02-03',
  referredTo: route,
  deadlines: [{ kind: 'decision' as const, status: 'met' as const }],
});

describe('referrals and confidants in the report (issue 9 §2.8, §2.9, issue 12)', () => {
  it('leaves referrals out of every complaint figure and counts them per route', () => {
    const report = buildReport({
      period: H1,
      today: '2026-07-01',
      referralLabels: { 'openbare-ruimte': 'Meldpunt openbare ruimte' },
      cases: [...times(6), ...times(5, referred('openbare-ruimte')), ...times(6, referred('wijkteam'))],
    });
    expect(report.totals.total).toEqual(shown(6));
    expect(report.deadlines.find((d) => d.kind === 'decision')!.total).toEqual(shown(0));
    expect(report.leadTimes.find((l) => l.kind === 'complaint')!.closed).toEqual(shown(0));
    expect(report.referrals).toMatchObject({
      total: shown(11),
      rows: [
        { key: 'openbare-ruimte', label: 'Meldpunt openbare ruimte', count: shown(5) },
        { key: 'wijkteam', label: 'wijkteam', count: shown(6) },
      ],
    });
    expect(reportToCsv(report).split('\r\n')).toEqual(expect.arrayContaining(['Totaal doorverwezen;11', 'Meldpunt openbare ruimte;5']));
  });

  it('hides a small route and the one that would give it away', () => {
    const report = buildReport({ period: H1, today: '2026-07-01', cases: [...times(5, referred('a')), ...times(2, referred('b'))] });
    expect(report.referrals!.rows.map((r) => r.count)).toEqual([hidden, hidden]);
    expect(report.referrals!.total).toEqual(shown(7));
  });

  it('counts complainants supported by a confidant and their recommendations, not below 5', () => {
    const few = buildReport({ period: H1, today: '2026-07-01', cases: [...times(3, { confidant: true, confidantRecommendations: 1 }), ...times(4)] });
    expect(few.confidants).toEqual({ supported: hidden, recommendations: hidden });
    const many = buildReport({ period: H1, today: '2026-07-01', cases: [...times(5, { confidant: true, confidantRecommendations: 2 }), ...times(4)] });
    expect(many.confidants).toEqual({ supported: shown(5), recommendations: shown(10) });
    // Outside the period: not counted.
    const later = buildReport({ period: H1, today: '2026-12-01', cases: times(5, { confidant: true, receivedOn: '2026-08-01' }) });
    expect(later.confidants).toEqual({ supported: shown(0), recommendations: shown(0) });
  });
});
