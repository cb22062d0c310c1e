/**
 * The regulation being edited, as plain JSON (what a regulation file holds), and
 * the pure helpers the editor works with: immutable updates by path, the
 * checker's findings keyed by field path, and the deadline preview. The check
 * and the deadline functions are the domain's own (pure, no I/O), run in the browser.
 */
import { checkRegulation } from '../../../domain/check.ts';
import { computeTerm, type DeadlineExplanation } from '../../../domain/deadlines.ts';
import type { RecordedEvent } from '../../../domain/case.ts';
import { formatPath, type Level, type Regulation, type RegulationInput } from '../../../domain/regulation.schema.ts';

export type Draft = Record<string, unknown>;
export type Path = readonly (string | number)[];

export const pathKey = (path: Path): string => formatPath(path);

export function getAt(value: unknown, path: Path): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/** A copy of `root` with the value at `path` replaced; `undefined` removes an object key. */
export function setAt<T>(root: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[head as number] = setAt(copy[head as number], rest, value);
    return copy as T;
  }
  const obj = root && typeof root === 'object' ? { ...(root as Record<string, unknown>) } : {};
  const next = setAt(obj[head], rest, value);
  if (next === undefined) delete obj[head];
  else obj[head] = next;
  return obj as T;
}

export function moveItem<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (to < 0 || to >= list.length) return [...list];
  const copy = [...list];
  [copy[index], copy[to]] = [copy[to] as T, copy[index] as T];
  return copy;
}

export function removeItem<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

export interface Finding {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface Checked {
  findings: Finding[];
  byPath: Map<string, Finding[]>;
  regulation: Regulation | undefined;
}

/** Runs the domain's checker: schema errors and warnings where the regulation falls below the law. */
export function check(draft: Draft): Checked {
  const result = checkRegulation({ ...draft, version: typeof draft.version === 'number' ? draft.version : 1 });
  const findings: Finding[] = [...result.errors.map((e) => ({ ...e, severity: 'error' as const })), ...result.warnings.map((w) => ({ ...w, severity: 'warning' as const }))];
  return { findings, byPath: groupFindings(findings), regulation: result.regulation };
}

export function groupFindings(findings: readonly Finding[]): Map<string, Finding[]> {
  const byPath = new Map<string, Finding[]>();
  for (const f of findings) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  return byPath;
}

/** The parents of a path, nearest first: `levels[0].terms.decision` → `levels[0].terms`, `levels[0]`, `levels`. */
export function parentPaths(path: string): string[] {
  const out: string[] = [];
  let p = path;
  while (true) {
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) break;
    p = p.slice(0, cut);
    out.push(p);
  }
  return out;
}

/**
 * A draft to start from: a copy of a preset under an id of the organisation's
 * own (presets keep theirs), or one of the organisation's own versions as is.
 */
export function startDraft(regulation: RegulationInput | Regulation, newId: string | null): Draft {
  const copy = JSON.parse(JSON.stringify(regulation)) as Draft;
  delete copy.$schema;
  delete copy.version;
  if (newId) copy.id = newId;
  return copy;
}

/** What is stored: the draft without the version (the server numbers versions). */
export function forSaving(draft: Draft): Draft {
  const { version: _v, $schema: _s, ...rest } = draft;
  return rest;
}

export interface PreviewTerm {
  /** One of the level's four terms, or 'named' for a term of `level.namedTerms`. */
  key: keyof Level['terms'] | 'named';
  /** The named term's id and name. */
  named?: { id: string; name: string };
  /** Counted from a later event the preview cannot date (the hearing, the advice): shown as if it happened on the date of receipt. */
  fromEvent?: 'hearing-held' | 'advised';
  due: string;
  explanation: DeadlineExplanation;
  /** The due date after the longest extension the organisation may announce itself. */
  extended?: { due: string; weeks: number };
  /** The start is a later event, assumed to happen on the last day of its own term. */
  assumedStart?: keyof Level['terms'];
}

export interface PreviewLevel {
  level: Level;
  terms: PreviewTerm[];
}

const TERM_KEYS = ['acknowledgement', 'firstContact', 'admissibilityNotice', 'decision'] as const;

const laterEvent = (from: string): Pick<PreviewTerm, 'fromEvent'> => (from === 'hearing-held' || from === 'advised' ? { fromEvent: from } : {});

/**
 * The deadlines of each level for a case received (or reaching that level) on
 * `receivedOn`. A term counted from the acknowledgement or the first contact
 * starts on the last day of that term: the latest the rules allow.
 */
export function previewDeadlines(regulation: Regulation, receivedOn: string): PreviewLevel[] {
  return regulation.levels.map((level) => {
    const due: Partial<Record<(typeof TERM_KEYS)[number], string>> = {};
    const terms: PreviewTerm[] = [];
    const anchorTerm = { acknowledged: 'acknowledgement', contacted: 'firstContact' } as const;
    // Terms from an event first need that event's own term.
    const order = [...TERM_KEYS].sort((a, b) => Number(level.terms[a]?.from !== 'received') - Number(level.terms[b]?.from !== 'received'));
    for (const key of order) {
      const term = level.terms[key];
      if (!term || term.length === undefined || term.unit === undefined) continue;
      let start = receivedOn;
      let assumedStart: PreviewTerm['assumedStart'];
      if (term.from === 'acknowledged' || term.from === 'contacted') {
        const other = anchorTerm[term.from];
        start = due[other] ?? receivedOn;
        if (due[other]) assumedStart = other;
      }
      const input = { term: { ...term, length: term.length, unit: term.unit }, startEvent: term.from, start };
      const result = computeTerm(input);
      due[key] = result.due;
      const entry: PreviewTerm = { key, due: result.due, explanation: result.explanation, ...(assumedStart ? { assumedStart } : {}), ...laterEvent(term.from) };
      const ext = level.extension;
      if (key === 'decision' && ext?.allowed && ext.maxWeeks) {
        const extended = computeTerm({
          ...input,
          extensions: [{ type: 'extended', on: receivedOn, recordedAt: '', weeks: ext.maxWeeks, reason: 'preview' } as unknown as Extract<RecordedEvent, { type: 'extended' }>],
        });
        entry.extended = { due: extended.due, weeks: ext.maxWeeks };
      }
      terms.push(entry);
    }
    terms.sort((a, b) => TERM_KEYS.indexOf(a.key as (typeof TERM_KEYS)[number]) - TERM_KEYS.indexOf(b.key as (typeof TERM_KEYS)[number]));
    for (const term of level.namedTerms ?? []) {
      if (term.length === undefined || term.unit === undefined) continue;
      let start = receivedOn;
      let assumedStart: PreviewTerm['assumedStart'];
      if (term.from === 'acknowledged' || term.from === 'contacted') {
        const other = anchorTerm[term.from];
        if (due[other]) {
          start = due[other];
          assumedStart = other;
        }
      }
      const result = computeTerm({ term: { ...term, length: term.length, unit: term.unit }, startEvent: term.from, start });
      terms.push({
        key: 'named',
        named: { id: term.id, name: term.name },
        due: result.due,
        explanation: result.explanation,
        ...(assumedStart ? { assumedStart } : {}),
        ...laterEvent(term.from),
      });
    }
    return { level, terms };
  });
}
