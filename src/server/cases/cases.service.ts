import { decisionParts } from '../../domain/disclosure.ts';
import { createHash, randomBytes } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { DB, CasesTable, OrganisationsTable } from '../../db/schema.ts';
import {
  allowedEvents,
  amsterdamDate,
  applyEvent,
  computeDeadlines,
  createCase,
  independentHandler,
  proposeAdmissibility,
  retentionEnd,
  scopeToken,
  STATUSES,
  type AdmissibilityProposal,
  type CaseFacts,
  type CaseState,
  type Deadline,
  type LetterKind,
  type Regulation,
  type Refusal,
} from '../../domain/index.ts';
import { AppError, conflict, fieldError, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Actor, Role } from '../auth/roles.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import { getRegulation } from '../regulations/regulations.service.ts';
import { namedStatement } from '../../db/pg-named.ts';
import { referToCommittee } from '../committees/committees.repository.ts';
import { DECISIVE_EVENTS, type CaseAccess } from './cases.access.ts';
import type { CaseOut, StaffIntake } from './cases.schemas.ts';
import { hit, hitsUpsert, limited } from '../../core/rate-limit.ts';
import type { Language } from '../language.ts';
import { enqueueReceiptMail, enqueueSignalNotices, passOnCompliment } from './case-mail.ts';
import { rememberAnswer, type IdempotencyClaim } from './idempotency.ts';

export type CaseRow = CasesTable;
type Db = Kysely<DB> | Transaction<DB>;

/** What the letters module does with the letters a transition asks for (PDF, dossier, mail). */
export type LetterProducer = (trx: Transaction<DB>, c: CaseRow, state: CaseState, regulation: Regulation, kinds: LetterKind[], eventId: string | null) => Promise<void>;

export interface IntakeResult {
  row: CaseRow;
  /** The complainant's secret status token: returned once, only its hash is stored. */
  statusToken: string;
}

export const hashToken = (t: string) => createHash('sha256').update(t).digest('hex');

/** Organisation code in references: the first letters of the slug's words, e.g. sociale-teams-helmond → STH. */
export function referencePrefix(slug: string): string {
  const words = slug.split('-').filter(Boolean);
  const code = words.length > 1 ? words.map((w) => (/^\d+$/.test(w) ? w : w[0])).join('') : slug.slice(0, 6);
  return code.toUpperCase().slice(0, 8);
}

export async function regulationOfCase(db: Db, c: Pick<CaseRow, 'regulation_id' | 'regulation_version'>): Promise<Regulation> {
  const found = await getRegulation(db as Kysely<DB>, c.regulation_id, c.regulation_version);
  if (!found) throw new AppError(500, 'regulation-missing', `Regulation ${c.regulation_id} v${c.regulation_version} is missing.`);
  return found.regulation;
}

function factsFor(
  input: Pick<
    StaffIntake,
    | 'kind'
    | 'channel'
    | 'signed'
    | 'authorisation'
    | 'formalRequested'
    | 'complainant'
    | 'incidentDates'
    | 'knownSince'
    | 'lastContactAt'
    | 'decisionDate'
    | 'flags'
    | 'newFacts'
    | 'domain'
  >,
  receivedOn: string,
): CaseFacts {
  return {
    kind: input.kind,
    receivedOn,
    channel: input.channel,
    complainant: input.complainant ? { role: input.complainant.role } : null,
    ...(input.incidentDates?.length ? { incidentDates: input.incidentDates } : {}),
    ...(input.knownSince ? { knownSince: input.knownSince } : {}),
    ...(input.lastContactAt ? { lastContactAt: input.lastContactAt } : {}),
    ...(input.decisionDate ? { decisionDate: input.decisionDate } : {}),
    ...(input.flags ? { flags: input.flags } : {}),
    ...(input.signed !== undefined && { signed: input.signed }),
    ...(input.authorisation !== undefined && { authorisation: input.authorisation }),
    ...(input.formalRequested && { formalRequested: true }),
    ...(input.newFacts && { newFacts: input.newFacts }),
    ...(input.domain && { domain: input.domain }),
  };
}

const same = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * An earlier case of the organisation, judged and ended, that this complaint repeats: the same
 * complainant (e-mail, else name) about the same respondent (employee or name) or,
 * when neither names one, the same subject (a shared category) [issue 9 §2.10].
 */
async function repeatedCase(
  db: Db,
  organisationId: string,
  input: Pick<StaffIntake, 'complainant' | 'categories'>,
  respondents: { name: string | null; user_id: string | null }[],
): Promise<string | undefined> {
  const who = input.complainant;
  if (!who) return undefined;
  const earlier = await db
    .selectFrom('cases')
    .select(['id', 'reference', 'complainant', 'categories'])
    .where('organisation_id', '=', organisationId)
    .where('anonymous', '=', 0)
    .where('closed_at', 'is not', null)
    // Handled: judged, not only ended (an inadmissible repeat is no earlier handling).
    .where('outcome', 'is not', null)
    .where('destroyed_at', 'is', null)
    .where('kind', 'in', ['complaint', 'dissatisfaction'])
    .orderBy('created_at', 'desc')
    .execute();
  for (const c of earlier) {
    const them = JSON.parse(c.complainant ?? 'null') as { name?: string; email?: string } | null;
    if (!them || !(who.email && them.email ? same(who.email, them.email) : same(who.name, them.name))) continue;
    const parties = await db.selectFrom('case_parties').select(['name', 'user_id']).where('case_id', '=', c.id).where('role', '=', 'respondent').execute();
    const aboutSame =
      parties.length === 0 && respondents.length === 0
        ? (JSON.parse(c.categories) as string[]).some((cat) => input.categories?.includes(cat as never))
        : respondents.some((r) => parties.some((p) => (r.user_id && r.user_id === p.user_id) || same(r.name, p.name)));
    if (aboutSame) return c.reference;
  }
  return undefined;
}

/** The work queue sorts by the earliest deadline not yet done (open, or missed and outstanding). */
export function nextDueOf(deadlines: Deadline[]): string | null {
  return (
    deadlines
      .filter((d) => !d.doneOn && d.status !== 'met')
      .map((d) => d.due)
      .sort()[0] ?? null
  );
}

/** The named term a stored deadline is for (kept in its explanation). */
export function termOf(explanation: string): { id: string; name: string } | undefined {
  return (JSON.parse(explanation) as { term?: { id: string; name: string } }).term;
}
const termIdOf = (explanation: string) => termOf(explanation)?.id ?? '';

