import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../context.ts';
import { AppError, fieldError, notFound } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import { hit, readHit } from '../../core/rate-limit.ts';
import { IndexedBy } from '../../db/indexed-by.ts';
import { errorResponses } from '../schemas.ts';
import { getRegulation } from '../regulations/regulations.service.ts';
import { publicIntakeBody } from './cases.schemas.ts';
import { hashToken, loadDetail, recordEvent, referencePrefix, regulationOfCase, type CaseRow, type LetterProducer } from './cases.service.ts';
import { amsterdamDate } from '../../domain/calendar.ts';
import { STATUSES, allowedEvents } from '../../domain/lifecycle.ts';
import { idempotencyClaim, previousAnswer, type Answer } from './idempotency.ts';
import type { CaseState } from '../../domain/case.ts';
import { newId, nowIso } from '../../core/ids.ts';
import { languageOf } from '../language.ts';
import { reportToCsv, type Report } from '../../domain/index.ts';
import { renderReportPdf } from '../../reports/report.pdf.ts';
import { enqueueStatusLinkMail } from './case-mail.ts';
import { MAX_UPLOAD_BYTES, readUpload, sendDocument, visibleToParty } from './dossier.routes.ts';
import { createHash } from 'node:crypto';
import { createOrganisationLookup } from './intake-organisations.ts';
import { recordRead } from '../../core/audit/read-audit.ts';
import { namedStatement } from '../../db/pg-named.ts';

export interface PublicRouteOptions {
  deps: Deps;
  produceLetters: LetterProducer;
  /** Intakes per address per hour on the public form. */
  intakeLimitPerHour: number;
}

const tokenParams = z.object({ token: z.string().min(20).max(100) });

const statusOut = z.object({
  reference: z.string(),
  organisation: z.object({
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    /** For the organisation's own look and its "Link kwijt?" example. */
    slug: z.string(),
    branding: z.object({ logo: z.string().nullable(), color: z.string().nullable() }),
  }),
  kind: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  ended: z.boolean(),
  level: z.object({ id: z.string(), name: z.string() }),
  receivedOn: z.string(),
  nextDeadline: z.object({ kind: z.string(), due: z.string() }).nullable(),
  /** By when the complainant hears what is done with the complaint: the open decision term of the current level. */
  answerDue: z.string().nullable(),
  /** The judgement, once final (not while it waits for approval). */
  outcome: z.string().nullable(),
  canWithdraw: z.boolean(),
  timeline: z.array(z.object({ type: z.string(), on: z.string() })),
  letters: z.array(z.object({ id: z.string(), kind: z.string(), createdAt: z.string(), documentId: z.string().nullable() })),
  documents: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.string() })),
  viewedBy: z
    .array(z.object({ at: z.string(), role: z.string().nullable(), organisation: z.string().nullable() }))
    .describe('who looked at the case or its documents and when, by role and organisation, never by name (newest first, at most 100)'),
});

/**
 * The citizen's side, without login: the form posts here, and the secret
 * status link (a long random token, stored hashed) opens the status page.
 * A wrong token is a plain 404: it tells nothing about which cases exist.
 */
/** What the complainant's side may see of a case: the letters to the complainant and the shared uploads (status page, confidant). */
export async function complainantShareables(db: Kysely<DB>, caseId: string) {
  // Lookups by the case's id: named statements on PostgreSQL (namedStatement); not in a transaction.
  const letters = await db
    .selectFrom('letters')
    .select(['id', 'kind', 'created_at', 'document_id'])
    .where('case_id', '=', caseId)
    .where('recipient', '=', 'complainant')
    .orderBy('id')
    .modifyFront(namedStatement)
    .execute();
  const docs = await db
    .selectFrom('documents')
    .select(['id', 'name', 'created_at'])
    .where('case_id', '=', caseId)
    .where('kind', '=', 'upload')
    .where('shared', '=', 1)
    .orderBy('id')
    .modifyFront(namedStatement)
    .execute();
  return { letters, docs };
}

