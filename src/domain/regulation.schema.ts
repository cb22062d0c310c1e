/**
 * A complaint regulation (klachtenregeling) as data.
 *
 * Every rule carries `source`: the seed section (`[004 §6.3]`) or law article
 * (`Awb 9:11`) it comes from. The same schema validates the presets in
 * `regulations/`, an organisation's custom copy, and feeds the JSON Schema that
 * editors use (`regulationJsonSchema`).
 */
import { z } from 'zod';
import { DURATION_UNITS, isIsoDate } from './calendar.ts';

// ---------------------------------------------------------------- vocabularies

import {
  CASE_KINDS,
  CHANNELS,
  ROLES,
  ALL_COMPLAINANT_ROLES,
  GROUND_CODES,
  CATEGORY_IDS,
  LETTER_KINDS,
  TERM_ANCHORS,
  HEARING_SKIP_GROUNDS,
  OUTCOMES,
  FLAGS,
  LAW_REGIMES,
} from './vocabulary.ts';
export * from './vocabulary.ts';
import { DECISION_PARTS } from './disclosure.ts';
export { DECISION_PARTS, type DecisionPart } from './disclosure.ts';

const source = z.string().min(3).describe('Where the rule comes from: a seed section like "[004 §6.3]" or a law article like "Awb 9:11".');
const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case kebab-case');
const isoDate = z.string().refine(isIsoDate, 'expected a date YYYY-MM-DD');
// Every year has the day: no 29 February.
const monthDay = z.string().refine((v) => /^\d{2}-\d{2}$/.test(v) && isIsoDate(`2023-${v}`), 'expected MM-DD, a day every year has');
const text = z.string().min(1);

export const durationSchema = z
  .object({
    length: z.number().int().positive(),
    unit: z.enum(DURATION_UNITS),
  })
  .strict();
export type Duration = z.infer<typeof durationSchema>;

const termFields = {
  length: z.number().int().positive().optional(),
  unit: z.enum(DURATION_UNITS).optional().describe('working-days, calendar-days, weeks, months or years, chosen per term.'),
  from: z.enum(TERM_ANCHORS).default('received'),
  atw: z.boolean().default(false).describe('Whether the Algemene termijnenwet extends a term ending on a non-working day.'),
  asSoonAsPossible: z.boolean().optional().describe('"Zo spoedig mogelijk": with a length, the length is the latest end.'),
  channels: z
    .array(z.enum(CHANNELS))
    .min(1)
    .optional()
    .describe('Only for cases received through these channels, e.g. the terms of a written complaint (Awb 9:4); every channel when absent.'),
  source,
};

function refineTerm(t: { length?: number | undefined; unit?: string | undefined; asSoonAsPossible?: boolean | undefined }, ctx: z.RefinementCtx): void {
  if ((t.length === undefined) !== (t.unit === undefined)) {
    ctx.addIssue({ code: 'custom', path: [t.length === undefined ? 'length' : 'unit'], message: 'length and unit go together' });
  }
  if (t.length === undefined && !t.asSoonAsPossible) {
    ctx.addIssue({ code: 'custom', path: ['length'], message: 'a term needs a length and unit, or asSoonAsPossible' });
  }
}

export const termSchema = z.object(termFields).strict().superRefine(refineTerm);
export type Term = z.infer<typeof termSchema>;

/** Events that meet a named term. */
export const TERM_MET_BY = ['acknowledged', 'contacted', 'admissibility-decided', 'hearing-scheduled', 'hearing-held', 'advised', 'decided'] as const;

export const namedTermSchema = z
  .object({
    id,
    name: text.describe('How people call it, e.g. "Eerste persoonlijk contact".'),
    metBy: z.enum(TERM_MET_BY).describe('The event that meets the term.'),
    ...termFields,
  })
  .strict()
  .superRefine(refineTerm);
export type NamedTerm = z.infer<typeof namedTermSchema>;