/**
 * Stores the case's deadlines as the domain computed them, in one statement.
 * For an existing case the old rows are replaced; reminders and alerts already
 * sent stay sent for a deadline that did not move.
 *
 * When the case ended (`settledOn`), nothing is outstanding any more: a deadline
 * the domain still reports as missed without a day it was done is settled on
 * the day the case ended. Otherwise it would stay "pending" for ever, in the
 * overdue list and in every scan of the pending-deadline index.
 */
async function storeDeadlines(trx: Db, c: Pick<CaseRow, 'id' | 'organisation_id'>, deadlines: Deadline[], isNew = false, settledOn?: string): Promise<string | null> {
  if (settledOn) deadlines = deadlines.map((d) => (d.doneOn ? d : { ...d, doneOn: settledOn }));
  const sent = new Map<string, { reminded_at: string | null; alerted_at: string | null }>();
  if (!isNew) {
    const before = await trx.selectFrom('case_deadlines').select(['kind', 'level', 'due', 'reminded_at', 'alerted_at', 'explanation']).where('case_id', '=', c.id).execute();
    for (const b of before) sent.set(`${b.kind}|${b.level}|${b.due}|${b.kind === 'named' ? termIdOf(b.explanation) : ''}`, b);
    await trx.deleteFrom('case_deadlines').where('case_id', '=', c.id).execute();
  }
  if (deadlines.length > 0) {
    await trx
      .insertInto('case_deadlines')
      .values(
        deadlines.map((d, idx) => {
          const prev = sent.get(`${d.kind}|${d.level ?? ''}|${d.due}|${d.term?.id ?? ''}`);
          return {
            case_id: c.id,
            idx,
            kind: d.kind,
            level: d.level ?? '',
            organisation_id: c.organisation_id,
            due: d.due,
            status: d.status,
            done_on: d.doneOn ?? null,
            source: d.source,
            explanation: JSON.stringify(d.explanation),
            reminded_at: prev?.reminded_at ?? null,
            alerted_at: prev?.alerted_at ?? null,
          };
        }),
      )
      .execute();
  }
  return nextDueOf(deadlines);
}

/**
 * Everything an intake writes, decided before anything is written: plain data, so that a public
 * filing can wait in the intake inbox as one row and its case be written from it later, exactly as
 * a case registered at once (intake-inbox.ts). Version 1.
 */
export interface IntakePlan {
  v: 1;
  row: CaseRow;
  /** Left out of a plan in the inbox, and computed again from the same regulation, state and instant. */
  deadlines?: Deadline[];
  respondents: { name: string | null; department: string | null; user_id: string | null; note?: string }[];
  helpers: { role: string; name: string; email: string | null }[];
  /** The 'received' event: its id (letters refer to it) and data. */
  eventId: string;
  eventData: string;
  handler: NonNullable<CaseState['handler']> | null;
  letters: LetterKind[];
  /** Who registered it (null: the complainant, on the public form) and from where. */
  actor: Actor | null;
  ip: string | null;
  organisationName: string;
  publicUrl: string;
  /** For the receipt mail's status link; null when there is no address to mail it to. */
  receiptToken: string | null;
}

type IntakeContext = {
  actor: Actor | null;
  ip: string | null;
  now: Date;
  produceLetters: LetterProducer;
  publicUrl: string;
  /** A rate limit counted in the intake's own transaction (one commit, one fsync, instead of two). */
  limit?: { key: string; max: number; windowSeconds: number };
  /** The language of refusal messages. */
  language?: Language;
  /** Remember the answer under this Idempotency-Key, in the same transaction as the case. */
  idempotency?: IdempotencyClaim | null;
  /** The organisation's row, when the caller has read it already. */
  organisation?: IntakeOrganisation;
};

/** An intake checked and decided, before it has a reference (which takes the counter, in a transaction). */
interface PreparedIntake {
  org: IntakeOrganisation;
  regulation: Regulation;
  state: CaseState;
  deadlines: Deadline[];
  respondents: IntakePlan['respondents'];
  letters: LetterKind[];
  receivedAt: string;
  receivedOn: string;
  statusToken: string;
}

/** What an intake needs of its organisation (not its logo, which can be large). */
export type IntakeOrganisation = Pick<OrganisationsTable, 'id' | 'name' | 'slug' | 'regulation_id'>;
export const INTAKE_ORGANISATION_COLUMNS = ['id', 'name', 'slug', 'regulation_id'] as const;
const organisationOf = (db: Db, id: string): Promise<IntakeOrganisation | undefined> =>
  db.selectFrom('organisations').select(INTAKE_ORGANISATION_COLUMNS).where('id', '=', id).executeTakeFirst();

/** Registers a case at once: checked, decided and written in one transaction. */
export async function intake(db: Kysely<DB>, input: StaffIntake, ctx: IntakeContext): Promise<IntakeResult> {
  const p = await prepareIntake(db, input, ctx);
  return db.transaction().execute(async (trx) => {
    if (ctx.limit) await hit(trx, ctx.limit.key, ctx.limit.max, ctx.limit.windowSeconds, ctx.now.getTime());
    const plan = await planIntake(trx, p, input, ctx);
    await writeIntake(trx, plan, p.regulation, ctx.produceLetters);
    if (ctx.idempotency) await rememberAnswer(trx, ctx.idempotency, p.org.id, plan.row.id, answerOf(plan.row, p.statusToken), ctx.now);
    return { row: plan.row, statusToken: p.statusToken };
  });
}

/**
 * Acknowledges a public filing: checked and decided as by `intake`, its reference taken, and its
 * plan stored durably in the intake inbox; `writeIntake` writes the case from it later. The answer
 * is the same as `intake`'s.
 *
 * On PostgreSQL the rate-limit hit and the reference number are taken first, in one statement of
 * their own (`reserveNumber`), and the inbox row is committed after it: inside the inbox
 * transaction those two shared rows stayed locked for a whole commit, and every filing waited on
 * them in turn (bench/pg-intake-parts.ts: 600–890 against 1,780–2,780 acknowledgements a second).
 * A filing whose inbox row then fails leaves its number unused: references can have gaps; they
 * never repeat. SQLite has one writer at a time and no such wait, so there everything stays in
 * one transaction (one commit, one fsync).
 */
