/** Test helper: tell a case's story event by event (used by the *.test.ts files only). */
import type { IsoDate } from './calendar.ts';
import type { CaseEvent, CaseFacts, CaseState } from './case.ts';
import { computeDeadlines, type Deadline } from './deadlines.ts';
import { applyEvent, createCase, type LifecycleResult } from './lifecycle.ts';
import type { DeadlineKind, LetterKind, Regulation } from './regulation.schema.ts';

/** Noon UTC is the same calendar day in Amsterdam, summer and winter. */
export const noon = (day: IsoDate) => `${day}T12:00:00Z`;

export interface Story {
  readonly state: CaseState;
  readonly letters: LetterKind[];
  /** Apply an event on a day; throws when refused. Returns the letters it sends. */
  do(event: CaseEvent, on: IsoDate): LetterKind[];
  /** Apply an event on a day; returns the result (for refusals). */
  try(event: CaseEvent | unknown, on: IsoDate): LifecycleResult;
  deadlines(today: IsoDate): Deadline[];
  /** The deadline of a kind at the current level. */
  deadline(kind: DeadlineKind, today: IsoDate): Deadline | undefined;
}

export function story(regulation: Regulation, facts: Partial<CaseFacts> & { receivedOn: IsoDate }, options: { level?: string } = {}): Story {
  const created = createCase(regulation, { kind: 'complaint', complainant: { role: 'client' }, ...facts }, options);
  if (!created.ok) throw new Error(`createCase: ${created.code}: ${created.reason}`);
  let state = created.state;
  return {
    get state() {
      return state;
    },
    letters: created.letters,
    do(event, on) {
      const r = applyEvent(regulation, state, event, noon(on));
      if (!r.ok) throw new Error(`${event.type}: ${r.code}: ${r.reason}`);
      state = r.state;
      return r.letters;
    },
    try(event, on) {
      const r = applyEvent(regulation, state, event, noon(on));
      if (r.ok) state = r.state;
      return r;
    },
    deadlines: (today) => computeDeadlines(regulation, state, today),
    deadline: (kind, today) =>
      computeDeadlines(regulation, state, today)
        .filter((d) => d.kind === kind && (d.level === null || d.level === state.level))
        .at(-1),
  };
}
