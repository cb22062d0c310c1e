import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { determinedCells, isSmallCount, suppress, type SuppressionGroup } from './anonymise.ts';

/** One table: cell 0 is the total, the rest its parts. */
const oneGroup = (parts: number[]) => ({
  values: [parts.reduce((a, b) => a + b, 0), ...parts],
  groups: [{ total: 0, parts: parts.map((_, i) => i + 1) }],
});

/** An r × c table with margins: cells r*c, then row totals, column totals, grand total. */
function grid(inner: number[][]) {
  const r = inner.length;
  const c = inner[0]!.length;
  const values = inner.flat();
  const cellAt = (i: number, j: number) => i * c + j;
  const rowTotal = (i: number) => r * c + i;
  const colTotal = (j: number) => r * c + r + j;
  const grand = r * c + r + c;
  values.push(...inner.map((row) => row.reduce((a, b) => a + b, 0)));
  values.push(...inner[0]!.map((_, j) => inner.reduce((s, row) => s + row[j]!, 0)));
  values.push(values.slice(0, r * c).reduce((a, b) => a + b, 0));
  const groups: SuppressionGroup[] = [
    ...inner.map((_, i) => ({ total: rowTotal(i), parts: inner[0]!.map((_, j) => cellAt(i, j)) })),
    ...inner[0]!.map((_, j) => ({ total: colTotal(j), parts: inner.map((_, i) => cellAt(i, j)) })),
    { total: grand, parts: inner.map((_, i) => rowTotal(i)) },
    { total: grand, parts: inner[0]!.map((_, j) => colTotal(j)) },
  ];
  return { values, groups, cellAt, rowTotal, colTotal, grand };
}

describe('small counts', () => {
  it('1 to 4 are small; 0 and 5 are not', () => {
    expect([0, 1, 4, 5, 12].map(isSmallCount)).toEqual([false, true, true, false, false]);
  });
});

describe('suppression in one table', () => {
  it('first the officer counts 12 complaints and 3 compliments: the 3 goes, and the 12 with it, the total of 15 stays', () => {
    const { values, groups } = oneGroup([12, 3, 0]);
    expect(suppress(values, groups)).toEqual([false, true, true, false]);
  });

  it('of two small cells the smallest next one is taken when their sum would be small', () => {
    // 2 + 2 = 4 could be worked out from the total; 7 is the smallest other non-zero cell.
    const { values, groups } = oneGroup([2, 2, 7, 30]);
    expect(suppress(values, groups)).toEqual([false, true, true, true, false]);
  });

  it('five cases in five kinds: every kind is 1, so the total goes too', () => {
    const { values, groups } = oneGroup([1, 1, 1, 1, 1]);
    expect(suppress(values, groups)).toEqual([true, true, true, true, true, true]);
  });

  it('a table without small counts is published whole, zeros included', () => {
    const { values, groups } = oneGroup([0, 5, 9]);
    expect(suppress(values, groups)).toEqual([false, false, false, false]);
  });

  it('refuses a group that does not add up', () => {
    expect(() => suppress([5, 2, 2], [{ total: 0, parts: [1, 2] }])).toThrow(/does not add up/);
  });
});

describe('the audit', () => {
  it('finds a cell that joins two suppressed blocks (each row and column has two suppressed cells, yet it is fixed)', () => {
    const t = grid([
      [3, 3, 1, 9],
      [3, 3, 9, 9],
      [9, 9, 3, 3],
      [9, 9, 3, 3],
    ]);
    const hidden = t.values.map(() => false);
    for (const [i, j] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 2],
      [2, 3],
      [3, 2],
      [3, 3],
      [0, 2],
    ] as const)
      hidden[t.cellAt(i, j)] = true;
    expect(determinedCells(t.values, t.groups, hidden)).toEqual([t.cellAt(0, 2)]);
    const fixed = suppress(t.values, t.groups);
    expect(determinedCells(t.values, t.groups, fixed)).toEqual([]);
  });

  it('a suppressed total shared by two tables is fixed by the other table', () => {
    // Table A: total 0 = 1 + 2; table B: total 0 = 3 + 4. Hiding only 0 and 1 lets B give 0, then A gives 1.
    const values = [20, 3, 17, 10, 10];
    const groups = [
      { total: 0, parts: [1, 2] },
      { total: 0, parts: [3, 4] },
    ];
    expect(determinedCells(values, groups, [true, true, false, false, false])).toEqual([0, 1]);
  });

  it('after suppression no suppressed cell of a random table with margins is fixed, and no small count is shown', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((c) =>
            fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 30 })), { minLength: c, maxLength: c }), { minLength: 1, maxLength: 8 }),
          ),
        (inner) => {
          const t = grid(inner);
          const hidden = suppress(t.values, t.groups);
          expect(determinedCells(t.values, t.groups, hidden)).toEqual([]);
          t.values.forEach((v, i) => {
            if (isSmallCount(v)) expect(hidden[i]).toBe(true);
          });
          for (const g of t.groups) {
            const members = [g.total, ...g.parts];
            const n = members.filter((m) => hidden[m]).length;
            expect(n === 0 || n >= 2).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