/** Paragraphs an organisation writes itself in a letter; blank lines separate paragraphs. */
const letterParagraphs = z.string().trim().min(1).max(2000);
export const letterTextSchema = z
  .object({
    intro: letterParagraphs.optional().describe("After the letter's opening paragraph, e.g. a word of thanks or the way the organisation works."),
    closing: letterParagraphs.optional().describe('At the end of the letter, before the line for questions.'),
    source,
  })
  .strict()
  .refine((t) => t.intro !== undefined || t.closing !== undefined, { message: 'write an intro or a closing', path: ['intro'] });
export type LetterText = z.infer<typeof letterTextSchema>;

export const contactSchema = z
  .object({
    id,
    name: text,
    role: z.enum(['complaints-committee', 'ombudsman', 'objection', 'data-protection-officer', 'client-support', 'confidant', 'organisation', 'dispute-body']),
    postalAddress: z.array(text).optional().describe('Lines of the postal address, e.g. ["Postbus 93122", "2509 AC Den Haag"].'),
    email: z.string().email().optional(),
    url: z.string().url().optional(),
    phone: text.optional(),
    source,
  })
  .strict();
export type Contact = z.infer<typeof contactSchema>;

// ---------------------------------------------------------------- kinds of case

const kindRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('compliment'), passTo: z.enum(['employee', 'team']), source }).strict(),
  z
    .object({
      kind: z.literal('dissatisfaction'),
      registerWhenSolved: z.boolean().describe('Solved dissatisfaction is not a complaint and is not registered as one [002 §6A.2].'),
      source,
    })
    .strict(),
  z.object({ kind: z.literal('complaint'), source }).strict(),
  z
    .object({
      kind: z.literal('signal'),
      notifyBoardAtOnce: z.boolean().default(false).describe('Signals needing administrative attention go to the board at once [001 §11.VI].'),
      source,
    })
    .strict(),
  z
    .object({
      kind: z.literal('objection'),
      referTo: id.describe('Contact id where to object.'),
      term: termSchema.describe('The objection term, counted from the decision date.'),
      source,
    })
    .strict(),
]);
export type KindRule = z.infer<typeof kindRuleSchema>;

// ---------------------------------------------------------------- admissibility

const timeLimitSchema = z
  .object({
    id,
    length: z.number().int().positive(),
    unit: z.enum(DURATION_UNITS),
    from: z
      .enum(['incident', 'known', 'last-contact'])
      .describe('incident: the (latest) event complained about; known: when the complainant knew or could have known; last-contact: the last contact with the organisation.'),
    when: z
      .object({
        flags: z.array(z.enum(FLAGS)).optional().describe('Applies when any of these flags is set.'),
        complainantRoles: z.array(z.enum(ALL_COMPLAINANT_ROLES)).optional().describe('Applies when the complainant has one of these roles.'),
      })
      .strict()
      .optional()
      .describe('An exception: the first limit whose condition matches applies; a limit without condition is the rule.'),
    source,
  })
  .strict();
export type TimeLimit = z.infer<typeof timeLimitSchema>;

const groundSchema = z
  .object({
    code: z.enum(GROUND_CODES),
    basis: z.enum(['fact', 'judgement']).describe('fact: the system checks it from dates and flags; judgement: a person weighs it.'),
    stopsHandling: z.boolean().default(false).describe('Also ends handling already under way [004 §5.1c].'),
    source,
  })
  .strict();
export type GroundRule = z.infer<typeof groundSchema>;

export const admissibilitySchema = z
  .object({
    timeLimits: z.array(timeLimitSchema).default([]),
    grounds: z.array(groundSchema).default([]),
  })
  .strict();
export type AdmissibilityRules = z.infer<typeof admissibilitySchema>;

// ---------------------------------------------------------------- levels