export async function acceptIntake(db: Kysely<DB>, input: StaffIntake, ctx: IntakeContext): Promise<IntakeResult> {
  if (ctx.actor) throw new Error('acceptIntake is for the public form only');
  const p = await prepareIntake(db, input, ctx);
  const store = (q: Db, plan: IntakePlan) =>
    q
      .insertInto('intake_inbox')
      .values({
        id: plan.row.id,
        organisation_id: plan.row.organisation_id,
        received_at: plan.row.created_at,
        status_token_hash: hashToken(p.statusToken),
        // A quarter of the plan; writeIntake computes them again (the commit is a page smaller).
        plan: JSON.stringify({ ...plan, deadlines: undefined }),
        attempts: 0,
        last_error: null,
      })
      .execute();
  const remember = async (trx: Transaction<DB>, plan: IntakePlan) => {
    if (ctx.idempotency) await rememberAnswer(trx, ctx.idempotency, p.org.id, plan.row.id, answerOf(plan.row, p.statusToken), ctx.now);
  };
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    const plan = await db.transaction().execute(async (trx) => {
      if (ctx.limit) await hit(trx, ctx.limit.key, ctx.limit.max, ctx.limit.windowSeconds, ctx.now.getTime());
      const planned = await planIntake(trx, p, input, ctx);
      await store(trx, planned);
      await remember(trx, planned);
      return planned;
    });
    return { row: plan.row, statusToken: p.statusToken };
  }
  const plan = await planIntake(db, p, input, ctx, await reserveNumber(db, p.org.id, yearOf(p.state), ctx.limit, ctx.now.getTime()));
  if (ctx.idempotency)
    await db.transaction().execute(async (trx) => {
      await store(trx, plan);
      await remember(trx, plan);
    });
  else await store(db, plan); // alone it needs no begin and commit (two round trips fewer)
  return { row: plan.row, statusToken: p.statusToken };
}

/**
 * PostgreSQL: the rate-limit hit and, when the window is not full, the next reference number, in
 * one statement that is its own transaction; 429 when the window is full. Its commit does not wait
 * for the disk (synchronous_commit off for this transaction only): the filing is acknowledged only
 * after its inbox row commits, which waits for the write-ahead log up to that later commit record,
 * and so for this one too. A crash before then loses at most hits and numbers no one was given.
 */
export async function reserveNumber(db: Kysely<DB>, organisationId: string, year: number, limit: IntakeContext['limit'], now: number): Promise<number> {
  if (!limit) return nextSeq(db, organisationId, year);
  const { rows } = await sql<{ count: number | string; window_start: string; seq: number | string | null }>`
    with s as (select set_config('synchronous_commit', 'off', true)),
    r as (${hitsUpsert(limit.key, 1, limit.windowSeconds, now)}),
    c as (
      insert into case_counters (organisation_id, "year", seq) select ${organisationId}, ${year}, 1 from r where r."count" <= ${limit.max}
      on conflict (organisation_id, "year") do update set seq = case_counters.seq + 1
      returning seq)
    select r."count", r.window_start, c.seq from s, r left join c on true`.execute(db);
  const r = rows[0]!;
  if (r.seq === null) throw limited(r.window_start, limit.windowSeconds, now);
  return Number(r.seq);
}

const answerOf = (row: CaseRow, statusToken: string) => ({ reference: row.reference, statusToken, kind: row.kind, status: row.status });

/** The checks and decisions of an intake: every refusal is raised here, before anything is written. */
async function prepareIntake(db: Kysely<DB>, input: StaffIntake, ctx: IntakeContext): Promise<PreparedIntake> {
  const org = ctx.organisation?.id === input.organisationId ? ctx.organisation : await organisationOf(db, input.organisationId);
  if (!org) throw fieldError('organisationId', 'no organisation with this id');
  const found = await getRegulation(db, org.regulation_id);
  if (!found) throw new AppError(500, 'regulation-missing', `The organisation's regulation ${org.regulation_id} is missing.`);
  const regulation = found.regulation;

  const receivedAt = input.receivedAt ? (input.receivedAt.length === 10 ? `${input.receivedAt}T12:00:00.000Z` : new Date(input.receivedAt).toISOString()) : ctx.now.toISOString();
  const receivedOn = input.receivedAt?.length === 10 ? input.receivedAt : amsterdamDate(receivedAt);
  if (receivedOn > amsterdamDate(ctx.now)) throw fieldError('receivedAt', 'the date of receipt cannot be in the future');
  for (const [field, value] of [
    ['knownSince', input.knownSince],
    ['lastContactAt', input.lastContactAt],
    ['decisionDate', input.decisionDate],
  ] as const) {
    if (value && value > receivedOn) throw fieldError(field, 'cannot be after the date of receipt');
  }
  input.incidentDates?.forEach((d, i) => {
    if (d > receivedOn) throw fieldError(`incidentDates.${i}`, 'cannot be after the date of receipt');
  });
  if (input.level && !regulation.levels.some((l) => l.id === input.level)) {
    throw fieldError('level', `no level '${input.level}' in regulation ${regulation.id}; levels: ${regulation.levels.map((l) => l.id).join(', ')}`);
  }
  // A respondent who has left can no longer be complained about; the organisation takes their place [002 §2].
  const respondents: IntakePlan['respondents'] = [];
  for (const [i, r] of input.respondents.entries()) {
    if (r.userId) {
      const u = await db
        .selectFrom('users')
        .select(['id', 'name', 'active'])
        .where('id', '=', r.userId)
        .where('id', 'in', db.selectFrom('memberships').select('user_id').where('organisation_id', '=', org.id))
        .executeTakeFirst();
      if (!u) throw fieldError(`respondents.${i}.userId`, 'no employee with this id in the organisation');
      if (u.active !== 1) {
        respondents.push({ name: null, department: r.department ?? null, user_id: null, note: 'left' });
        continue;
      }
      respondents.push({ name: r.name ?? u.name, department: r.department ?? null, user_id: u.id });
    } else if (r.name || r.department) {
      respondents.push({ name: r.name ?? null, department: r.department ?? null, user_id: null });
    }
  }

  const facts = factsFor(input, receivedOn);
  // Where the regulation handles a repeated complaint only with new facts, intake looks for the earlier
  // case. Only ended and judged cases count, so a filing still in the intake inbox is never one.
  if (regulation.reopening?.onlyWithNewFacts && (input.kind === 'complaint' || input.kind === 'dissatisfaction')) {
    const repeatOf = await repeatedCase(db, org.id, input, respondents);
    if (repeatOf) facts.repeatOf = repeatOf;
  }
  const respondentRoles = await rolesOf(
    db,
    org.id,
    respondents.map((r) => r.user_id),
  );
  const created = createCase(regulation, facts, { ...(input.level && { level: input.level }), respondentRoles });
  if (!created.ok) {
    // What the regulation does not accept is invalid input, named by its field.
    const field =
      (
        {
          'kind-not-accepted': 'kind',
          'invalid-facts': 'facts',
          'channel-not-accepted': 'channel',
          'complainant-role-not-accepted': 'complainant.role',
          'formal-request-not-allowed': 'formalRequested',
          'domain-not-in-regulation': 'domain',
          'domain-required': 'domain',
        } as Record<string, string>
      )[created.code] ?? 'level';
    const message = ctx.language === 'nl' ? created.reasonNl : created.reason;
    throw new AppError(400, 'invalid-input', `${field}: ${message}`, [{ path: field, message }]);
  }
  const state = created.state;
  return {
    org,
    regulation,
    state,
    deadlines: computeDeadlines(regulation, state, ctx.now),
    respondents,
    letters: created.letters,
    receivedAt,
    receivedOn,
    statusToken: randomBytes(32).toString('base64url'),
  };
}

