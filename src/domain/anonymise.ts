/**
 * Small-count suppression for reports [000 §4, 002 §9.5, 004 §7]: a report says
 * how many, never who. Pure functions over numbers; `reports.ts` builds the
 * tables and calls them.
 *
 * The rules:
 * - **Primary**: a count from 1 to 4 (`isSmallCount`) is never published.
 * - **Zero is published.** Nobody is in an empty cell, so 0 reveals no person,
 *   and hiding zeros would make the tables unreadable. The price: a reader knows
 *   a suppressed cell holds at least 1, which the rules below take into account.
 * - **Complementary**: cells are linked by additive groups (`total = Σ parts`; a
 *   cell may sit in several groups, e.g. a provider × kind table's rows and
 *   columns, or several breakdowns sharing the grand total). In every group that
 *   has a suppressed member:
 *   1. at least two members are suppressed (else total minus the rest gives it);
 *   2. when the total is published, the suppressed parts together (which a reader
 *      can work out by subtraction) hold 5 or more, and more than there are
 *      suppressed parts (else the sum is itself a small count, or every
 *      suppressed part must be 1).
 *   Each time one more published non-zero member of the group is suppressed:
 *   the one that forces the fewest further suppressions (it sits in no other
 *   group still without a suppressed cell), then the smallest (least information
 *   lost).
 * - **Audit**: rules 1–2 look at one group at a time; chains of groups can still
 *   pin a cell (two suppressed blocks joined by one cell). `determinedCells`
 *   solves the published equations exactly and finds every suppressed cell they
 *   fix; `suppress` adds cells until none is fixed.
 *
 * What this does not do:
 * - Bounds reasoning across several groups at once (a linear programme over
 *   `x ≥ 1` for suppressed cells); rule 2 covers it within one group.
 * - Differences between counts that are in no additive group together: total
 *   minus a category's count gives the cases without that category; planned +
 *   in progress minus overdue the measures on time. Such a difference counts
 *   cases by what they are not; it is not protected.
 */

/** The smallest count that may be published (besides zero). */
export const MIN_PUBLISHED_COUNT = 5;

/** A count as published: its value, or null when suppressed. */
export interface Cell {
  value: number | null;
  suppressed: boolean;
}

/** `values[total] = Σ values[parts]`, as indices into the cell list. */
export interface SuppressionGroup {
  total: number;
  parts: readonly number[];
}

export function isSmallCount(n: number): boolean {
  return n >= 1 && n < MIN_PUBLISHED_COUNT;
}

export function publishedCell(value: number, suppressed: boolean): Cell {
  return suppressed ? { value: null, suppressed: true } : { value, suppressed: false };
}

/**
 * Which cells to suppress: primary (1–4) and complementary until stable. `values`
 * must satisfy every group; `extra` marks cells suppressed for other reasons.
 */