const levelSchema = z
  .object({
    id,
    name: text,
    handlerRole: z.enum(ROLES),
    ifRespondentIsHandler: z
      .object({
        handlerRole: z.enum(ROLES).describe('Who handles instead, e.g. the department head above the team leader.'),
        source,
      })
      .strict()
      .optional()
      .describe(
        "Independence by rule: when a respondent holds this level's handler role (e.g. the team leader is complained about), the case goes to this role instead, at intake or when the respondent is added.",
      ),
    coordinator: z
      .object({
        role: z.enum(ROLES).describe('The coordinating role, e.g. the complaints officer while the team leader handles.'),
        source,
      })
      .strict()
      .optional()
      .describe(
        'A role beside the handler: sees the case, gets its deadline reminders, may assign, note and record the steps that do not decide; decides only when also holding the handler role.',
      ),
    body: z.enum(['internal', 'external-committee', 'ombudsman', 'dispute-body']).default('internal'),
    independent: z.boolean().default(false).describe('An independent body outside the organisation (Wkkgz, Jeugdwet).'),
    contactId: id.optional().describe('The body named in letters.'),
    entry: z.boolean().default(true).describe('Whether a case may start at this level.'),
    entryOnRequest: z.boolean().optional().describe('A case may start here, skipping the levels below, when the complainant asks for formal handling at once.'),
    domains: z
      .array(id)
      .min(1)
      .optional()
      .describe("Only for cases of these domains (ids in the regulation's `domains`), e.g. formal handling for youth care; for every case when absent."),
    entryChannels: z
      .array(z.enum(CHANNELS))
      .min(1)
      .optional()
      .describe('Among entry levels, cases received through these channels start here (e.g. a written complaint with the manager).'),
    kinds: z.array(z.enum(CASE_KINDS)).min(1).describe('Kinds of case handled at this level.'),
    escalatesTo: z.array(id).default([]).describe('Levels higher in the ladder that a case may move up to from here.'),
    scope: z.enum(['content', 'process-only']).default('content').describe('process-only: judges the handling, not the content [001 §5A].'),
    gives: z
      .enum(['decision', 'advice'])
      .default('decision')
      .describe("advice: the level hears both sides and advises; the organisation's board then decides, motivating where it departs from the advice (Awb 9:14, Awb 9:15)."),
    informal: z
      .boolean()
      .default(false)
      .describe('Informal settlement (Awb 9:5): the formal duties (hearing, notice of not handling) do not apply here, but the terms of receipt still run.'),
    terms: z
      .object({
        acknowledgement: termSchema.optional(),
        firstContact: termSchema.optional(),
        admissibilityNotice: termSchema.optional(),
        decision: termSchema.optional(),
      })
      .strict()
      .default({}),
    namedTerms: z
      .array(namedTermSchema)
      .optional()
      .describe(
        'More terms at this level, each with its own name, length, unit, starting point and the event that meets it (e.g. a first personal contact within 1 week beside the acknowledgement).',
      ),
    extension: z
      .object({
        allowed: z.boolean(),
        maxWeeks: z.number().int().positive().optional().describe('The one extension the organisation may announce itself, at most this many weeks.'),
        writtenNoticeTo: z.array(z.enum(['complainant', 'respondent'])).default([]),
        beforeExpiry: z.boolean().default(true).describe('Announced before the term ends.'),
        furtherWithWrittenConsent: z.boolean().default(false).describe("More delay only with the complainant's written consent (Awb 9:11 lid 3)."),
        source,
      })
      .strict()
      .optional(),
    pause: z
      .object({ allowed: z.boolean(), reasons: z.array(text).optional(), source })
      .strict()
      .optional(),
    hearing: z
      .object({
        mode: z.enum(['required', 'optional', 'none']),
        skipGrounds: z.array(z.enum(HEARING_SKIP_GROUNDS)).default([]),
        reportRequired: z.boolean().default(false),
        notRequiredFor: z
          .object({
            outcomes: z.array(z.enum(OUTCOMES)).min(1).describe('A decision with only these outcomes (e.g. resolved) needs no hearing first.'),
            source,
          })
          .strict()
          .optional()
          .describe('A condition on a required hearing: "a hearing only when the complaint is not solved at once" (Awb 9:5).'),
        source,
      })
      .strict()
      .optional(),
    mediation: z.object({ available: z.boolean(), source }).strict().optional(),
    fourEyes: z.object({ required: z.boolean(), source }).strict().optional(),
    outcomes: z.array(z.enum(OUTCOMES)).optional().describe('Outcomes this level may give; all when absent.'),
    unreachable: z
      .object({
        after: durationSchema,
        from: z.enum(['received', 'last-contact']),
        source,
      })
      .strict()
      .optional()
      .describe('The case may be ended when the complainant is unreachable, unannounced, for this long [002 §5.8].'),
    admissibility: admissibilitySchema.optional().describe("Overrides the regulation's admissibility rules at this level."),
    committee: z
      .object({
        members: z.number().int().positive().describe('How many members hear a complaint.'),
        independentChair: z.boolean().describe("The chair works neither for the organisation nor for the respondent's employer (Jeugdwet 4.2.1)."),
        source,
      })
      .strict()
      .optional()
      .describe('The composition of the committee that handles this level.'),
    source,
  })
  .strict();