/** The whole plan, with the case's reference number `seq`, or else taken from the organisation's counter in `trx`. */
async function planIntake(trx: Db, p: PreparedIntake, input: StaffIntake, ctx: IntakeContext, seq?: number): Promise<IntakePlan> {
  const { state, deadlines, org, regulation } = p;
  const now = ctx.now.toISOString();
  const ended = STATUSES[state.status].ended;
  const row: CaseRow = {
    ...(await newCaseIdentity(trx, org, regulation, state, seq)),
    channel: input.channel,
    received_at: p.receivedAt,
    received_on: p.receivedOn,
    categories: JSON.stringify(input.categories ?? []),
    anonymous: input.complainant ? 0 : 1,
    complainant: input.complainant ? JSON.stringify(input.complainant) : null,
    description: input.description,
    desired_outcome: input.desiredOutcome ?? null,
    facts: JSON.stringify({ ...state.facts, historySoFar: input.historySoFar ?? null, consentToInspect: input.consentToInspect ?? null }),
    outcome: null,
    handler_user_id: null,
    team_id: null,
    status_token_hash: hashToken(p.statusToken),
    next_due: ended ? null : nextDueOf(deadlines),
    // Marked by the deadline monitor once next_due has passed (migration 905).
    overdue_marked: 0,
    transferred_from: null,
    closed_at: ended ? now : null,
    retain_until: ended ? retentionEnd(regulation, amsterdamDate(now)).destroyFrom : null,
    destroyed_at: null,
    created_by: ctx.actor?.userId ?? null,
    created_at: now,
    updated_at: now,
    row_version: 1,
  };
  return {
    v: 1,
    row,
    deadlines,
    respondents: p.respondents,
    helpers: (input.helpers ?? []).map((h) => ({ role: h.role, name: h.name, email: h.email ?? null })),
    eventId: newId(),
    eventData: JSON.stringify({
      channel: input.channel,
      ...(state.reclassifiedFrom && { reclassifiedFrom: state.reclassifiedFrom }),
      ...(p.respondents.some((r) => r.note === 'left') && { respondentLeft: true }),
      ...(state.facts.repeatOf && { repeatOf: state.facts.repeatOf }),
    }),
    handler: state.handler ?? null,
    letters: p.letters,
    actor: ctx.actor,
    ip: ctx.ip,
    organisationName: org.name,
    publicUrl: ctx.publicUrl,
    receiptToken: input.complainant?.email ? p.statusToken : null,
  };
}

/** Writes the case of a plan, with its deadlines, parties, timeline, audit entry, mail and letters. */
export async function writeIntake(trx: Transaction<DB>, plan: IntakePlan, regulation: Regulation, produceLetters: LetterProducer): Promise<void> {
  const { row, actor } = plan;
  const state = JSON.parse(row.state) as CaseState;
  const ended = STATUSES[state.status].ended;
  // The deadlines as at acknowledgement: a pure function of the regulation (the case's version), the state and the day.
  const deadlines = plan.deadlines ?? computeDeadlines(regulation, state, new Date(row.created_at));
  await trx.insertInto('cases').values(row).execute();
  await referToCommittee(trx, row, row.created_at);
  await storeDeadlines(trx, row, deadlines, true, ended ? row.received_on : undefined);
  await indexForSearch(
    trx,
    row,
    plan.respondents.map((r) => r.name),
  );
  for (const r of plan.respondents) {
    await trx
      .insertInto('case_parties')
      .values({ id: newId(), case_id: row.id, role: 'respondent', name: r.name, department: r.department, user_id: r.user_id, email: null, created_at: row.created_at })
      .execute();
  }
  for (const h of plan.helpers) {
    await trx
      .insertInto('case_parties')
      .values({ id: newId(), case_id: row.id, role: h.role, name: h.name, department: null, user_id: null, email: h.email, created_at: row.created_at })
      .execute();
  }
  await trx
    .insertInto('case_events')
    .values({
      id: plan.eventId,
      case_id: row.id,
      type: 'received',
      at: row.created_at,
      on_date: row.received_on,
      level: row.level,
      actor_user_id: actor?.userId ?? null,
      data: plan.eventData,
    })
    .execute();
  if (plan.handler) await recordHandlerMoved(trx, row, regulation, plan.handler, row.created_at, row.received_on, actor?.userId ?? null);
  await appendAudit(trx, {
    actor,
    actorRole: actor ? undefined : 'complainant',
    ip: plan.ip,
    action: 'case.created',
    entityType: 'case',
    entityId: row.id,
    organisationId: row.organisation_id,
    details: { kind: row.kind, channel: row.channel, level: row.level },
  });
  if (plan.receiptToken) await enqueueReceiptMail(trx, row, plan.organisationName, plan.publicUrl, plan.receiptToken);
  if (row.kind === 'signal') await enqueueSignalNotices(trx, row, plan.publicUrl);
  if (row.kind === 'compliment') await passOnCompliment(trx, row, plan.organisationName);
  await produceLetters(trx, row, state, regulation, plan.letters, plan.eventId);
}