export function suppress(values: readonly number[], groups: readonly SuppressionGroup[], extra: readonly boolean[] = []): boolean[] {
  for (const g of groups) {
    const sum = g.parts.reduce((s, p) => s + at(values, p), 0);
    if (sum !== at(values, g.total)) throw new Error(`suppress: group with total cell ${g.total} does not add up (${sum} ≠ ${at(values, g.total)})`);
  }
  const hidden = values.map((v, i) => isSmallCount(v) || extra[i] === true);
  const groupsOf = new Map<number, SuppressionGroup[]>();
  for (const g of groups) for (const c of [g.total, ...g.parts]) groupsOf.set(c, [...(groupsOf.get(c) ?? []), g]);

  /**
   * A cell to hide next among `candidates`, for `group`: the one that breaks
   * the fewest other groups (groups without a suppressed cell yet, which would
   * need one more in turn), then the smallest, then the first.
   */
  const pick = (candidates: readonly number[], group?: SuppressionGroup): number | undefined => {
    let best: number | undefined;
    let bestKey: readonly number[] = [];
    for (const c of candidates) {
      if (hidden[c] || at(values, c) === 0) continue;
      const cost = (groupsOf.get(c) ?? []).filter((g) => g !== group && ![g.total, ...g.parts].some((m) => hidden[m])).length;
      const key = [cost, at(values, c), c];
      if (best === undefined || lexLess(key, bestKey)) {
        best = c;
        bestKey = key;
      }
    }
    return best;
  };
  const hideOneMore = (g: SuppressionGroup): boolean => {
    const c = pick([...g.parts, g.total], g);
    if (c === undefined) return false;
    hidden[c] = true;
    return true;
  };

  for (;;) {
    let changed = false;
    for (const g of groups) {
      const members = [g.total, ...g.parts];
      const hiddenCount = members.filter((m) => hidden[m]).length;
      if (hiddenCount === 0) continue;
      if (hiddenCount === 1) {
        changed = hideOneMore(g) || changed;
        continue;
      }
      if (!hidden[g.total]) {
        const hiddenParts = g.parts.filter((p) => hidden[p]);
        const sum = hiddenParts.reduce((s, p) => s + at(values, p), 0);
        if (isSmallCount(sum) || (sum > 0 && sum <= hiddenParts.length)) changed = hideOneMore(g) || changed;
      }
    }
    if (changed) continue;
    const fixed = determinedCells(values, groups, hidden);
    const first = fixed[0];
    if (first === undefined) return hidden;
    const near = (groupsOf.get(first) ?? []).flatMap((g) => [...g.parts, g.total]);
    const c = pick(near) ?? pick(values.map((_, i) => i));
    if (c === undefined) throw new Error('suppress: a suppressed cell stays determined with every non-zero cell suppressed');
    hidden[c] = true;
  }
}

/**
 * The suppressed cells whose value follows exactly from the published cells and
 * the groups' equations (exact elimination; a suppressed cell is fixed when its
 * unit vector lies in the row space of the equations over the suppressed cells).
 */
export function determinedCells(values: readonly number[], groups: readonly SuppressionGroup[], hidden: readonly boolean[]): number[] {
  const unknowns = values.map((_, i) => i).filter((i) => hidden[i]);
  if (unknowns.length === 0) return [];
  const column = new Map(unknowns.map((c, j) => [c, j]));
  const rows: bigint[][] = [];
  for (const g of groups) {
    const row = unknowns.map(() => 0n);
    let any = false;
    for (const [cell, coefficient] of [[g.total, -1n] as const, ...g.parts.map((p) => [p, 1n] as const)]) {
      const j = column.get(cell);
      if (j === undefined) continue;
      row[j] = (row[j] ?? 0n) + coefficient;
      any = true;
    }
    if (any) rows.push(row);
  }
  // Reduced row echelon form, fraction-free: rows scaled to integers with gcd 1.
  const pivotOfRow: number[] = [];
  let r = 0;
  for (let j = 0; j < unknowns.length && r < rows.length; j++) {
    const p = rows.findIndex((row, i) => i >= r && row[j] !== 0n);
    if (p === -1) continue;
    [rows[r], rows[p]] = [rows[p]!, rows[r]!];
    const pivotRow = rows[r]!;
    const pv = pivotRow[j]!;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const f = row[j]!;
      if (i === r || f === 0n) continue;
      for (let k = 0; k < row.length; k++) row[k] = row[k]! * pv - pivotRow[k]! * f;
      normalise(row);
    }
    pivotOfRow.push(j);
    r++;
  }
  const out: number[] = [];
  const pivotColumns = new Set(pivotOfRow);
  pivotOfRow.forEach((j, i) => {
    const row = rows[i]!;
    // Fixed when no free column enters its row: then x_j = (published part) / pivot.
    if (row.every((v, k) => k === j || v === 0n || pivotColumns.has(k))) out.push(unknowns[j]!);
  });
  return out.sort((a, b) => a - b);
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

function normalise(row: bigint[]): void {
  let g = 0n;
  for (const v of row) g = gcd(g, v < 0n ? -v : v);
  if (g > 1n) for (let k = 0; k < row.length; k++) row[k] = row[k]! / g;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function at(values: readonly number[], i: number): number {
  const v = values[i];
  if (v === undefined) throw new Error(`suppress: no cell ${i}`);
  return v;
}
