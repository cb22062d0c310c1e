import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { determinedCells, isSmallCount, type Cell, type SuppressionGroup } from './anonymise.ts';
import { addDays, type IsoDate } from './calendar.ts';
import { getPreset } from './presets.ts';
import { CASE_KINDS, DEADLINE_KINDS, OUTCOMES, type CaseKind } from './regulation.schema.ts';
import {
  buildReport,
  leadTimeStats,
  LEVEL_BODIES,
  levelBodyOf,
  MEASURE_STATES,
  reportCaseFrom,
  reportFromTally,
  ReportTally,
  reportPeriod,
  reportToCsv,
  type Report,
  type ReportCase,
  type ReportInput,
  type ReportMeasure,
} from './reports.ts';
import { story } from './test-story.ts';

const H1 = reportPeriod(2026, 1);
const shown = (value: number): Cell => ({ value, suppressed: false });
const hidden: Cell = { value: null, suppressed: true };

function complaint(over: Partial<ReportCase> = {}): ReportCase {
  return {
    organisationId: 'org-a',
    kind: 'complaint',
    level: 'formal',
    levelBody: 'own',
    categories: [],
    outcome: null,
    status: 'received',
    receivedOn: '2026-01-05',
    closedOn: null,
    deadlines: [],
    recommendations: 0,
    ...over,
  };
}
const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

/**
 * A half-year of one organisation, counted by hand:
 * - 6 complaints handled internally, unfounded, about treatment, in 20 days;
 * - 5 complaints handled internally, well-founded, about treatment and communication, in 28 days, a recommendation each;
 * - 2 complaints at the committee, still running, about waiting time;
 * - 7 compliments closed the day they came (on the first and last day of the period);
 * - and 2 cases outside the period.
 */
function halfYear(): ReportInput {
  const ack = { kind: 'acknowledgement', status: 'met' } as const;
  return {
    period: H1,
    today: '2026-07-15',
    cases: [
      ...times(6, () =>
        complaint({ outcome: 'unfounded', status: 'closed', categories: ['treatment'], closedOn: '2026-01-25', deadlines: [ack, { kind: 'decision', status: 'met' }] }),
      ),
      ...times(5, () =>
        complaint({
          outcome: 'well-founded',
          status: 'closed',
          categories: ['treatment', 'communication'],
          receivedOn: '2026-02-02',
          closedOn: '2026-03-02',
          deadlines: [ack, { kind: 'decision', status: 'missed' }],
          recommendations: 1,
        }),
      ),
      ...times(2, () =>
        complaint({
          level: 'committee',
          levelBody: 'committee',
          status: 'in-progress',
          categories: ['waiting-time'],
          receivedOn: '2026-05-04',
          deadlines: [ack, { kind: 'decision', status: 'open' }],
        }),
      ),
      ...times(7, (i) => complaint({ kind: 'compliment', status: 'closed', receivedOn: i < 4 ? '2026-01-01' : '2026-06-30', closedOn: i < 4 ? '2026-01-01' : '2026-06-30' })),
      complaint({ receivedOn: '2025-12-31' }),
      complaint({ receivedOn: '2026-07-01' }),
    ],
    measures: [
      ...times(2, () => ({ state: 'done', dueOn: '2026-04-01', doneOn: '2026-03-20' }) as const),
      { state: 'done', dueOn: '2026-04-01', doneOn: '2026-04-20' },
      ...times(4, () => ({ state: 'planned', dueOn: '2026-12-01', doneOn: null }) as const),
      ...times(2, () => ({ state: 'planned', dueOn: '2026-06-01', doneOn: null }) as const),
    ],
  };
}

const rowsOf = (t: { rows: { key: string; count: Cell }[] }) => Object.fromEntries(t.rows.map((r) => [r.key, r.count]));