/** Per employee among the respondents, their roles in the organisation (independence by rule, issue 9 §2.5). */
async function rolesOf(db: Db, organisationId: string, userIds: (string | null)[]): Promise<Role[][]> {
  const ids = userIds.filter((u): u is string => !!u);
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('memberships').select(['user_id', 'role']).where('organisation_id', '=', organisationId).where('user_id', 'in', ids).execute();
  return ids.map((id) => rows.filter((r) => r.user_id === id).map((r) => r.role as Role));
}

/** The timeline entry that says why the case went to another handler: the respondent would have handled it. */
async function recordHandlerMoved(
  trx: Db,
  c: Pick<CaseRow, 'id' | 'level'>,
  regulation: Regulation,
  handler: NonNullable<CaseState['handler']>,
  at: string,
  on: string,
  actorId: string | null,
) {
  const from = regulation.levels.find((l) => l.id === handler.level)?.handlerRole;
  await trx
    .insertInto('case_events')
    .values({
      id: newId(),
      case_id: c.id,
      type: 'handler-changed',
      at,
      on_date: on,
      level: handler.level,
      actor_user_id: actorId,
      data: JSON.stringify({ reason: 'respondent-is-handler', fromRole: from, toRole: handler.role, source: handler.source }),
    })
    .execute();
}

/**
 * Adds a respondent to a case. A respondent never handles their own case [004 §1]: an
 * assigned handler who becomes a respondent is unassigned, and where the regulation names
 * who handles when the respondent holds the level's handler role, the case moves there
 * (issue 9 §2.5), with a timeline entry saying why.
 */
export async function addRespondent(
  db: Kysely<DB>,
  c: CaseRow,
  input: { name?: string | undefined; department?: string | undefined; userId?: string | undefined },
  ctx: { actor: Actor; ip: string | null; now: Date },
): Promise<void> {
  let name = input.name ?? null;
  if (input.userId) {
    const u = await db
      .selectFrom('users')
      .select(['id', 'name', 'active'])
      .where('id', '=', input.userId)
      .where('id', 'in', db.selectFrom('memberships').select('user_id').where('organisation_id', '=', c.organisation_id))
      .executeTakeFirst();
    if (u?.active !== 1) throw fieldError('body.userId', 'no active employee with this id in the organisation');
    const already = await db.selectFrom('case_parties').select('id').where('case_id', '=', c.id).where('role', '=', 'respondent').where('user_id', '=', u.id).executeTakeFirst();
    if (already) throw conflict('already-respondent', 'This employee is already a respondent of the case.');
    name ??= u.name;
  } else if (!input.name && !input.department) {
    throw fieldError('body.name', 'name a respondent: userId, name or department');
  }
  const regulation = await regulationOfCase(db, c);
  const state = JSON.parse(c.state) as CaseState;
  const roles = await rolesOf(db, c.organisation_id, [input.userId ?? null]);
  const handler = STATUSES[state.status].ended ? undefined : independentHandler(regulation, state, roles);
  const unassign = !!input.userId && c.handler_user_id === input.userId;
  const now = ctx.now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('case_parties')
      .values({ id: newId(), case_id: c.id, role: 'respondent', name, department: input.department ?? null, user_id: input.userId ?? null, email: null, created_at: now })
      .execute();
    if (handler || unassign) {
      const set = {
        ...(handler && { state: JSON.stringify({ ...state, handler }) }),
        ...(unassign && { handler_user_id: null }),
        updated_at: now,
        row_version: c.row_version + 1,
      };
      const res = await trx.updateTable('cases').set(set).where('id', '=', c.id).where('row_version', '=', c.row_version).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw conflict('case-changed', 'Someone else changed this case at the same moment. Reload it and try again.');
    }
    if (handler) await recordHandlerMoved(trx, c, regulation, handler, now, amsterdamDate(ctx.now), ctx.actor.userId);
    await appendAudit(trx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: 'case.respondent-added',
      entityType: 'case',
      entityId: c.id,
      organisationId: c.organisation_id,
      details: { employee: !!input.userId, ...(handler && { handlerRole: handler.role }), ...(unassign && { unassigned: true }) },
    });
  });
}

/** The fields that make a new case at an organisation: its numbered reference, regulation version and starting state. */
async function newCaseIdentity(trx: Db, org: { id: string; slug: string }, regulation: Regulation, state: CaseState, reserved?: number) {
  const year = yearOf(state);
  const seq = reserved ?? (await nextSeq(trx, org.id, year));
  const proposal = state.kind === 'complaint' || state.kind === 'dissatisfaction' ? proposeAdmissibility(regulation, state.facts, { level: state.level }) : null;
  return {
    id: newId(),
    organisation_id: org.id,
    reference: `${referencePrefix(org.slug)}-${year}-${String(seq).padStart(4, '0')}`,
    year,
    seq,
    regulation_id: regulation.id,
    regulation_version: regulation.version,
    kind: state.kind,
    level: state.level,
    status: state.status,
    state: JSON.stringify(state),
    admissibility: proposal ? JSON.stringify(proposal) : null,
  };
}

/** The year a case is numbered in: that of its receipt. */
const yearOf = (state: CaseState) => Number(state.facts.receivedOn.slice(0, 4));

/**
 * The next reference number in the organisation's year: one atomic upsert. On
 * PostgreSQL a concurrent intake waits on the counter row until this
 * transaction commits, so numbers never clash and never repeat.
 */
async function nextSeq(trx: Db, organisationId: string, year: number): Promise<number> {
  // As one SQL text: built by the query builder, this upsert took longer to compile than to run.
  const { rows } = await sql<{ seq: number | string }>`
    insert into case_counters (organisation_id, "year", seq) values (${organisationId}, ${year}, 1)
    on conflict (organisation_id, "year") do update set seq = case_counters.seq + 1
    returning seq`.execute(trx);
  return Number(rows[0]!.seq);
}

/**
 * Indexes a new case for full-text search: reference, complainant's and
 * respondents' names and the description. Only for new cases: on SQLite the
 * FTS5 table cannot look a row up by case id without a scan.
 */