export type Level = z.infer<typeof levelSchema>;

// ---------------------------------------------------------------- the regulation

export const regulationSchema = z
  .object({
    $schema: z.string().optional(),
    id,
    version: z.number().int().positive().describe('A case keeps the version it started under.'),
    name: text,
    organisationType: z.enum(['municipality', 'care-provider', 'social-team', 'youth-care', 'other']),
    adoptedOn: isoDate.optional(),
    description: z.string().optional().describe('What the regulation does, in English.'),
    descriptionNl: z.string().optional().describe('The same in Dutch (B1), shown on the Dutch pages.'),
    regimes: z
      .array(z.object({ law: z.enum(LAW_REGIMES), source }).strict())
      .default([])
      .describe('Laws that bind the organisation; the check warns where the regulation falls below them.'),
    documents: z
      .array(z.object({ id: text, title: text, url: z.string().url().optional() }).strict())
      .default([])
      .describe('The texts the sources cite.'),
    kinds: z.array(kindRuleSchema).min(1),
    anonymous: z
      .object({ becomes: z.enum(['signal', 'complaint', 'not-accepted']), source })
      .strict()
      .optional(),
    complainantRoles: z
      .object({ allowed: z.array(z.enum(ALL_COMPLAINANT_ROLES)).min(1), source })
      .strict()
      .optional(),
    intake: z
      .object({
        channels: z.array(z.enum(CHANNELS)).min(1),
        writtenSignatureRequired: z.boolean().default(false).describe('A written complaint must be signed; an unsigned one is asked to be repaired (Awb 9:4, Awb 4:5).'),
        representativeAuthorisationRequired: z
          .boolean()
          .optional()
          .describe('A representative or authorised person shows a written authorisation; without it the complainant is asked to repair (Awb 2:1, Awb 4:5).'),
        perKind: z
          .array(z.object({ kind: z.enum(CASE_KINDS), channels: z.array(z.enum(CHANNELS)).min(1), source }).strict())
          .optional()
          .describe('Channels allowed for one kind of case, e.g. complaints in writing only.'),
        repairTerm: termSchema.optional().describe('The term to repair what is missing (Awb 4:5); 2 weeks from receipt when absent.'),
        free: z.boolean().default(true),
        source,
      })
      .strict()
      .optional(),
    domains: z
      .array(z.object({ id, name: text.describe('How the form names it, e.g. "Jeugdhulp".'), source }).strict())
      .optional()
      .describe('The domains a case may belong to (e.g. youth care, Wmo); a level may apply to some of them only.'),
    levels: z.array(levelSchema).min(1).describe('The ladder, lowest first.'),
    reopening: z
      .object({
        onlyWithNewFacts: z.boolean().describe('A closed case is reopened, and a repeated complaint handled, only when new facts or circumstances are stated.'),
        source,
      })
      .strict()
      .optional()
      .describe('When a case that was handled may be handled again.'),
    admissibility: admissibilitySchema.default({ timeLimits: [], grounds: [] }),
    letters: z
      .array(
        z
          .object({
            kind: z.enum(LETTER_KINDS),
            to: z.array(z.enum(['complainant', 'respondent'])).min(1),
            names: z.array(id).default([]).describe('Contact ids named in the letter, e.g. the ombudsman.'),
            levels: z.array(id).optional().describe('Only at these levels; at every level when absent.'),
            text: letterTextSchema
              .optional()
              .describe(
                "The organisation's own words in this letter to these recipients, beside the product's standard text (which keeps the terms and the route to the ombudsman or committee).",
              ),
            parts: z
              .array(z.enum(DECISION_PARTS))
              .min(1)
              .optional()
              .describe(
                'Decision letters only: the parts of the decision these recipients read (and see on their case page); every part when no decision letter rule names parts. The complainant always reads the motivation (Awb 9:12).',
              ),
            source,
          })
          .strict(),
      )
      .default([]),
    contacts: z.array(contactSchema).default([]),
    confidants: z
      .object({ allowed: z.boolean().describe('Whether a confidant may be given access at all.'), source })
      .strict()
      .optional()
      .describe(
        "A confidant (vertrouwenspersoon) who helps the complainant word the complaint or prepare a hearing: with the complainant's recorded consent the confidant sees the shared documents, the letters to the complainant and the process, never internal notes. Allowed when absent.",
      ),
    referrals: z
      .array(
        z
          .object({
            id,
            name: text.describe('Where the person can go, e.g. "Meldpunt openbare ruimte".'),
            contactId: id.optional().describe('A contact of this regulation that the letter names.'),
            url: z.string().url().optional(),
            email: z.string().email().optional(),
            phone: text.optional(),
            source,
          })
          .strict(),
      )
      .optional()
      .describe(
        'Routes for what is not a complaint (a report of something broken in the street, a request for help): the case is referred there with a letter and ends as referred; reports count it apart.',
      ),
    retention: z
      .object({ length: z.number().int().positive(), unit: z.enum(['months', 'years']), from: z.literal('closed'), source })
      .strict()
      .default({ length: 5, unit: 'years', from: 'closed', source: '[000 §3.8] (product default: 5 years after closing)' })
      .describe('How long a closed dossier is kept; 5 years after closing when the regulation says nothing.'),
    reports: z
      .array(
        z
          .object({
            period: z.enum(['year', 'half-year']),
            to: z.enum(['public', 'internal', 'municipality', 'board']),
            dueBefore: z.array(monthDay).default([]),
            source,
          })
          .strict(),
      )
      .default([]),
    categories: z
      .array(z.object({ id: z.enum(CATEGORY_IDS), name: text, source }).strict())
      .min(1)
      .default([{ id: 'other', name: 'Overig', source: '(product default: one category when the regulation names none)' }])
      .describe('The nature of complaints, for the reports; a single "other" when the regulation names none.'),
  })
  .strict()
  .superRefine((reg, ctx) => {
    const levelIndex = new Map<string, number>();
    reg.levels.forEach((level, i) => {
      if (levelIndex.has(level.id)) ctx.addIssue({ code: 'custom', path: ['levels', i, 'id'], message: `duplicate level id "${level.id}"` });
      levelIndex.set(level.id, i);
    });
    const contactIds = new Set(reg.contacts.map((c) => c.id));
    const kinds = new Set(reg.kinds.map((k) => k.kind));

    unique(
      reg.kinds.map((k) => k.kind),
      ['kinds'],
      'kind',
      ctx,
    );
    const domainIds = new Set((reg.domains ?? []).map((d) => d.id));
    unique(
      (reg.domains ?? []).map((d) => d.id),
      ['domains'],
      'id',
      ctx,
    );
    unique(
      reg.contacts.map((c) => c.id),
      ['contacts'],
      'id',
      ctx,
    );
    unique(
      reg.categories.map((c) => c.id),
      ['categories'],
      'id',
      ctx,
    );
    unique(
      reg.admissibility.grounds.map((g) => g.code),
      ['admissibility', 'grounds'],
      'code',
      ctx,
    );

    reg.kinds.forEach((k, i) => {
      if (k.kind === 'objection' && !contactIds.has(k.referTo)) {
        ctx.addIssue({ code: 'custom', path: ['kinds', i, 'referTo'], message: `no contact with id "${k.referTo}"` });
      }
      if (k.kind === 'objection' && k.term.from !== 'decision-date') {
        ctx.addIssue({ code: 'custom', path: ['kinds', i, 'term', 'from'], message: 'the objection term runs from the decision date' });
      }
    });
    if (reg.anonymous && reg.anonymous.becomes === 'signal' && !kinds.has('signal')) {
      ctx.addIssue({ code: 'custom', path: ['anonymous', 'becomes'], message: 'anonymous reports become signals, but the regulation accepts no kind "signal"' });
    }
    if (!reg.levels.some((l) => l.entry)) {
      ctx.addIssue({ code: 'custom', path: ['levels'], message: 'at least one level must accept new cases (entry: true)' });
    }
    // Every domain needs a level where its cases start.
    (reg.domains ?? []).forEach((d, i) => {
      if (reg.levels.some((l) => l.entry) && !reg.levels.some((l) => l.entry && (!l.domains || l.domains.includes(d.id)))) {
        ctx.addIssue({ code: 'custom', path: ['domains', i, 'id'], message: `no level where a case of domain "${d.id}" starts (entry: true)` });
      }
    });

    reg.levels.forEach((level, i) => {
      level.escalatesTo.forEach((target, j) => {
        const t = levelIndex.get(target);
        if (t === undefined) ctx.addIssue({ code: 'custom', path: ['levels', i, 'escalatesTo', j], message: `no level with id "${target}"` });
        else if (t <= i) ctx.addIssue({ code: 'custom', path: ['levels', i, 'escalatesTo', j], message: `"${target}" is not higher in the ladder than "${level.id}"` });
      });
      if (level.contactId && !contactIds.has(level.contactId)) {
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'contactId'], message: `no contact with id "${level.contactId}"` });
      }
      level.kinds.forEach((k, j) => {
        if (!kinds.has(k)) ctx.addIssue({ code: 'custom', path: ['levels', i, 'kinds', j], message: `the regulation does not accept kind "${k}"` });
      });
      if (level.extension?.allowed && !level.extension.maxWeeks) {
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'extension', 'maxWeeks'], message: 'an allowed extension needs its maximum' });
      }
      if ((level.extension?.allowed || level.extension?.furtherWithWrittenConsent) && !level.terms.decision?.length) {
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'extension'], message: 'an extension extends the decision term, which this level lacks' });
      }
      if (level.hearing && level.hearing.mode !== 'required' && level.hearing.skipGrounds.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'hearing', 'skipGrounds'], message: 'skip grounds only matter when hearing is required' });
      }
      const notFor = level.hearing?.notRequiredFor;
      if (notFor && level.hearing?.mode !== 'required') {
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'hearing', 'notRequiredFor'], message: 'a condition on the hearing only matters when hearing is required' });
      }
      if (notFor && level.outcomes && !notFor.outcomes.some((o) => level.outcomes!.includes(o))) {
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'hearing', 'notRequiredFor', 'outcomes'], message: `none of these outcomes may be given at level "${level.id}"` });
      }
      for (const [name, term] of Object.entries(level.terms)) {
        if (term?.from === 'decision-date') {
          ctx.addIssue({ code: 'custom', path: ['levels', i, 'terms', name, 'from'], message: 'a level term cannot run from a decision date' });
        }
      }
      unique(
        (level.namedTerms ?? []).map((t) => t.id),
        ['levels', i, 'namedTerms'],
        'id',
        ctx,
      );
      (level.namedTerms ?? []).forEach((term, j) => {
        if (term.from === 'decision-date') ctx.addIssue({ code: 'custom', path: ['levels', i, 'namedTerms', j, 'from'], message: 'a level term cannot run from a decision date' });
        if (term.from === term.metBy) ctx.addIssue({ code: 'custom', path: ['levels', i, 'namedTerms', j, 'from'], message: 'a term cannot run from the event that meets it' });
      });
      level.domains?.forEach((d, j) => {
        if (!domainIds.has(d)) ctx.addIssue({ code: 'custom', path: ['levels', i, 'domains', j], message: `no domain with id "${d}"` });
      });
      // Oversight sees process data only: it can neither coordinate nor handle a case.
      if (level.coordinator?.role === 'oversight')
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'coordinator', 'role'], message: 'oversight sees process data only and cannot coordinate a case' });
      if (level.ifRespondentIsHandler?.handlerRole === 'oversight')
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'ifRespondentIsHandler', 'handlerRole'], message: 'oversight sees process data only and cannot handle a case' });
      if (level.coordinator && level.coordinator.role === level.handlerRole) {
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'coordinator', 'role'], message: `the coordinator must be another role than the handler "${level.handlerRole}"` });
      }
      if (level.ifRespondentIsHandler && level.ifRespondentIsHandler.handlerRole === level.handlerRole) {
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'ifRespondentIsHandler', 'handlerRole'], message: `the next handler must be another role than "${level.handlerRole}"` });
      }
      if (level.admissibility)
        unique(
          level.admissibility.grounds.map((g) => g.code),
          ['levels', i, 'admissibility', 'grounds'],
          'code',
          ctx,
        );
    });

    unique(
      (reg.referrals ?? []).map((r) => r.id),
      ['referrals'],
      'id',
      ctx,
    );
    (reg.referrals ?? []).forEach((r, i) => {
      if (r.contactId && !contactIds.has(r.contactId)) ctx.addIssue({ code: 'custom', path: ['referrals', i, 'contactId'], message: `no contact with id "${r.contactId}"` });
      if (!r.contactId && !r.url && !r.email && !r.phone)
        ctx.addIssue({ code: 'custom', path: ['referrals', i], message: 'a referral route needs a contactId, url, email or phone the letter can name' });
    });

    reg.letters.forEach((letter, i) => {
      letter.names.forEach((n, j) => {
        if (!contactIds.has(n)) ctx.addIssue({ code: 'custom', path: ['letters', i, 'names', j], message: `no contact with id "${n}"` });
      });
      letter.levels?.forEach((l, j) => {
        if (!levelIndex.has(l)) ctx.addIssue({ code: 'custom', path: ['letters', i, 'levels', j], message: `no level with id "${l}"` });
      });
      if (letter.parts && letter.kind !== 'decision') ctx.addIssue({ code: 'custom', path: ['letters', i, 'parts'], message: 'only a decision letter has parts' });
      if (letter.parts && letter.to.includes('complainant') && !letter.parts.includes('motivation')) {
        ctx.addIssue({ code: 'custom', path: ['letters', i, 'parts'], message: 'the complainant always reads the motivation (Awb 9:12)' });
      }
    });
  });

function unique(values: readonly string[], path: (string | number)[], field: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [...path, i, field], message: `duplicate ${field} "${v}"` });
    seen.add(v);
  });
}

/** A validated regulation, defaults filled in. */
export type Regulation = z.infer<typeof regulationSchema>;
/** A regulation as written in a file (defaults may be left out). */
export type RegulationInput = z.input<typeof regulationSchema>;

export interface RegulationIssue {
  /** The path of the wrong field, e.g. `levels[2].terms.decision.unit`. */
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

/** Validate unknown data as a regulation; every issue names the path of the wrong field. */
export function parseRegulation(data: unknown): { ok: true; regulation: Regulation } | { ok: false; issues: RegulationIssue[] } {
  const result = regulationSchema.safeParse(data);
  if (result.success) return { ok: true, regulation: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  };
}

/** The JSON Schema (draft 2020-12) of a regulation file, for editors. */
export function regulationJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(regulationSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://klachtwijzer.nl/schemas/regulation.schema.json',
    title: 'Klachtwijzer complaint regulation',
  };
}