describe('a half-year report, counted by hand', () => {
  const report = buildReport(halfYear());

  it('counts the cases received in the period, both ends included', () => {
    expect(report.period).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(report.totals.total).toEqual(shown(20));
    expect(rowsOf(report.totals)).toEqual({ compliment: shown(7), dissatisfaction: shown(0), complaint: shown(13), signal: shown(0), objection: shown(0) });
  });

  it('hides the 2 cases at the committee, and the 18 handled internally, which would give them away', () => {
    expect(rowsOf(report.byLevel)).toEqual({ own: hidden, committee: hidden, ombudsman: shown(0), 'dispute-body': shown(0) });
    expect(report.byLevel.total).toEqual(shown(20));
  });

  it('counts outcomes, the running and the compliments without one', () => {
    expect(rowsOf(report.byOutcome)).toMatchObject({ 'well-founded': shown(5), unfounded: shown(6), 'partly-well-founded': shown(0), none: shown(9) });
  });

  it('counts categories per case; they do not add up, so a small one is hidden alone', () => {
    expect(rowsOf(report.byCategory)).toMatchObject({ treatment: shown(11), communication: shown(5), 'waiting-time': hidden, privacy: shown(0) });
    expect(report.byCategory.total).toBeNull();
  });

  it('gives lead times per kind; the 2 running complaints hide the 11 closed ones and their statistics', () => {
    const [compliment, , complaintRow] = report.leadTimes;
    expect(compliment).toMatchObject({ kind: 'compliment', closed: shown(7), open: shown(0), medianDays: shown(0), p90Days: shown(0) });
    expect(complaintRow).toMatchObject({ kind: 'complaint', closed: hidden, open: hidden, medianDays: hidden, p90Days: hidden });
  });

  it('counts deadlines met per kind; the 2 open decisions hide the 5 missed and the share', () => {
    const byKind = Object.fromEntries(report.deadlines.map((d) => [d.kind, d]));
    expect(byKind.acknowledgement).toMatchObject({ met: shown(13), missed: shown(0), open: shown(0), total: shown(13), percentMet: shown(100) });
    expect(byKind.decision).toMatchObject({ met: shown(6), missed: hidden, open: hidden, total: shown(13), percentMet: hidden });
  });

  it('counts recommendations and measures with their state', () => {
    expect(report.recommendations).toEqual(shown(5));
    expect(rowsOf(report.measures)).toEqual({ planned: hidden, 'in-progress': shown(0), done: hidden, dropped: shown(0) });
    expect(report.measures.total).toEqual(shown(9));
    expect(report.measures.overdue).toEqual(hidden); // 2
    expect(report.measures.doneLate).toEqual(hidden); // 1
  });

  it('shows lead times over the complaints once no small count gives them away', () => {
    const input = halfYear();
    const closedOnly = buildReport({ ...input, cases: input.cases.filter((c) => c.kind !== 'complaint' || c.closedOn !== null) });
    expect(closedOnly.leadTimes[2]).toMatchObject({ closed: shown(11), open: shown(0), medianDays: shown(20), p90Days: shown(28) });
  });

  it('exports CSV with Dutch headers, a * for what is hidden and a footnote', () => {
    const csv = reportToCsv(report);
    const lines = csv.split('\r\n');
    expect(lines).toContain('Aantallen per soort');
    expect(lines).toContain('Soort;Aantal');
    expect(lines).toContain('Klachten;13');
    expect(lines).toContain('Klachtencommissie;*');
    expect(lines).toContain('Soort;Afgesloten;Lopend;Mediaan;90e percentiel');
    expect(lines).toContain('Klachten;*;*;*;*');
    expect(lines).toContain('Afhandeling;6;*;*;13;*');
    expect(lines.some((l) => l.startsWith('* Niet getoond'))).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('the municipality over its providers', () => {
  it('first a big provider and a small one: the small one’s 3 complaints are hidden, and cells that would give them away', () => {
    const cases = [...times(7, () => complaint({ kind: 'compliment' })), ...times(10, () => complaint()), ...times(3, () => complaint({ organisationId: 'org-b' }))];
    const report = buildReport({
      period: H1,
      today: '2026-07-01',
      cases,
      organisations: [
        { id: 'org-a', name: 'Buurtteam Noord' },
        { id: 'org-b', name: 'Zorg = Zuid' },
      ],
    });
    const [a, b] = report.byOrganisation!.rows;
    expect(b).toMatchObject({ label: 'Zorg = Zuid', counts: [shown(0), shown(0), hidden, shown(0), shown(0)], total: hidden });
    expect(a).toMatchObject({ counts: [shown(7), shown(0), hidden, shown(0), shown(0)], total: hidden });
    expect(rowsOf(report.totals)).toMatchObject({ compliment: shown(7), complaint: shown(13) });
    expect(report.totals.total).toEqual(shown(20));
    expect(reportToCsv(report).split('\r\n')).toContain('Totaal;7;0;13;0;0;20');
  });

  it('refuses a case of an organisation not in the list', () => {
    expect(() => buildReport({ period: H1, today: '2026-07-01', cases: [complaint({ organisationId: 'org-x' })], organisations: [{ id: 'org-a', name: 'A' }] })).toThrow(/org-x/);
  });
});

describe('helpers', () => {
  it('lead times: the median of an even count is the mean of the middle two; the 90th percentile is the nearest rank', () => {
    expect(leadTimeStats([10, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual({ median: 5.5, p90: 9 });
    expect(leadTimeStats([3, 1, 2])).toEqual({ median: 2, p90: 3 });
    expect(leadTimeStats([])).toEqual({ median: null, p90: null });
  });

  it('periods: a year and its halves', () => {
    expect(reportPeriod(2026)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(reportPeriod(2026, 2)).toEqual({ from: '2026-07-01', to: '2026-12-31' });
  });

  it.each([
    ['utrecht-buurtteams', 'team', 'own'],
    ['utrecht-buurtteams', 'committee', 'committee'],
    ['awb-gemeente', 'ombudsman', 'ombudsman'],
    ['wkkgz', 'dispute-body', 'dispute-body'],
    ['sth-helmond', 'manager', 'own'],
  ] as const)('level body: %s %s → %s', (preset, level, body) => {
    expect(levelBodyOf(getPreset(preset)!, level)).toBe(body);
  });

  it('the officer decides a complaint with two recommendations and closes it; the report sees only its process data', () => {
    const awb = getPreset('awb-gemeente')!;
    const s = story(awb, { receivedOn: '2026-03-02' }, { level: 'formal' });
    s.do({ type: 'hearing-skipped', ground: 'waived' }, '2026-03-03');
    s.do({ type: 'decided', outcome: 'well-founded', motivation: 'Mevrouw Jansen is onheus bejegend.', recommendations: ['Train het team', 'Bel terug'] }, '2026-03-20');
    s.do({ type: 'closed' }, '2026-03-23');
    const rc = reportCaseFrom(awb, s.state, { organisationId: 'org-a', categories: ['treatment'], today: '2026-04-01' });
    expect(rc).toMatchObject({
      kind: 'complaint',
      level: 'formal',
      levelBody: 'own',
      outcome: 'well-founded',
      status: 'closed',
      receivedOn: '2026-03-02',
      closedOn: '2026-03-23',
      recommendations: 2,
    });
    expect(rc.deadlines).toContainEqual({ kind: 'decision', status: 'met' });
    expect(JSON.stringify(rc)).not.toMatch(/Jansen|Train|Bel/);
  });
});

// ---------------------------------------------------------------- the property

const ORGS = ['org-1', 'org-2', 'org-3', 'org-4', 'org-5'];
const day = (n: number): IsoDate => addDays('2026-01-01', n);

const arbCase: fc.Arbitrary<ReportCase> = fc
  .record({
    // Skewed, as in life: a big provider and small ones, many complaints and a rare objection.
    org: fc.constantFrom(...ORGS.flatMap((o, i) => Array<string>(Math.max(1, 8 - 3 * i)).fill(o))),
    kind: fc.constantFrom<CaseKind>(
      ...Array<CaseKind>(10).fill('complaint'),
      'compliment',
      'compliment',
      'compliment',
      'dissatisfaction',
      'dissatisfaction',
      'signal',
      'objection',
    ),
    levelBody: fc.constantFrom(...LEVEL_BODIES, 'own', 'own'),
    categories: fc.subarray(['treatment', 'communication', 'waiting-time', 'privacy', 'other']),
    outcome: fc.option(fc.constantFrom(...OUTCOMES), { nil: null }),
    received: fc.integer({ min: -20, max: 200 }),
    took: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
    deadlines: fc.array(fc.record({ kind: fc.constantFrom(...DEADLINE_KINDS), status: fc.constantFrom('open', 'met', 'missed') as fc.Arbitrary<'open' | 'met' | 'missed'> }), {
      maxLength: 3,
    }),
    recommendations: fc.nat(2),
    reclassifiedFrom: fc.option(fc.constantFrom(...CASE_KINDS), { nil: undefined, freq: 6 }),
  })
  .map((r) => {
    const c: ReportCase = {
      organisationId: r.org,
      kind: r.kind,
      level: r.levelBody,
      levelBody: r.levelBody,
      categories: r.categories,
      outcome: r.outcome,
      status: r.took === null ? 'in-progress' : 'closed',
      receivedOn: day(r.received),
      closedOn: r.took === null ? null : day(r.received + r.took),
      deadlines: r.deadlines,
      recommendations: r.recommendations,
    };
    if (r.reclassifiedFrom !== undefined && r.reclassifiedFrom !== r.kind) c.reclassifiedFrom = r.reclassifiedFrom;
    return c;
  });

const arbMeasure: fc.Arbitrary<ReportMeasure> = fc
  .record({ state: fc.constantFrom(...MEASURE_STATES), due: fc.integer({ min: 0, max: 300 }), done: fc.integer({ min: 0, max: 300 }) })
  .map((m) => ({ state: m.state, dueOn: day(m.due), doneOn: m.state === 'done' ? day(m.done) : null }));

/**
 * Every count cell of the report with its true value (counted here, naively) and
 * the additive groups a reader knows, rebuilt from the report's shape.
 */
function cellsAndGroups(report: Report, input: Required<Pick<ReportInput, 'measures' | 'organisations'>> & ReportInput) {
  const cases = input.cases.filter((c) => c.receivedOn >= input.period.from && c.receivedOn <= input.period.to);
  const cells: { name: string; cell: Cell; truth: number }[] = [];
  const index = new Map<string, number>();
  const reg = (name: string, cell: Cell, truth: number): number => {
    const known = index.get(name);
    if (known !== undefined) {
      expect(cell, name).toEqual(cells[known]!.cell); // the same count is published the same everywhere
      return known;
    }
    cells.push({ name, cell, truth });
    index.set(name, cells.length - 1);
    return cells.length - 1;
  };
  const groups: SuppressionGroup[] = [];
  const count = (p: (c: ReportCase) => boolean) => cases.filter(p).length;

  const grand = reg('grand', report.totals.total!, cases.length);
  const kind = (k: CaseKind) =>
    reg(
      `kind:${k}`,
      report.totals.rows.find((r) => r.key === k)!.count,
      count((c) => c.kind === k),
    );
  groups.push({ total: grand, parts: CASE_KINDS.map(kind) });
  groups.push({
    total: reg('grand', report.byLevel.total!, cases.length),
    parts: report.byLevel.rows.map((r) =>
      reg(
        `level:${r.key}`,
        r.count,
        count((c) => c.levelBody === r.key),
      ),
    ),
  });
  groups.push({
    total: reg('grand', report.byOutcome.total!, cases.length),
    parts: report.byOutcome.rows.map((r) =>
      reg(
        `outcome:${r.key}`,
        r.count,
        count((c) => (c.outcome ?? 'none') === r.key),
      ),
    ),
  });
  for (const r of report.byCategory.rows)
    reg(
      `category:${r.key}`,
      r.count,
      count((c) => c.categories.includes(r.key)),
    );
  groups.push({
    total: reg(
      'reclassified',
      report.reclassified.total!,
      count((c) => c.reclassifiedFrom !== undefined),
    ),
    parts: report.reclassified.rows.map((r) =>
      reg(
        `reclassified:${r.key}`,
        r.count,
        count((c) => c.reclassifiedFrom === r.key),
      ),
    ),
  });
  for (const row of report.leadTimes) {
    groups.push({
      total: kind(row.kind),
      parts: [
        reg(
          `closed:${row.kind}`,
          row.closed,
          count((c) => c.kind === row.kind && c.closedOn !== null),
        ),
        reg(
          `open:${row.kind}`,
          row.open,
          count((c) => c.kind === row.kind && c.closedOn === null),
        ),
      ],
    });
  }
  for (const row of report.deadlines) {
    const n = (s?: string) => cases.flatMap((c) => c.deadlines).filter((d) => d.kind === row.kind && (s === undefined || d.status === s)).length;
    groups.push({
      total: reg(`deadline:${row.kind}`, row.total, n()),
      parts: [
        reg(`deadline:${row.kind}:met`, row.met, n('met')),
        reg(`deadline:${row.kind}:missed`, row.missed, n('missed')),
        reg(`deadline:${row.kind}:open`, row.open, n('open')),
      ],
    });
  }
  reg(
    'recommendations',
    report.recommendations,
    cases.reduce((s, c) => s + c.recommendations, 0),
  );
  const ms = input.measures;
  groups.push({
    total: reg('measures', report.measures.total!, ms.length),
    parts: report.measures.rows.map((r) => reg(`measure:${r.key}`, r.count, ms.filter((m) => m.state === r.key).length)),
  });
  reg('overdue', report.measures.overdue, ms.filter((m) => (m.state === 'planned' || m.state === 'in-progress') && m.dueOn < input.today).length);
  reg('doneLate', report.measures.doneLate, ms.filter((m) => m.state === 'done' && m.doneOn! > m.dueOn).length);
  const orgTotals: number[] = [];
  const columns: number[][] = CASE_KINDS.map(() => []);
  for (const row of report.byOrganisation!.rows) {
    const parts = row.counts.map((cell, j) => {
      const i = reg(
        `org:${row.id}:${CASE_KINDS[j]}`,
        cell,
        count((c) => c.organisationId === row.id && c.kind === CASE_KINDS[j]),
      );
      columns[j]!.push(i);
      return i;
    });
    const total = reg(
      `org:${row.id}`,
      row.total,
      count((c) => c.organisationId === row.id),
    );
    orgTotals.push(total);
    groups.push({ total, parts });
  }
  groups.push({ total: grand, parts: orgTotals });
  CASE_KINDS.forEach((k, j) => {
    groups.push({ total: kind(k), parts: columns[j]! });
  });
  return { cells, groups };
}

describe('anonymity, with random cases', () => {
  it('no small count is shown, none can be worked out, and what is shown is true', () => {
    fc.assert(
      fc.property(
        fc.array(arbCase, { maxLength: 300, size: 'max' }),
        fc.array(arbMeasure, { maxLength: 30 }),
        fc.integer({ min: 1, max: ORGS.length }),
        (cases, measures, nOrgs) => {
          const organisations = ORGS.slice(0, nOrgs).map((id) => ({ id, name: id }));
          const input = { period: H1, today: '2026-07-15', cases: cases.filter((c) => ORGS.indexOf(c.organisationId) < nOrgs), measures, organisations };
          const report = buildReport(input);
          const { cells, groups } = cellsAndGroups(report, input);

          for (const { name, cell, truth } of cells) {
            // (a) no published count from 1 to 4
            if (!cell.suppressed) expect(isSmallCount(cell.value!), name).toBe(false);
            // (c) what is published is the true count; what is hidden is null
            expect(cell, name).toEqual(cell.suppressed ? { value: null, suppressed: true } : { value: truth, suppressed: false });
            if (isSmallCount(truth)) expect(cell.suppressed, name).toBe(true);
          }
          // (b) in every additive group a suppressed cell has company, and what subtraction gives is no small count
          for (const g of groups) {
            const hiddenMembers = [g.total, ...g.parts].filter((i) => cells[i]!.cell.suppressed);
            expect(hiddenMembers.length === 0 || hiddenMembers.length >= 2).toBe(true);
            if (!cells[g.total]!.cell.suppressed && hiddenMembers.length > 0) {
              const recovered = cells[g.total]!.cell.value! - g.parts.reduce((s, p) => s + (cells[p]!.cell.value ?? 0), 0);
              expect(isSmallCount(recovered)).toBe(false);
              expect(recovered).toBeGreaterThan(hiddenMembers.length);
            }
          }
          // …and no suppressed cell follows from all the equations together.
          const fixed = determinedCells(
            cells.map((c) => c.truth),
            groups,
            cells.map((c) => c.cell.suppressed),
          );
          expect(fixed.map((i) => cells[i]!.name)).toEqual([]);
          // Statistics over fewer than 5 cases are hidden.
          for (const row of report.leadTimes) {
            if (row.closed.suppressed)
              expect([row.medianDays, row.p90Days]).toEqual([
                { value: null, suppressed: true },
                { value: null, suppressed: true },
              ]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the CSV shows no number from 1 to 4 in a count column', () => {
    fc.assert(
      fc.property(fc.array(arbCase, { maxLength: 120, size: 'max' }), (cases) => {
        const report = buildReport({ period: H1, today: '2026-07-15', cases, organisations: ORGS.map((id) => ({ id, name: id })) });
        const csv = reportToCsv(report);
        const leadTimeSection = csv.split('\r\n\r\n').find((s) => s.startsWith('Doorlooptijd'))!;
        for (const section of csv.split('\r\n\r\n').filter((s) => s !== leadTimeSection && !s.startsWith('Klachtenrapportage'))) {
          // Counts only: in the deadlines section the last column is a percentage.
          const last = section.startsWith('Termijnen') ? -1 : undefined;
          for (const line of section.split('\r\n').slice(2))
            expect(
              line
                .split(';')
                .slice(1, last)
                .filter((f) => /^[1-4]$/.test(f)),
              line,
            ).toEqual([]);
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('kept counts (the server keeps a month of closed cases per organisation)', () => {
  it('adding the kept counts of any split of the cases gives the report of all of them, also through JSON', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(arbCase, fc.nat(3)), { maxLength: 120 }), (tagged) => {
        const period = { from: day(0), to: day(180) };
        const organisations = ORGS.map((id) => ({ id, name: id.toUpperCase() }));
        const cases = tagged.map(([c]) => c);
        const whole = buildReport({ period, today: day(200), cases, organisations });
        // Split by organisation and by an arbitrary group, as months would split them.
        const tally = new ReportTally(period, new Set(ORGS));
        for (const org of ORGS) {
          for (let g = 0; g <= 3; g++) {
            const part = new ReportTally(period);
            for (const [c, tag] of tagged) if (c.organisationId === org && tag === g) part.add(c);
            tally.addCounts(JSON.parse(JSON.stringify(part.toCounts())), org);
          }
        }
        expect(reportFromTally(tally, { period, today: day(200), organisations })).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses counts of an organisation outside a municipality-wide report', () => {
    const tally = new ReportTally({ from: day(0), to: day(10) }, new Set(['org-1']));
    expect(() => tally.addCounts(new ReportTally({ from: day(0), to: day(10) }).toCounts(), 'org-9')).toThrow(/org-9/);
  });
});