export async function indexForSearch(trx: Db, c: Pick<CaseRow, 'id' | 'organisation_id' | 'reference' | 'complainant' | 'description'>, names: (string | null)[]) {
  const complainant = c.complainant ? (JSON.parse(c.complainant) as { name?: string }).name : undefined;
  const body = [c.reference, complainant, ...names, c.description].filter(Boolean).join('\n');
  // The organisation's token (migration 910): a case never changes organisation (a transfer makes a new case).
  const entry = { case_id: c.id, scope: scopeToken(c.organisation_id), body };
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await trx.insertInto('case_search').values(entry).execute();
    return;
  }
  // SQLite: below the lowest rowid, so that the index read in rowid order gives the newest first
  // (migration 911). The minimum comes from the FTS5 content table, a real table with the rowid as key.
  await sql`insert into case_search (rowid, case_id, scope, body)
    values ((select coalesce(min(id), 0) - 1 from case_search_content), ${entry.case_id}, ${entry.scope}, ${entry.body})`.execute(trx);
}

export async function loadCase(db: Db, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('id', '=', id).where('destroyed_at', 'is', null).executeTakeFirst();
}

/** A refused event as the API answers it: 400 naming the field for bad input, else 409 with the reason. */
export function refusalError(result: Refusal, language?: Language): AppError {
  if (result.code === 'invalid-event') {
    const [path, ...rest] = result.reason.split(': ');
    return new AppError(400, 'invalid-input', `body.${result.reason}`, [{ path: `body.${path}`, message: rest.join(': ') || result.reason }]);
  }
  return conflict(result.code, language === 'nl' ? result.reasonNl : result.reason);
}

/**
 * Records one event: the domain reducer checks it against the state and the
 * regulation; the new state, the timeline entry, the recomputed deadlines,
 * the letters and their mails and the audit entry commit together.
 */
export async function recordEvent(
  db: Kysely<DB>,
  c: CaseRow,
  input: Record<string, unknown>,
  ctx: { actor: Actor; ip: string | null; now: Date; produceLetters: LetterProducer; publicUrl: string; language?: Language; actorRole?: string },
): Promise<CaseRow> {
  const regulation = await regulationOfCase(db, c);
  const state = JSON.parse(c.state) as CaseState;
  const result = applyEvent(regulation, state, { ...input, actorId: ctx.actor.userId }, ctx.now);
  if (!result.ok) throw refusalError(result, ctx.language);
  const next = result.state;
  // At a new level the rule of that level decides who handles when a respondent would (issue 9 §2.5).
  const moved =
    next.level !== state.level
      ? independentHandler(
          regulation,
          next,
          await rolesOf(
            db,
            c.organisation_id,
            (await db.selectFrom('case_parties').select('user_id').where('case_id', '=', c.id).where('role', '=', 'respondent').execute()).map((p) => p.user_id),
          ),
        )
      : undefined;
  if (moved) next.handler = moved;
  const recorded = next.events.at(-1)!;
  const type = String(input.type);
  const now = ctx.now.toISOString();
  const deadlines = computeDeadlines(regulation, next, ctx.now);
  const ended = STATUSES[next.status].ended;

  if (type === 'transferred') {
    const target = await db.selectFrom('organisations').select('id').where('id', '=', String(input.organisationId)).executeTakeFirst();
    if (!target) throw fieldError('body.organisationId', 'no organisation with this id');
    if (target.id === c.organisation_id) throw fieldError('body.organisationId', 'the case is already at this organisation');
    // The whole dossier goes along: only to an organisation an administrator named as a partner.
    const partner = await db
      .selectFrom('transfer_partners')
      .select('partner_id')
      .where('organisation_id', '=', c.organisation_id)
      .where('partner_id', '=', target.id)
      .executeTakeFirst();
    if (!partner) {
      throw new AppError(
        403,
        'not-a-transfer-partner',
        ctx.language === 'nl'
          ? 'Deze organisatie is geen partner voor overdracht. Een beheerder van uw organisatie kan haar als partner aanwijzen.'
          : 'This organisation is not a transfer partner. An administrator of your organisation can name it as one.',
      );
    }
  }

  return db.transaction().execute(async (trx) => {
    const eventId = newId();
    const { type: _t, on: _o, recordedAt: _r, actorId: _a, ...data } = recorded as Record<string, unknown>;
    if (type === 'decided') {
      // Only documents both parties could see may weigh in the judgement [002 §7]: the
      // decision records which uploads were shared at that moment and which were not.
      const uploads = await trx.selectFrom('documents').select(['id', 'shared']).where('case_id', '=', c.id).where('kind', '=', 'upload').execute();
      data.documentsConsidered = uploads.filter((d) => d.shared === 1).map((d) => d.id);
      data.documentsNotConsidered = uploads.filter((d) => d.shared !== 1).map((d) => d.id);
      // The timeline says why a required hearing was not held: the regulation's condition (e.g. solved at once).
      const hearingRule = regulation.levels.find((l) => l.id === state.level)?.hearing;
      if (hearingRule?.mode === 'required' && hearingRule.notRequiredFor && state.hearing === 'none') data.hearingNotRequired = { source: hearingRule.notRequiredFor.source };
    }
    await trx
      .insertInto('case_events')
      .values({ id: eventId, case_id: c.id, type, at: now, on_date: recorded.on, level: next.level, actor_user_id: ctx.actor.userId, data: JSON.stringify(data) })
      .execute();
    if (moved) await recordHandlerMoved(trx, c, regulation, moved, now, recorded.on, ctx.actor.userId);
    // The domain's end day of a case is the day of its last event (deadlines.ts endedOn).
    const nextDue = await storeDeadlines(trx, c, deadlines, false, ended ? recorded.on : undefined);
    const closedAt = ended ? (c.closed_at ?? now) : null;
    // The dossier is kept for the regulation's retention after closing, then destroyed [000 §3.8].
    const retainUntil = closedAt ? retentionEnd(regulation, amsterdamDate(closedAt)).destroyFrom : null;
    const set = {
      state: JSON.stringify(next),
      status: next.status,
      level: next.level,
      kind: next.kind,
      outcome: next.decision?.outcome ?? null,
      next_due: nextDue,
      // A new next_due is unmarked until the deadline monitor sees it pass (migration 905).
      overdue_marked: 0,
      closed_at: closedAt,
      retain_until: retainUntil,
      updated_at: now,
      row_version: c.row_version + 1,
    };
    // Optimistic concurrency: two people recording at once cannot both win.
    const res = await trx.updateTable('cases').set(set).where('id', '=', c.id).where('row_version', '=', c.row_version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('case-changed', 'Someone else changed this case at the same moment. Reload it and try again.');
    const updated: CaseRow = { ...c, ...set };
    if (updated.level !== c.level) await referToCommittee(trx, updated, now);
    await ctx.produceLetters(trx, updated, next, regulation, result.letters, eventId);
    if (type === 'transferred') await transferCopy(trx, updated, String(input.organisationId), ctx);
    // Last: the audit append locks the chain head until commit; taking it after the
    // receiving organisation's case counter keeps the lock order of an intake (no deadlock).
    await appendAudit(trx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: `case.event.${type}`,
      entityType: 'case',
      entityId: c.id,
      organisationId: c.organisation_id,
      details: { eventId, level: next.level, status: next.status },
      ...(ctx.actorRole && { actorRole: ctx.actorRole }),
    });
    return updated;
  });
}

