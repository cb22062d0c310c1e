import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { get, post } from '../helpers/world.ts';

// Small helpers shared by the story tests. They only read what the API answers;
// every expected date is written out by hand in the tests themselves.

export interface DeadlineOut {
  kind: string;
  level: string | null;
  due: string;
  status: 'open' | 'met' | 'missed';
  source: string;
}

export interface LetterOut {
  id: string;
  kind: string;
  recipient: string;
  documentId: string;
  eventId: string | null;
}

/** The one deadline of this kind (at this level, when given); fails when there is none or more than one. */
export function deadline(c: { deadlines: DeadlineOut[] }, kind: string, level?: string): DeadlineOut {
  const found = c.deadlines.filter((d) => d.kind === kind && (level === undefined || d.level === level));
  expect(found, `deadline ${kind}${level ? ` at ${level}` : ''} in ${JSON.stringify(c.deadlines)}`).toHaveLength(1);
  return found[0]!;
}

/** Records an event and expects the given status code; returns the parsed body. */
export async function event(t: TestApp, caseId: string, cookie: string, payload: Record<string, unknown>, status = 201) {
  const res = await post(t, `/api/v1/cases/${caseId}/events`, cookie, payload);
  expect(res.statusCode, `${JSON.stringify(payload)} → ${res.body}`).toBe(status);
  return res.json();
}

export async function getCase(t: TestApp, caseId: string, cookie: string) {
  const res = await get(t, `/api/v1/cases/${caseId}`, cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export async function letters(t: TestApp, caseId: string, cookie: string): Promise<LetterOut[]> {
  const res = await get(t, `/api/v1/cases/${caseId}/letters`, cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as LetterOut[];
}

export const letterKeys = (ls: LetterOut[]) => ls.map((l) => `${l.kind}:${l.recipient}`);

/** The text of a letter's PDF, as a reader would see it. */
export async function letterText(t: TestApp, caseId: string, cookie: string, letter: LetterOut | undefined): Promise<string> {
  expect(letter, 'the letter exists').toBeDefined();
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/documents/${letter!.documentId}/content`, headers: { cookie } });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const { PDFParse } = await import('pdf-parse');
  const text = (await new PDFParse({ data: new Uint8Array(res.rawPayload) }).getText()).text;
  // pdf-parse breaks long lines; join them so sentences can be matched whole.
  return text.replace(/\s+/g, ' ');
}

/** Today in Europe/Amsterdam as YYYY-MM-DD (the day letters produced now carry). */
export function todayAmsterdam(): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date()).map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}`;
}

const MONTHS_NL = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
/** '2026-04-28' → '28 april 2026', written independently of the letters module. */
export function nl(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${d} ${MONTHS_NL[m! - 1]} ${y}`;
}

/** The status token: the last path segment of the secret status link. */
export const tokenOf = (statusUrl: string) => statusUrl.split('/').pop()!;

export async function outboxFor(t: TestApp, caseId: string) {
  return t.database.db.selectFrom('outbox').select(['to_address', 'subject', 'attachment_document_id']).where('case_id', '=', caseId).execute();
}

/**
 * A small regulation written for one story test (not a preset): one level with an
 * acknowledgement and a decision term; `change` adds or overrides what the story needs.
 */
export function ownRegulation(change: (r: Record<string, any>) => void = () => {}): Record<string, any> {
  const r: Record<string, any> = {
    id: 'story-regeling',
    version: 1,
    name: 'Klachtenregeling voor dit verhaal',
    organisationType: 'other',
    kinds: [{ kind: 'complaint', source: 'Regeling art. 1' }],
    levels: [
      {
        id: 'handling',
        name: 'Klachtbehandeling',
        handlerRole: 'complaints-officer',
        kinds: ['complaint'],
        terms: {
          acknowledgement: { length: 5, unit: 'working-days', from: 'received', source: 'Regeling art. 3' },
          decision: { length: 6, unit: 'weeks', from: 'received', source: 'Regeling art. 5' },
        },
        hearing: { mode: 'optional', source: 'Regeling art. 4' },
        source: 'Regeling art. 2',
      },
    ],
    letters: [{ kind: 'acknowledgement', to: ['complainant'], source: 'Regeling art. 3' }],
    retention: { length: 5, unit: 'years', from: 'closed', source: 'Regeling art. 9' },
    categories: [{ id: 'other', name: 'Overig', source: 'Regeling art. 1' }],
  };
  change(r);
  return r;
}

/** An organisation that adopted its own regulation through the API, with people in roles. */
export async function setUpWithRegulation(t: TestApp, regulation: Record<string, unknown>, roles: string[] = ['complaints-officer']) {
  const { setUpOrganisation } = await import('../helpers/world.ts');
  const { org, people } = await setUpOrganisation(t, 'awb-gemeente', ['admin', ...roles]);
  const id = `${org.slug}-${String(regulation.id)}`.slice(0, 90);
  const res = await post(t, '/api/v1/regulations', people.admin!.cookie, { organisationId: org.id, regulation: { ...regulation, id }, adopt: true });
  expect(res.statusCode, res.body).toBe(201);
  return { org, people, regulationId: id, warnings: res.json().warnings as { path: string; message: string }[] };
}