export const publicRoutes: FastifyPluginAsyncZod<PublicRouteOptions> = async (app, { deps, produceLetters, intakeLimitPerHour }) => {
  const { db, config } = deps;
  const intakeOrganisation = createOrganisationLookup(db);

  app.get(
    '/organisations/:slug',
    {
      schema: {
        tags: ['public'],
        summary: 'What the public form needs of an organisation: name, contact details, kinds, categories, levels',
        params: z.object({ slug: z.string().min(1).max(60) }),
        response: { 200: z.looseObject({ id: z.string(), name: z.string(), slug: z.string() }), ...errorResponses },
      },
    },
    async (req) => {
      const org = await db.selectFrom('organisations').selectAll().where('slug', '=', req.params.slug).executeTakeFirst();
      if (!org) throw notFound('The organisation');
      const reg = (await getRegulation(db, org.regulation_id))?.regulation;
      if (!reg) throw notFound('The organisation');
      return {
        id: org.id,
        name: org.name,
        slug: org.slug,
        branding: { logo: org.logo ?? null, color: org.brand_color ?? null },
        email: org.email,
        phone: org.phone,
        website: org.website,
        address: { street: org.street, postalCode: org.postal_code, city: org.city },
        regulation: { id: reg.id, version: reg.version, name: reg.name },
        kinds: reg.kinds,
        anonymous: reg.anonymous ?? null,
        complainantRoles: reg.complainantRoles ?? null,
        categories: reg.categories,
        contacts: reg.contacts,
        levels: reg.levels.map((l) => ({ id: l.id, name: l.name, entry: l.entry, ...(l.entryOnRequest && { onRequest: true }), ...(l.domains && { domains: l.domains }) })),
        /** The domains a complaint may belong to (send domain); per domain whether formal handling may be asked at once. */
        domains: (reg.domains ?? []).map((d) => ({
          id: d.id,
          name: d.name,
          formalOnRequest: reg.levels.some((l) => l.entryOnRequest === true && (!l.domains || l.domains.includes(d.id))),
        })),
        /** Whether a complaint must name its domain: every level where a case starts is for some domains only. */
        domainRequired: (reg.domains?.length ?? 0) > 0 && !reg.levels.some((l) => l.entry && !l.domains),
        /** What this organisation's references look like, for "Link kwijt?". */
        referenceExample: `${referencePrefix(org.slug)}-${amsterdamDate(new Date()).slice(0, 4)}-0001`,
        /** Whether the complainant may ask for formal handling at once (send formalRequested: true). */
        formalOnRequest: reg.levels.some((l) => l.entryOnRequest === true && !l.domains),
        /** Whether the regulation accepts cases through this web form at all. */
        webIntake: !reg.intake || reg.intake.channels.includes('web'),
      };
    },
  );

  app.get(
    '/organisations/:slug/annual-report',
    {
      schema: {
        tags: ['public'],
        summary: "An organisation's published annual report (anonymised; counts of 1–4 suppressed) as JSON, PDF or CSV",
        params: z.object({ slug: z.string().min(1).max(60) }),
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100), format: z.enum(['json', 'pdf', 'csv']).default('json') }),
        response: { 200: z.any(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const org = await db.selectFrom('organisations').select(['id', 'name', 'slug']).where('slug', '=', req.params.slug).executeTakeFirst();
      const row = org
        ? await db
            .selectFrom('report_deliveries')
            .select('report')
            .where('organisation_id', '=', org.id)
            .where('year', '=', req.query.year)
            .where('half', '=', 0)
            .executeTakeFirst()
        : undefined;
      if (!org || !row) throw notFound('The annual report');
      const report = JSON.parse(row.report) as Report;
      const file = `jaarverslag-${org.slug}-${req.query.year}`;
      if (req.query.format === 'csv')
        return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}.csv"`).send(reportToCsv(report));
      if (req.query.format === 'pdf')
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `inline; filename="${file}.pdf"`)
          .send(await renderReportPdf(report, `Jaarverslag klachten ${req.query.year} – ${org.name}`));
      return report;
    },
  );

  app.post(
    '/cases',
    {
      schema: {
        tags: ['public'],
        summary: 'The public form: file a compliment, dissatisfaction, complaint, objection or anonymous signal (no login; rate limited per address)',
        description:
          'Send an `Idempotency-Key` header (a random key, e.g. a UUID, one per submission) and repeat the request with the same key when the answer was lost: the repeat answers with the first reference and status link (header `Idempotent-Replayed: true`) instead of filing twice; the same key with another body answers 409. Keys are remembered for 24 hours.',
        headers: z.looseObject({ 'idempotency-key': z.string().max(200).optional() }),
        body: publicIntakeBody,
        response: { 201: z.object({ reference: z.string(), statusUrl: z.string(), kind: z.string(), status: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const org = b.organisationId ? await intakeOrganisation('id', b.organisationId) : await intakeOrganisation('slug', b.organisation!);
      if (!org) throw fieldError(b.organisationId ? 'organisationId' : 'organisation', 'no organisation with this id');
      const { organisation: _slug, ...rest } = b;
      const now = new Date();
      const answer = (a: Answer, replayed: boolean) =>
        reply
          .code(201)
          .header('idempotent-replayed', String(replayed))
          .send({ reference: a.reference, statusUrl: `${config.publicUrl}/status/${a.statusToken}`, kind: a.kind, status: a.status });
      // A repeat of a submission whose answer was lost gets the first answer, not a second case.
      const claim = idempotencyClaim(req.headers['idempotency-key'], org.id, req.body);
      const earlier = claim && (await previousAnswer(db, claim, now));
      if (earlier) return answer(earlier, true);
      try {
        // Acknowledged once durable in the intake inbox; the case is written from it moments later (intake-inbox.ts).
        const { row, statusToken } = await deps.intakeInbox!.accept(
          { ...rest, organisationId: org.id, channel: 'web' },
          {
            actor: null,
            ip: req.ip,
            now,
            produceLetters,
            publicUrl: config.publicUrl,
            language: languageOf(req),
            limit: { key: `public-intake:${req.ip}`, max: intakeLimitPerHour, windowSeconds: 3600 },
            idempotency: claim,
            organisation: org,
          },
        );
        return answer({ reference: row.reference, statusToken, kind: row.kind, status: row.status }, false);
      } catch (e) {
        // The same key sent twice at once: the other request committed first (its key row made ours fail).
        const won = claim && (await previousAnswer(db, claim, now).catch(() => null));
        if (won) return answer(won, true);
        throw e;
      }
    },
  );

  /** Staff reads of the case and its documents, from the audit trail: role and organisation, no names. */
  async function viewsOf(c: CaseRow) {
    // By the entity index, newest first: as an OR with the document subquery the planner may walk the
    // whole audit log in id order (21 ms at 15,000 entries under stale statistics, growing with the log).
    const documentIds = (await db.selectFrom('documents').select('id').where('case_id', '=', c.id).modifyFront(namedStatement).execute()).map((d) => d.id);
    let q = db
      .selectFrom('audit_log')
      .leftJoin('organisations', 'organisations.id', 'audit_log.organisation_id')
      .select(['audit_log.at', 'audit_log.actor_role', 'audit_log.organisation_id', 'organisations.name'])
      .where('audit_log.actor_user_id', 'is not', null)
      // Ids are unique across cases and documents: a case id names only case reads, a document's its reads.
      .where('audit_log.entity_id', 'in', [c.id, ...documentIds])
      .where('audit_log.action', 'in', ['case.read', 'document.read'])
      .orderBy('audit_log.id', 'desc')
      .limit(100)
      // Named on PostgreSQL: its generic plan reads the entity index too (namedStatement).
      .modifyFront(namedStatement);
    if (deps.dialect === 'sqlite') q = q.withPlugin(new IndexedBy('audit_log', 'audit_log_entity'));
    const rows = await q.execute();
    // A platform administrator acts for no organisation of the case.
    return rows.map((r) => ({ at: r.at, role: r.actor_role, organisation: r.actor_role === 'platform-admin' ? null : (r.name ?? null) }));
  }

  async function byToken(token: string): Promise<CaseRow> {
    const hash = hashToken(token);
    const find = () => db.selectFrom('cases').selectAll().where('status_token_hash', '=', hash).where('destroyed_at', 'is', null).modifyFront(namedStatement).executeTakeFirst();
    // A filing another node acknowledged a moment ago may still wait in the intake inbox: written now.
    const c = (await find()) ?? ((await deps.intakeInbox!.settleToken(hash)) ? await find() : undefined);
    if (!c) throw notFound('The case');
    return c;
  }

  app.get(
    '/status/:token',
    {
      schema: {
        tags: ['public'],
        summary: 'Where the case stands, for the complainant behind the secret link',
        params: tokenParams,
        response: { 200: statusOut, ...errorResponses },
      },
    },
    async (req) => {
      await readHit(deps, `status:${req.ip}`, 300, 3600);
      const c = await byToken(req.params.token);
      const regulation = await regulationOfCase(db, c);
      const state = JSON.parse(c.state) as CaseState;
      const row = await db
        .selectFrom('organisations')
        .select(['name', 'email', 'phone', 'slug', 'logo', 'brand_color'])
        .where('id', '=', c.organisation_id)
        .modifyFront(namedStatement)
        .executeTakeFirstOrThrow();
      const org = { name: row.name, email: row.email, phone: row.phone, slug: row.slug, branding: { logo: row.logo, color: row.brand_color } };
      const { events, deadlines } = await loadDetail(db, c.id);
      const { letters, docs } = await complainantShareables(db, c.id);
      const open = deadlines.filter((d) => d.status === 'open').sort((a, b) => a.due.localeCompare(b.due))[0];
      const viewedBy = await viewsOf(c);
      await recordRead(deps, {
        actor: null,
        actorRole: 'complainant',
        ip: req.ip,
        action: 'case.read-by-complainant',
        entityType: 'case',
        entityId: c.id,
        organisationId: c.organisation_id,
      });
      return {
        reference: c.reference,
        organisation: org,
        kind: c.kind,
        status: c.status,
        statusLabel: STATUSES[state.status].label,
        ended: STATUSES[state.status].ended,
        level: { id: c.level, name: regulation.levels.find((l) => l.id === c.level)?.name ?? c.level },
        receivedOn: c.received_on,
        nextDeadline: open ? { kind: open.kind, due: open.due } : null,
        answerDue:
          deadlines
            .filter((d) => d.status === 'open' && d.kind === 'decision' && d.level === c.level)
            .map((d) => d.due)
            .sort()[0] ?? null,
        outcome: state.decision && (state.status === 'decided' || state.status === 'closed') ? state.decision.outcome : null,
        canWithdraw: allowedEvents(regulation, state).includes('withdrawn'),
        timeline: events.map((e) => ({ type: e.type, on: e.on_date })),
        letters: letters.map((l) => ({ id: l.id, kind: l.kind, createdAt: l.created_at, documentId: l.document_id })),
        documents: docs.map((d) => ({ id: d.id, name: d.name, createdAt: d.created_at })),
        viewedBy,
      };
    },
  );

  app.post(
    '/status/:token/withdraw',
    {
      schema: {
        tags: ['public'],
        summary: 'The complainant withdraws the complaint; a written confirmation follows [000 §3.6, 002 §5.6]',
        params: tokenParams,
        body: z.object({ confirm: z.literal(true), reason: z.string().trim().max(2000).optional() }).strict(),
        response: { 200: z.object({ status: z.string() }), ...errorResponses },
      },
    },
    async (req) => {
      await hit(db, `status:${req.ip}`, 300, 3600);
      const c = await byToken(req.params.token);
      // Recorded as the complainant's own act (no staff actor); the reducer still checks the state.
      const complainantActor = {
        userId: `complainant:${c.id}`,
        email: 'complainant',
        name: 'Klager',
        platformAdmin: false,
        memberships: [],
        via: 'session' as const,
        sessionId: null,
      };
      const updated = await recordEvent(
        db,
        c,
        { type: 'withdrawn', ...(req.body.reason && { reason: req.body.reason }) },
        { actor: complainantActor, ip: req.ip, now: new Date(), produceLetters, publicUrl: config.publicUrl, language: languageOf(req) },
      );
      return { status: updated.status };
    },
  );

  app.post(
    '/status/:token/messages',
    {
      schema: {
        tags: ['public'],
        summary: 'The complainant adds information to the dossier',
        params: tokenParams,
        body: z.object({ text: z.string().trim().min(1).max(10_000) }).strict(),
        response: { 201: z.object({ id: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      await hit(db, `status-write:${req.ip}`, 30, 3600);
      const c = await byToken(req.params.token);
      if (STATUSES[c.status as keyof typeof STATUSES]?.ended) throw new AppError(409, 'case-ended', 'This case has ended; contact the organisation if something changed.');
      const id = newId();
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('case_notes').values({ id, case_id: c.id, author_user_id: null, text: req.body.text, internal: 0, created_at: nowIso() }).execute();
        await trx
          .insertInto('case_events')
          .values({
            id: newId(),
            case_id: c.id,
            type: 'information-added',
            at: nowIso(),
            on_date: nowIso().slice(0, 10),
            level: c.level,
            actor_user_id: null,
            data: JSON.stringify({ by: 'complainant' }),
          })
          .execute();
        await appendAudit(trx, {
          actor: null,
          actorRole: 'complainant',
          ip: req.ip,
          action: 'case.information-added-by-complainant',
          entityType: 'case',
          entityId: c.id,
          organisationId: c.organisation_id,
        });
      });
      return reply.code(201).send({ id });
    },
  );

  app.get(
    '/status/:token/documents/:documentId',
    {
      schema: {
        tags: ['public'],
        summary: 'A letter to the complainant or a shared document, behind the secret link',
        params: tokenParams.extend({ documentId: z.string().min(1).max(64) }),
      },
    },
    async (req, reply) => {
      await readHit(deps, `status:${req.ip}`, 300, 3600);
      const c = await byToken(req.params.token);
      const d = await db
        .selectFrom('documents')
        .selectAll()
        .where('id', '=', req.params.documentId)
        .where('case_id', '=', c.id)
        .where((eb) => visibleToParty(eb, c.id, 'complainant'))
        .executeTakeFirst();
      if (!d?.content) throw notFound('The document');
      await recordRead(deps, {
        actor: null,
        actorRole: 'complainant',
        ip: req.ip,
        action: 'document.read-by-complainant',
        entityType: 'document',
        entityId: d.id,
        organisationId: c.organisation_id,
        details: { caseId: c.id },
      });
      return sendDocument(reply, { name: d.name, mime: d.mime, content: d.content });
    },
  );

  app.post(
    '/status/:token/documents',
    {
      schema: {
        tags: ['public'],
        summary: `The complainant adds a document (multipart field "file"; at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; PDF, PNG, JPEG, DOCX or text)`,
        params: tokenParams,
        response: { 201: z.object({ id: z.string(), name: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      await hit(db, `status-write:${req.ip}`, 30, 3600);
      const c = await byToken(req.params.token);
      if (STATUSES[c.status as keyof typeof STATUSES]?.ended) throw new AppError(409, 'case-ended', 'This case has ended; contact the organisation if something changed.');
      const { content, type, name } = await readUpload(req);
      // What the complainant sends is shared with the parties by default [002 §7]; the handler can change that.
      const row = {
        id: newId(),
        case_id: c.id,
        kind: 'upload',
        name,
        mime: type.mime,
        size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        shared: 1,
        content,
        uploaded_by: null,
        created_at: nowIso(),
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('documents').values(row).execute();
        await appendAudit(trx, {
          actor: null,
          actorRole: 'complainant',
          ip: req.ip,
          action: 'document.uploaded-by-complainant',
          entityType: 'document',
          entityId: row.id,
          organisationId: c.organisation_id,
          details: { caseId: c.id, size: row.size },
        });
      });
      return reply.code(201).send({ id: row.id, name });
    },
  );

  app.post(
    '/status-link',
    {
      schema: {
        tags: ['public'],
        summary: 'Lost the status link? A new one is mailed to the address the case was filed with. The answer is the same whether or not a case exists.',
        body: z.object({ email: z.email().max(320), reference: z.string().trim().min(3).max(40) }).strict(),
        response: { 202: z.object({ message: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      await hit(db, `status-link:${req.ip}`, 10, 3600);
      // References are unique per organisation; the e-mail address picks the one case.
      const candidates = await db.selectFrom('cases').selectAll().where('reference', '=', req.body.reference.toUpperCase()).where('destroyed_at', 'is', null).execute();
      for (const c of candidates) {
        const complainant = c.complainant ? (JSON.parse(c.complainant) as { email?: string }) : null;
        if (complainant?.email && complainant.email.toLowerCase() === req.body.email.toLowerCase()) {
          await enqueueStatusLinkMail(db, deps, c, complainant.email, req.ip);
        }
      }
      return reply.code(202).send({ message: 'If a case with this reference was filed with this e-mail address, a new link is on its way.' });
    },
  );
};