/** Warm handover [001 §1D]: the receiving organisation gets the story, so the citizen tells it once. */
async function transferCopy(
  trx: Transaction<DB>,
  from: CaseRow,
  toOrgId: string,
  ctx: { actor: Actor; ip: string | null; now: Date; produceLetters: LetterProducer; publicUrl: string; language?: Language },
) {
  const org = await trx.selectFrom('organisations').selectAll().where('id', '=', toOrgId).executeTakeFirstOrThrow();
  const found = await getRegulation(trx, org.regulation_id);
  if (!found) throw new AppError(500, 'regulation-missing', `Regulation ${org.regulation_id} is missing.`);
  const regulation = found.regulation;
  const oldState = JSON.parse(from.state) as CaseState;
  const facts = { ...oldState.facts };
  const created = createCase(regulation, facts, { intakeRules: false });
  if (!created.ok) {
    throw conflict(
      created.code,
      ctx.language === 'nl'
        ? `De ontvangende organisatie kan deze zaak niet overnemen: ${created.reasonNl}`
        : `The receiving organisation cannot take this case: ${created.reason}`,
    );
  }
  const state = created.state;
  const now = ctx.now.toISOString();
  const newToken = randomBytes(32).toString('base64url');
  const row: CaseRow = {
    ...from,
    ...(await newCaseIdentity(trx, org, regulation, state)),
    outcome: null,
    handler_user_id: null,
    team_id: null,
    next_due: null,
    overdue_marked: 0,
    transferred_from: from.id,
    // The old link keeps showing the first organisation's part; the new one is mailed below.
    status_token_hash: hashToken(newToken),
    closed_at: null,
    retain_until: null,
    created_by: ctx.actor.userId,
    created_at: now,
    updated_at: now,
    row_version: 1,
  };
  const deadlines = computeDeadlines(regulation, state, ctx.now);
  row.next_due = nextDueOf(deadlines);
  await trx.insertInto('cases').values(row).execute();
  const parties0 = await trx.selectFrom('case_parties').select('name').where('case_id', '=', from.id).execute();
  await indexForSearch(
    trx,
    row,
    parties0.map((p) => p.name),
  );
  await storeDeadlines(trx, row, deadlines, true);
  const parties = await trx.selectFrom('case_parties').selectAll().where('case_id', '=', from.id).execute();
  for (const p of parties) {
    // Employees of the first organisation are named, not linked: they are no users of the second.
    await trx
      .insertInto('case_parties')
      .values({ ...p, id: newId(), case_id: row.id, user_id: null })
      .execute();
  }
  const docs = await trx.selectFrom('documents').selectAll().where('case_id', '=', from.id).where('kind', '=', 'upload').execute();
  for (const d of docs)
    await trx
      .insertInto('documents')
      .values({ ...d, id: newId(), case_id: row.id })
      .execute();
  // The handover is recorded on both sides: what went, from which case to which, by whom.
  const handover = {
    fromCaseId: from.id,
    fromReference: from.reference,
    toCaseId: row.id,
    toReference: row.reference,
    toOrganisationId: org.id,
    documentIds: docs.map((d) => d.id),
    parties: parties.length,
  };
  await trx
    .insertInto('case_events')
    .values({
      id: newId(),
      case_id: row.id,
      type: 'received',
      at: now,
      on_date: amsterdamDate(ctx.now),
      level: row.level,
      actor_user_id: ctx.actor.userId,
      data: JSON.stringify({
        channel: from.channel,
        transferredFrom: from.reference,
        handover: { fromOrganisationId: from.organisation_id, documents: docs.length, parties: parties.length },
      }),
    })
    .execute();
  await appendAudit(trx, {
    actor: ctx.actor,
    ip: ctx.ip,
    action: 'case.created',
    entityType: 'case',
    entityId: row.id,
    organisationId: org.id,
    details: { transferredFrom: from.id },
  });
  await appendAudit(trx, {
    actor: ctx.actor,
    ip: ctx.ip,
    action: 'case.handed-over',
    entityType: 'case',
    entityId: from.id,
    organisationId: from.organisation_id,
    details: handover,
  });
  await enqueueReceiptMail(trx, row, org.name, ctx.publicUrl, newToken);
  await ctx.produceLetters(trx, row, state, regulation, created.letters, null);
}

export interface CaseDetailParts {
  respondents: { id: string; name: string | null; department: string | null; user_id: string | null; role: string }[];
  events: { id: string; type: string; at: string; on_date: string; level: string; actor_user_id: string | null; data: string }[];
  deadlines: { kind: string; level: string; due: string; status: string; source: string; explanation: string }[];
  /** Mail of this case that could not be delivered ('failed' in the outbox). */
  failedMail: { id: string; to_address: string; subject: string; last_error: string | null; failed_at: string | null }[];
}

/**
 * A case page's parts. Each is a lookup by the case's id, whose plan does not depend on the case,
 * so on PostgreSQL they run as named statements (namedStatement): planning them took three times
 * as long as running them. Not for use in a transaction (namedStatement says why).
 */
export async function loadDetail(db: Db, caseId: string): Promise<CaseDetailParts> {
  const [respondents, events, deadlines, failedMail] = await Promise.all([
    db.selectFrom('case_parties').select(['id', 'name', 'department', 'user_id', 'role']).where('case_id', '=', caseId).orderBy('id').modifyFront(namedStatement).execute(),
    db
      .selectFrom('case_events')
      .select(['id', 'type', 'at', 'on_date', 'level', 'actor_user_id', 'data'])
      .where('case_id', '=', caseId)
      .orderBy('id')
      .modifyFront(namedStatement)
      .execute(),
    db
      .selectFrom('case_deadlines')
      .select(['kind', 'level', 'due', 'status', 'source', 'explanation'])
      .where('case_id', '=', caseId)
      .orderBy('due')
      .modifyFront(namedStatement)
      .execute(),
    db
      .selectFrom('outbox')
      .select(['id', 'to_address', 'subject', 'last_error', 'failed_at'])
      .where('case_id', '=', caseId)
      .where('status', '=', 'failed')
      .orderBy('id')
      .modifyFront(namedStatement)
      .execute(),
  ]);
  return { respondents, events, deadlines, failedMail };
}

/** Event data that is content (free text), hidden from the process view. */
const CONTENT_KEYS = new Set(['departureReason', 'motivation', 'report', 'reason', 'agreements', 'note', 'circumstances', 'points', 'recommendations', 'consent']);

/** What a respondent sees of an event: when and what kind of step, never free text or who else is involved. */
const RESPONDENT_EVENT_KEYS = new Set(['outcome', 'admissible', 'grounds', 'ground', 'weeks', 'toLevel', 'at', 'place']);

export function toCaseOut(c: CaseRow, parts: CaseDetailParts, access: CaseAccess, regulation: Regulation, now: Date): CaseOut {
  const state = JSON.parse(c.state) as CaseState;
  const proposal = c.admissibility ? (JSON.parse(c.admissibility) as AdmissibilityProposal) : null;
  // Content (free text, contact details) is for the handling side. A respondent gets the
  // complaint as it is shared with them and the outcome, never who complained or how to
  // reach them, nor the free text of events; oversight gets process data only.
  const content = access.view === 'full';
  const shared = access.view !== 'process';
  const decision = state.decision
    ? {
        outcome: state.decision.outcome,
        // A respondent reads the motivation when the regulation's decision letter rules let them (issue 13).
        ...(shared && (access.view !== 'respondent' || decisionParts(regulation, state.level, 'respondent').includes('motivation')) && { motivation: state.decision.motivation }),
        on: state.decision.on,
        by: state.decision.by ?? null,
        approvedBy: state.decision.approvedBy ?? null,
        approvedOn: state.decision.approvedOn ?? null,
      }
    : null;
  // The day each deadline was met (or done late), for "met on …" beside the due date.
  const doneOn = new Map(
    computeDeadlines(regulation, state, now)
      .filter((d) => d.doneOn)
      .map((d) => [`${d.kind}|${d.level ?? ''}|${d.due}`, d.doneOn!]),
  );
  const out: CaseOut = {
    id: c.id,
    reference: c.reference,
    organisationId: c.organisation_id,
    regulation: { id: c.regulation_id, version: c.regulation_version },
    kind: c.kind,
    reclassifiedFrom: state.reclassifiedFrom ?? null,
    level: c.level,
    status: c.status,
    statusLabel: STATUSES[state.status].label,
    channel: c.channel,
    receivedAt: c.received_at,
    receivedOn: c.received_on,
    categories: JSON.parse(c.categories) as string[],
    anonymous: c.anonymous === 1,
    view: access.view,
    admissibility: proposal
      ? {
          proposal: proposal.proposal,
          grounds: proposal.grounds.map((g) => ({ code: g.code, source: g.source, basis: g.basis, ...(content && { explanation: g.explanation }) })),
          ...(content && { toConsider: proposal.toConsider }),
          ...(state.admissibility && {
            decision: { admissible: state.admissibility.admissible, grounds: state.admissibility.grounds, by: state.admissibility.by ?? null, at: state.admissibility.on },
          }),
        }
      : null,
    decision,
    outcome: c.outcome,
    deadlines: parts.deadlines.map((d) => ({
      kind: d.kind,
      ...(d.kind === 'named' && { term: termOf(d.explanation) }),
      level: d.level || null,
      due: d.due,
      status: d.status as 'open' | 'met' | 'missed',
      ...(doneOn.get(`${d.kind}|${d.level || ''}|${d.due}`) && { doneOn: doneOn.get(`${d.kind}|${d.level || ''}|${d.due}`) }),
      source: d.source,
      ...(content && { explanation: JSON.parse(d.explanation) }),
    })),
    nextDue: c.next_due,
    events: parts.events.map((e) => {
      const data = JSON.parse(e.data) as Record<string, unknown>;
      const shown = content
        ? data
        : access.view === 'respondent'
          ? Object.fromEntries(Object.entries(data).filter(([k]) => RESPONDENT_EVENT_KEYS.has(k)))
          : Object.fromEntries(Object.entries(data).filter(([k]) => !CONTENT_KEYS.has(k)));
      return { id: e.id, type: e.type, at: e.at, on: e.on_date, level: e.level, actorUserId: e.actor_user_id, data: shown };
    }),
    allowedEvents: access.canHandle
      ? allowedEvents(regulation, state, now).filter(
          (t) => !DECISIVE_EVENTS.has(t) || (t === 'decided' && access.mayDecideOnAdvice !== undefined ? access.mayDecideOnAdvice : access.canDecide),
        )
      : [],
    handlerUserId: c.handler_user_id,
    teamId: c.team_id,
    transferredFrom: c.transferred_from,
    closedAt: c.closed_at,
    // The handling side must know when a letter or mail never arrived (Trust §5).
    ...(content && { failedMail: parts.failedMail.map((m) => ({ id: m.id, to: m.to_address, subject: m.subject, error: m.last_error, failedAt: m.failed_at })) }),
    createdAt: c.created_at,
  };
  if (shared) {
    out.description = c.description;
    out.desiredOutcome = c.desired_outcome;
  }
  if (content) {
    out.complainant = c.complainant ? JSON.parse(c.complainant) : null;
    out.respondents = parts.respondents.filter((p) => p.role === 'respondent').map((p) => ({ id: p.id, name: p.name, department: p.department, userId: p.user_id }));
    out.helpers = parts.respondents.filter((p) => p.role !== 'respondent').map((p) => ({ id: p.id, role: p.role, name: p.name }));
    out.facts = JSON.parse(c.facts);
  }
  return out;
}

export function notFoundCase() {
  return notFound('The case');
}
