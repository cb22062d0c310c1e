/**
 * The case lifecycle as pure data and one reducer.
 *
 * `applyEvent` checks an event against the case's state and its regulation and
 * returns the next state plus the letters to send, or a refusal with a kebab-case
 * code (the server answers 409). `allowedEvents` lists what may happen now. The
 * rules follow the regulations: hearing before deciding where required [004 §6.5,
 * Awb 9:10], four-eyes approval by another person [001 §1D], one extension and
 * then only with written consent [Awb 9:11], ending for unreachability only after
 * the regulation's period [002 §5.8], reopening only with new circumstances [000 §3.6].
 */
import { amsterdamDate, dutchCalendar, maxDate, type IsoDate } from './calendar.ts';
import { caseEventSchema, caseFactsSchema, EVENT_TYPES, segments, type CaseEvent, type CaseFacts, type CaseState, type EventType, type RecordedEvent } from './case.ts';
import { computeDeadlines, currentTermEvents } from './deadlines.ts';
import { formatPath, type AdmissibilityRules, type CaseKind, type IntakeMissing, type Level, type LetterKind, type Regulation, type Role } from './regulation.schema.ts';
import { STATUSES, type Status } from './status.ts';
import { COMPLAINANT_ROLES } from './vocabulary.ts';

export { STATUSES, STATUS_IDS, isEnded, type Status } from './status.ts';

/** A refused event: `reason` in English (the API's message), `reasonNl` the same in plain Dutch (B1) for the web app. */
export type Refusal = { ok: false; code: string; reason: string; reasonNl: string };
export type Transition = { ok: true; state: CaseState; letters: LetterKind[] };
export type LifecycleResult = Transition | Refusal;

const refuse = (code: string, reason: string, reasonNl: string): Refusal => ({ ok: false, code, reason, reasonNl });

// Dutch words for codes in refusals (as the web app names them).
const KIND_NL: Record<CaseKind, string> = {
  compliment: 'compliment',
  dissatisfaction: 'melding van onvrede',
  complaint: 'klacht',
  signal: 'signaal',
  objection: 'bezwaar',
};
const EVENT_NL: Record<EventType, string> = {
  acknowledged: 'ontvangst bevestigen',
  contacted: 'contact opnemen',
  'admissibility-decided': 'beslissen over ontvankelijkheid',
  'hearing-scheduled': 'hoorzitting plannen',
  'hearing-held': 'hoorzitting houden',
  'hearing-skipped': 'afzien van horen',
  mediation: 'bemiddelen',
  decided: 'oordeel geven',
  'decision-approved': 'oordeel goedkeuren',
  'decision-returned': 'oordeel terugsturen',
  extended: 'termijn verlengen',
  paused: 'termijn opschorten',
  resumed: 'termijn hervatten',
  escalated: 'doorzetten naar een hoger niveau',
  withdrawn: 'intrekken',
  'complainant-unreachable': 'beëindigen omdat de klager onbereikbaar is',
  closed: 'sluiten',
  reopened: 'heropenen',
  transferred: 'overdragen',
  repaired: 'aanvulling ontvangen',
  advised: 'advies geven',
  referred: 'doorverwijzen',
};
const OUTCOME_NL: Record<string, string> = {
  'well-founded': 'gegrond',
  'partly-well-founded': 'deels gegrond',
  unfounded: 'ongegrond',
  resolved: 'opgelost',
  'no-judgement': 'geen oordeel',
};
const outcomeNl = (o: string) => OUTCOME_NL[o] ?? o;
const statusNl = (s: Status) => STATUSES[s].label;

/** Whether the case's terms are running now (status and pause). */
export function isClockRunning(state: CaseState): boolean {
  return STATUSES[state.status].clockRunning && !state.paused;
}

// ---------------------------------------------------------------- transition tables

const ACTIVE: readonly Status[] = ['received', 'acknowledged', 'in-progress', 'hearing-scheduled'];

/** The statuses each event may happen in. */
export const EVENT_FROM: Record<EventType, readonly Status[]> = {
  acknowledged: ['received'],
  contacted: [...ACTIVE],
  'admissibility-decided': [...ACTIVE, 'awaiting-repair'],
  'hearing-scheduled': [...ACTIVE],
  'hearing-held': [...ACTIVE],
  'hearing-skipped': [...ACTIVE],
  mediation: ['received', 'acknowledged', 'in-progress'],
  decided: [...ACTIVE],
  'decision-approved': ['decision-pending-approval'],
  'decision-returned': ['decision-pending-approval'],
  extended: [...ACTIVE, 'decision-pending-approval'],
  paused: [...ACTIVE],
  resumed: [...ACTIVE, 'decision-pending-approval'],
  escalated: [...ACTIVE, 'decision-pending-approval', 'decided', 'closed', 'inadmissible'],
  withdrawn: [...ACTIVE, 'decision-pending-approval', 'decided', 'awaiting-repair'],
  'complainant-unreachable': [...ACTIVE],
  closed: ['decided'],
  reopened: ['closed', 'withdrawn', 'ended-unreachable'],
  transferred: ['received', 'acknowledged', 'in-progress'],
  repaired: ['awaiting-repair'],
  advised: [...ACTIVE],
  referred: ['received', 'acknowledged', 'in-progress', 'awaiting-repair'],
};

/** The events each kind of case knows; a compliment is passed on and closed [000 §2]. */
export const KIND_EVENTS: Record<CaseKind, readonly EventType[]> = {
  complaint: EVENT_TYPES,
  dissatisfaction: [
    'repaired',
    'acknowledged',
    'contacted',
    'mediation',
    'decided',
    'escalated',
    'withdrawn',
    'complainant-unreachable',
    'closed',
    'reopened',
    'transferred',
    'referred',
  ],
  compliment: ['acknowledged', 'closed', 'transferred'],
  signal: ['acknowledged', 'contacted', 'closed', 'escalated', 'transferred', 'referred'],
  objection: [],
};

/** Kinds that are closed straight from intake, without a decision. */
const CLOSE_WITHOUT_DECISION: readonly CaseKind[] = ['compliment', 'signal'];

/** While paused, only these may happen. */
const WHILE_PAUSED: readonly EventType[] = ['resumed', 'contacted', 'withdrawn', 'transferred', 'escalated'];

const EVENT_LETTERS: Partial<Record<EventType, readonly LetterKind[]>> = {
  acknowledged: ['acknowledgement', 'complaint-copy'],
  'hearing-scheduled': ['hearing-invitation'],
  'hearing-held': ['hearing-report'],
  extended: ['extension'],
  withdrawn: ['withdrawal'],
  'complainant-unreachable': ['unreachable'],
  transferred: ['referral'],
  referred: ['referral'],
};

// ---------------------------------------------------------------- helpers

export function currentLevel(regulation: Regulation, state: Pick<CaseState, 'level'>): Level | undefined {
  return regulation.levels.find((l) => l.id === state.level);
}

/** Who handles the case at its current level, and whether the regulation moved it there for independence (issue 9 §2.5). */
export function handlerAt(
  regulation: Regulation,
  state: Pick<CaseState, 'level' | 'handler'>,
): { role: Role; moved: boolean; source?: string /** The coordinating role beside the handler (issue 12). */; coordinatorRole?: Role } | undefined {
  const level = currentLevel(regulation, state);
  if (!level) return undefined;
  const coordinator = level.coordinator ? { coordinatorRole: level.coordinator.role } : {};
  if (state.handler?.level === level.id) return { role: state.handler.role, moved: true, source: state.handler.source, ...coordinator };
  return { role: level.handlerRole, moved: false, ...coordinator };
}

/**
 * Independence by rule (issue 9 §2.5): when one of the respondents holds the handler role of
 * the case's level and the regulation names who handles then, the case moves to that role.
 * `respondentRoles` holds, per respondent who is an employee, their roles in the organisation.
 * Returns the new handler, or undefined when nothing changes.
 */
export function independentHandler(regulation: Regulation, state: CaseState, respondentRoles: readonly (readonly Role[])[]): CaseState['handler'] | undefined {
  const level = currentLevel(regulation, state);
  const rule = level?.ifRespondentIsHandler;
  if (!level || !rule || state.handler?.level === level.id) return undefined;
  if (!respondentRoles.some((roles) => roles.includes(level.handlerRole))) return undefined;
  return { level: level.id, role: rule.handlerRole, source: rule.source };
}

/** The admissibility rules at a level: its own, or the regulation's. */
export function admissibilityRules(regulation: Regulation, levelId: string): AdmissibilityRules {
  return regulation.levels.find((l) => l.id === levelId)?.admissibility ?? regulation.admissibility;
}

/** Which letters the regulation sends for these kinds at this level. */
function lettersFor(regulation: Regulation, levelId: string, kinds: readonly LetterKind[]): LetterKind[] {
  return kinds.filter((kind) => regulation.letters.some((l) => l.kind === kind && (!l.levels || l.levels.includes(levelId))));
}

/** Letter rules (recipients, contacts named, source) for a letter at a level. */
export function letterRules(regulation: Regulation, levelId: string, kind: LetterKind): Regulation['letters'] {
  return regulation.letters.filter((l) => l.kind === kind && (!l.levels || l.levels.includes(levelId)));
}

function currentSegment(state: CaseState) {
  return segments(state).at(-1)!;
}

/** The first day the case may be ended because the complainant cannot be reached. */
export function unreachableEndingFrom(regulation: Regulation, state: CaseState): IsoDate | undefined {
  const rule = currentLevel(regulation, state)?.unreachable;
  if (!rule) return undefined;
  const segment = currentSegment(state);
  let anchor = segment.receivedOn;
  if (rule.from === 'last-contact') {
    for (const e of segment.events) {
      if (e.type === 'contacted' || e.type === 'hearing-held' || e.type === 'mediation') anchor = maxDate(anchor, e.on);
    }
  }
  return dutchCalendar.addDuration(anchor, rule.after.length, rule.after.unit).date;
}

/** Whether a level applies to a case of this domain: a level without domains applies to every case (issue 12). */
export function forDomain(level: Level, domain: string | undefined): boolean {
  return !level.domains || (domain !== undefined && level.domains.includes(domain));
}

/** The kind a case has at a level: dissatisfaction taken up the ladder becomes a complaint [002 §4.4]. */
function kindAt(level: Level, kind: CaseKind): CaseKind | undefined {
  if (level.kinds.includes(kind)) return kind;
  if (kind === 'dissatisfaction' && level.kinds.includes('complaint')) return 'complaint';
  return undefined;
}

/** The levels the case may move up to now. */
export function escalationTargets(regulation: Regulation, state: CaseState): string[] {
  const level = currentLevel(regulation, state);
  if (!level) return [];
  return level.escalatesTo.filter((id) => {
    const target = regulation.levels.find((l) => l.id === id);
    return target !== undefined && kindAt(target, state.kind) !== undefined && forDomain(target, state.facts.domain);
  });
}

/** The outcomes a decision may have without a hearing at a level that requires one (and may give them). */
function outcomesWithoutHearing(level: Level): readonly string[] {
  const notFor = level.hearing?.notRequiredFor?.outcomes ?? [];
  return level.outcomes ? notFor.filter((o) => level.outcomes!.includes(o)) : notFor;
}

/** Heard both parties, or a valid ground to skip it, where the level requires a hearing. */
function checkHeard(level: Level, state: CaseState): Refusal | null {
  if (state.hearing === 'scheduled')
    return refuse(
      'hearing-pending',
      'A hearing is scheduled: hold it or record why it is skipped first.',
      'Er is een hoorzitting gepland. Houd eerst de hoorzitting, of leg vast waarom u afziet van horen.',
    );
  if (level.hearing?.mode === 'required' && state.hearing !== 'held' && state.hearing !== 'skipped') {
    return refuse(
      'hearing-required',
      `Level "${level.id}" hears both parties before advising [${level.hearing.source}].`,
      `Op niveau "${level.id}" worden eerst beide partijen gehoord [${level.hearing.source}].`,
    );
  }
  return null;
}

/**
 * The payload-independent checks: may an event of this type happen now? `on` is
 * the day it would happen; without it, checks that depend on the date pass.
 */
function checkType(regulation: Regulation, state: CaseState, type: EventType, on?: IsoDate): Refusal | null {
  const level = currentLevel(regulation, state);
  if (!level)
    return refuse(
      'unknown-level',
      `The case is at level "${state.level}", which regulation ${regulation.id} v${regulation.version} lacks.`,
      `De zaak staat op niveau "${state.level}". Dat niveau staat niet in regeling ${regulation.id} v${regulation.version}.`,
    );
  if (!KIND_EVENTS[state.kind].includes(type))
    return refuse('not-allowed-for-kind', `A ${state.kind} has no "${type}" event.`, `Bij een ${KIND_NL[state.kind]} kan de stap "${EVENT_NL[type]}" niet.`);
  const from = type === 'closed' && CLOSE_WITHOUT_DECISION.includes(state.kind) ? [...ACTIVE] : EVENT_FROM[type];
  if (!from.includes(state.status))
    return refuse(
      'not-allowed-in-status',
      `"${type}" is not possible while the case is ${state.status}.`,
      `De stap "${EVENT_NL[type]}" kan niet als de zaak de status "${statusNl(state.status)}" heeft.`,
    );
  if (state.paused && !WHILE_PAUSED.includes(type))
    return refuse('case-paused', `The case is paused; resume it before "${type}".`, `De termijn is opgeschort. Hervat eerst de termijn. Daarna kan de stap "${EVENT_NL[type]}".`);

  switch (type) {
    case 'resumed':
      return state.paused ? null : refuse('not-paused', 'The case is not paused.', 'De termijn is niet opgeschort.');
    case 'paused':
      if (!level.pause?.allowed)
        return refuse(
          'pause-not-allowed',
          `Level "${level.id}" does not allow pausing the clock${level.pause ? ` [${level.pause.source}]` : ''}.`,
          `Op niveau "${level.id}" mag u de termijn niet opschorten${level.pause ? ` [${level.pause.source}]` : ''}.`,
        );
      return null;
    case 'hearing-scheduled':
    case 'hearing-held':
      if (!level.hearing || level.hearing.mode === 'none')
        return refuse('hearing-not-provided', `Level "${level.id}" holds no hearings.`, `Op niveau "${level.id}" zijn geen hoorzittingen.`);
      return null;
    case 'hearing-skipped':
      if (level.hearing?.mode !== 'required')
        return refuse(
          'hearing-not-required',
          `Level "${level.id}" does not require a hearing, so there is nothing to skip.`,
          `Op niveau "${level.id}" is een hoorzitting niet verplicht. U hoeft dus niet af te zien van horen.`,
        );
      if (state.hearing === 'held') return refuse('hearing-already-held', 'The hearing has been held.', 'De hoorzitting is al gehouden.');
      // Offered only where it can succeed: without a ground to skip, the hearing is held.
      if ((level.hearing.skipGrounds ?? []).length === 0)
        return refuse(
          'hearing-skip-not-allowed',
          `Level "${level.id}" gives no ground to skip the hearing [${level.hearing.source}].`,
          `Op niveau "${level.id}" is er geen reden waarom u mag afzien van horen [${level.hearing.source}].`,
        );
      return null;
    case 'referred':
      // Offered only where the regulation names where to refer to [issue 9 §2.9].
      if (!regulation.referrals?.length)
        return refuse('no-referral-routes', 'The regulation names no route to refer to.', 'De regeling noemt geen plek om naar door te verwijzen.');
      return null;
    case 'mediation':
      if (!level.mediation?.available)
        return refuse('mediation-not-available', `Level "${level.id}" offers no mediation.`, `Op niveau "${level.id}" is geen bemiddeling mogelijk.`);
      return null;
    case 'advised':
      if (level.gives !== 'advice') return refuse('level-decides', `Level "${level.id}" decides; it gives no advice.`, `Niveau "${level.id}" beslist zelf en geeft geen advies.`);
      if (state.advice) return refuse('advice-given', 'The advice has been given at this level.', 'Op dit niveau is het advies al gegeven.');
      return checkHeard(level, state);
    case 'decided':
      if (level.gives === 'advice' && !state.advice)
        return refuse(
          'advice-pending',
          `Level "${level.id}" advises: the board decides after the advice [${level.source}].`,
          `Op niveau "${level.id}" komt eerst een advies. Daarna beslist het bestuur [${level.source}].`,
        );
      if (level.gives === 'advice') return null;
      if (state.hearing === 'scheduled')
        return refuse(
          'hearing-pending',
          'A hearing is scheduled: hold it or record why it is skipped before deciding.',
          'Er is een hoorzitting gepland. Houd eerst de hoorzitting, of leg vast waarom u afziet van horen. Daarna kunt u een oordeel geven.',
        );
      if (level.hearing?.mode === 'required' && state.hearing !== 'held' && state.hearing !== 'skipped') {
        // A decision that needs no hearing (e.g. solved at once) can still succeed; the outcome is checked with the event.
        if (outcomesWithoutHearing(level).length > 0) return null;
        return refuse(
          'hearing-required',
          `Level "${level.id}" requires hearing both parties before deciding, or a valid ground to skip it [${level.hearing.source}].`,
          `Op niveau "${level.id}" moet u eerst beide partijen horen. Daarna kunt u een oordeel geven. Dit hoeft alleen niet als er een geldige reden is om af te zien van horen [${level.hearing.source}].`,
        );
      }
      return null;
    case 'extended':
      if (!level.terms.decision?.length)
        return refuse(
          'extension-not-allowed',
          `Level "${level.id}" has no decision term to extend.`,
          `Op niveau "${level.id}" is er geen termijn voor het oordeel. U kunt dus niets verlengen.`,
        );
      if (!level.extension?.allowed && !level.extension?.furtherWithWrittenConsent) {
        return refuse(
          'extension-not-allowed',
          `Level "${level.id}" does not allow extending the decision term${level.extension ? ` [${level.extension.source}]` : ''}.`,
          `Op niveau "${level.id}" mag u de termijn voor het oordeel niet verlengen${level.extension ? ` [${level.extension.source}]` : ''}.`,
        );
      }
      return null;
    case 'escalated':
      if (level.escalatesTo.length === 0) return refuse('no-higher-level', `Level "${level.id}" is the top of the ladder.`, `Niveau "${level.id}" is het hoogste niveau.`);
      if (escalationTargets(regulation, state).length === 0)
        return refuse(
          'no-higher-level',
          `No level above "${level.id}" handles a ${state.kind}.`,
          `Er is geen hoger niveau dan "${level.id}" dat een ${KIND_NL[state.kind]} behandelt.`,
        );
      return null;
    case 'complainant-unreachable': {
      if (!level.unreachable)
        return refuse(
          'not-in-regulation',
          `Level "${level.id}" has no rule for ending a case when the complainant is unreachable.`,
          `Niveau "${level.id}" heeft geen regel om een zaak te beëindigen als de klager onbereikbaar is.`,
        );
      const earliest = unreachableEndingFrom(regulation, state);
      if (on && earliest && on < earliest) {
        return refuse(
          'unreachable-too-early',
          `The case may be ended for unreachability from ${earliest} on [${level.unreachable.source}].`,
          `U mag de zaak pas vanaf ${earliest} beëindigen omdat de klager onbereikbaar is [${level.unreachable.source}].`,
        );
      }
      return null;
    }
    case 'admissibility-decided':
      if (state.admissibility && !admissibilityRules(regulation, level.id).grounds.some((g) => g.stopsHandling)) {
        return refuse('admissibility-already-decided', 'Admissibility has been decided at this level.', 'Op dit niveau is al beslist over de ontvankelijkheid.');
      }
      return null;
    default:
      return null;
  }
}

/** The event types possible now. Pass `now` to apply the date-bound rules as well. */
export function allowedEvents(regulation: Regulation, state: CaseState, now?: Date | string): EventType[] {
  const on = now === undefined ? undefined : amsterdamDate(now);
  return EVENT_TYPES.filter((type) => checkType(regulation, state, type, on) === null);
}

// ---------------------------------------------------------------- creating a case

const CHANNEL_NL: Record<string, string> = { web: 'het webformulier', email: 'e-mail', post: 'de post', phone: 'de telefoon', 'in-person': 'een gesprek aan de balie' };

/** What the regulation requires at intake and the facts lack: to be repaired within a term (Awb 4:5). */
export function missingAtIntake(regulation: Regulation, facts: CaseFacts): IntakeMissing[] {
  const rules = regulation.intake;
  if (!rules) return [];
  const out: IntakeMissing[] = [];
  const written = facts.channel === 'post' || facts.channel === 'email' || facts.channel === 'web';
  if (rules.writtenSignatureRequired && written && facts.signed === false) out.push('signature');
  const represented = facts.complainant?.role === 'legal-representative' || facts.complainant?.role === 'authorised-person';
  if (rules.representativeAuthorisationRequired && represented && facts.authorisation !== true) out.push('authorisation');
  return out;
}

/** What the regulation lists at intake is enforced, not only listed: the channels and the complainant's roles. */
export function intakeRefusal(regulation: Regulation, facts: CaseFacts): Refusal | null {
  const perKind = regulation.intake?.perKind?.find((k) => k.kind === facts.kind);
  if (facts.channel && perKind && !perKind.channels.includes(facts.channel)) {
    return refuse(
      'channel-not-accepted',
      `Regulation ${regulation.id} accepts a ${facts.kind} by ${perKind.channels.join(', ')}, not by ${facts.channel} [${perKind.source}].`,
      `Regeling ${regulation.id} neemt een ${KIND_NL[facts.kind]} aan via ${perKind.channels.map((c) => CHANNEL_NL[c] ?? c).join(', ')}, niet via ${CHANNEL_NL[facts.channel] ?? facts.channel} [${perKind.source}].`,
    );
  }
  const channels = regulation.intake?.channels;
  if (facts.channel && channels && !channels.includes(facts.channel)) {
    return refuse(
      'channel-not-accepted',
      `Regulation ${regulation.id} accepts cases by ${channels.join(', ')}, not by ${facts.channel} [${regulation.intake!.source}].`,
      `Regeling ${regulation.id} neemt zaken aan via ${channels.map((c) => CHANNEL_NL[c] ?? c).join(', ')}, niet via ${CHANNEL_NL[facts.channel] ?? facts.channel} [${regulation.intake!.source}].`,
    );
  }
  // A regulation that names no roles accepts the default ones, as before the youth-care roles existed.
  const roles: readonly string[] = regulation.complainantRoles?.allowed ?? COMPLAINANT_ROLES;
  if (facts.complainant && !roles.includes(facts.complainant.role)) {
    return refuse(
      'complainant-role-not-accepted',
      `Under regulation ${regulation.id} a complaint is filed by ${roles.join(', ')}, not by ${facts.complainant.role} [${regulation.complainantRoles?.source ?? 'the default roles'}].`,
      `Onder regeling ${regulation.id} kan een klacht worden ingediend door: ${roles.join(', ')}. Niet door: ${facts.complainant.role} [${regulation.complainantRoles?.source ?? 'de standaardrollen'}].`,
    );
  }
  return null;
}

/**
 * A new case from its intake facts. An anonymous complaint becomes a signal where
 * the regulation says so [002 §2.5]; an objection is referred at once [000 §1].
 */
export function createCase(
  regulation: Regulation,
  facts: CaseFacts,
  options: {
    level?: string;
    /** false for a warm handover: the case came in elsewhere. */ intakeRules?: boolean;
    /** Per respondent who is an employee, their roles in the organisation (independence by rule, issue 9 §2.5). */
    respondentRoles?: readonly (readonly Role[])[];
  } = {},
): LifecycleResult {
  const parsed = caseFactsSchema.safeParse(facts);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse('invalid-facts', `${formatPath(issue.path)}: ${issue.message}`, `Dit gegeven klopt niet: ${formatPath(issue.path)} (${issue.message}).`);
  }
  let kind: CaseKind = parsed.data.kind;
  let reclassifiedFrom: CaseKind | undefined;
  const anonymous = !parsed.data.complainant;
  if (anonymous && (kind === 'complaint' || kind === 'dissatisfaction') && regulation.anonymous?.becomes === 'signal') {
    reclassifiedFrom = kind;
    kind = 'signal';
  }
  if (!regulation.kinds.some((k) => k.kind === kind)) {
    return refuse('kind-not-accepted', `Regulation ${regulation.id} does not accept a ${kind}.`, `Regeling ${regulation.id} neemt geen ${KIND_NL[kind]} aan.`);
  }
  if (options.intakeRules !== false) {
    const refusal = intakeRefusal(regulation, parsed.data);
    if (refusal) return refusal;
  }
  // Compliments, signals and objections stand beside the ladder: they need no level that handles them.
  const besideLadder = kind === 'compliment' || kind === 'signal' || kind === 'objection';
  const channel = parsed.data.channel;
  const requested = parsed.data.formalRequested === true && !besideLadder;
  const domain = parsed.data.domain;
  if (domain !== undefined && !(regulation.domains ?? []).some((d) => d.id === domain))
    return refuse(
      'domain-not-in-regulation',
      `Regulation ${regulation.id} has no domain "${domain}"${regulation.domains?.length ? `; domains: ${regulation.domains.map((d) => d.id).join(', ')}` : ''}.`,
      `Regeling ${regulation.id} kent het domein "${domain}" niet.`,
    );
  // A level for some domains only is for cases of those domains (issue 12).
  const byDomain = (l: Level) => forDomain(l, domain);
  const onRequest = regulation.levels.find((l) => l.entryOnRequest && l.kinds.includes(kind) && byDomain(l));
  if (requested && !onRequest)
    return refuse(
      'formal-request-not-allowed',
      `Regulation ${regulation.id} does not let the complainant skip the informal level${domain ? ` for ${domain}` : ''}.`,
      `Regeling ${regulation.id} kent geen formele behandeling direct op verzoek van de klager${domain ? ` bij "${domain}"` : ''}.`,
    );
  // Where a case starts may depend on how it came in (e.g. oral with the person addressed, written with the manager).
  const byChannel = (l: Level) => !l.entryChannels || !channel || l.entryChannels.includes(channel);
  const level = options.level
    ? regulation.levels.find((l) => l.id === options.level)
    : requested
      ? onRequest
      : (regulation.levels.find((l) => l.entry && l.kinds.includes(kind) && byChannel(l) && byDomain(l)) ??
        regulation.levels.find((l) => l.entry && byDomain(l)) ??
        (besideLadder ? regulation.levels.find((l) => l.entry) : undefined));
  if (!level && !options.level && domain === undefined && regulation.domains?.length)
    return refuse(
      'domain-required',
      `Every level of regulation ${regulation.id} that starts a case is for some domains only: name the domain (${regulation.domains.map((d) => d.id).join(', ')}).`,
      `Bij regeling ${regulation.id} hoort elke zaak bij een domein. Kies het domein.`,
    );
  if (!level && !options.level)
    return refuse(
      'level-not-for-domain',
      `Regulation ${regulation.id} has no level where a case of ${domain} starts.`,
      `Regeling ${regulation.id} heeft geen niveau waar een zaak van "${domain}" begint.`,
    );
  if (!level) return refuse('unknown-level', `Regulation ${regulation.id} has no level "${options.level}".`, `Regeling ${regulation.id} heeft geen niveau "${options.level}".`);
  if (!besideLadder && !byDomain(level))
    return refuse(
      'level-not-for-domain',
      `Level "${level.id}" handles only cases of ${level.domains!.join(', ')}${domain ? `, not ${domain}` : ''} [${level.source}].`,
      `Niveau "${level.id}" behandelt alleen zaken van: ${level.domains!.join(', ')} [${level.source}].`,
    );
  const mayEnter = level.entry || (requested && level.entryOnRequest === true);
  if (kind !== 'objection' && !mayEnter)
    return refuse(
      'level-not-entry',
      `A case cannot start at level "${level.id}"; it needs the levels below first.`,
      `Een zaak kan niet beginnen op niveau "${level.id}". De zaak moet eerst langs de lagere niveaus.`,
    );
  if (!besideLadder && !level.kinds.includes(kind)) {
    return refuse('kind-not-at-level', `Level "${level.id}" does not handle a ${kind}.`, `Niveau "${level.id}" behandelt geen ${KIND_NL[kind]}.`);
  }
  const missing = options.intakeRules === false || besideLadder ? [] : missingAtIntake(regulation, parsed.data);
  const state: CaseState = {
    regulation: { id: regulation.id, version: regulation.version },
    kind,
    ...(reclassifiedFrom ? { reclassifiedFrom } : {}),
    facts: { ...parsed.data, kind, ...(missing.length && { missing }) },
    status: kind === 'objection' ? 'referred' : missing.length ? 'awaiting-repair' : 'received',
    startLevel: level.id,
    level: level.id,
    paused: false,
    hearing: 'none',
    events: [],
  };
  const handler = independentHandler(regulation, state, options.respondentRoles ?? []);
  if (handler) state.handler = handler;
  // Never a silent acceptance, never a refusal without a letter: what is missing is asked for in writing (Awb 4:5).
  return { ok: true, state, letters: kind === 'objection' ? lettersFor(regulation, level.id, ['referral']) : missing.length ? ['repair-request'] : [] };
}

// ---------------------------------------------------------------- the reducer

/**
 * Apply one event to a case. `now` is the instant it is recorded; the event's
 * optional `on` backdates it (never before the last event, never after today).
 */
export function applyEvent(regulation: Regulation, state: CaseState, input: CaseEvent | unknown, now: Date | string): LifecycleResult {
  if (state.regulation.id !== regulation.id || state.regulation.version !== regulation.version) {
    return refuse(
      'regulation-mismatch',
      `The case runs under ${state.regulation.id} v${state.regulation.version}, not ${regulation.id} v${regulation.version}.`,
      `De zaak valt onder ${state.regulation.id} v${state.regulation.version}, niet onder ${regulation.id} v${regulation.version}.`,
    );
  }
  const parsed = caseEventSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse('invalid-event', `${formatPath(issue.path)}: ${issue.message}`, `Dit gegeven klopt niet: ${formatPath(issue.path)} (${issue.message}).`);
  }
  const event = parsed.data;
  const recordedAt = typeof now === 'string' ? now : now.toISOString();
  const today = amsterdamDate(now);
  const on = event.on ?? today;
  const last = state.events.at(-1)?.on ?? state.facts.receivedOn;
  if (on > today) return refuse('event-in-future', `The event's day ${on} is after today, ${today}.`, `De datum van de stap (${on}) ligt na vandaag (${today}).`);
  if (on < last)
    return refuse(
      'event-out-of-order',
      `The event's day ${on} is before the last event in the timeline, ${last}.`,
      `De datum van de stap (${on}) ligt vóór de laatste stap in de tijdlijn (${last}).`,
    );

  const refusal = checkType(regulation, state, event.type, on);
  if (refusal) return refusal;
  const level = currentLevel(regulation, state)!;
  const recorded = { ...event, on, recordedAt } as RecordedEvent;
  const next: CaseState = { ...state, events: [...state.events, recorded] };
  let letterKinds: readonly LetterKind[] = EVENT_LETTERS[event.type] ?? [];

  switch (event.type) {
    case 'acknowledged':
      next.status = 'acknowledged';
      break;
    case 'contacted':
    case 'mediation':
      if (next.status === 'received' || next.status === 'acknowledged') next.status = 'in-progress';
      break;
    case 'admissibility-decided': {
      const rules = admissibilityRules(regulation, level.id);
      const grounds = event.grounds ?? [];
      if (event.admissible) {
        if (state.admissibility)
          return refuse('admissibility-already-decided', 'Admissibility has been decided at this level.', 'Op dit niveau is al beslist over de ontvankelijkheid.');
        if (next.status === 'received' || next.status === 'acknowledged') next.status = 'in-progress';
      } else {
        if (grounds.length === 0)
          return refuse(
            'grounds-required',
            'Name the ground(s) on which the complaint is not handled.',
            'Geef aan waarom de klacht niet in behandeling wordt genomen. Kies minstens één reden.',
          );
        for (const code of grounds) {
          if (code === 'incomplete') {
            const refusalRepair = checkIncomplete(regulation, state, on);
            if (refusalRepair) return refusalRepair;
            continue;
          }
          const known =
            code === 'time-limit'
              ? rules.timeLimits.length > 0
              : rules.grounds.some((g) => g.code === code) || (code === 'already-handled' && regulation.reopening?.onlyWithNewFacts === true);
          if (!known)
            return refuse(
              'ground-not-in-regulation',
              `"${code}" is not a ground for not handling a complaint at level "${level.id}".`,
              `"${code}" is op niveau "${level.id}" geen reden om een klacht niet in behandeling te nemen.`,
            );
        }
        if (state.admissibility && !grounds.some((c) => rules.grounds.find((g) => g.code === c)?.stopsHandling)) {
          return refuse(
            'admissibility-already-decided',
            'Handling already started; only a ground that stops handling (e.g. a dispute body) can end it now.',
            'De behandeling is al begonnen. U kunt die nu alleen stoppen met een reden die de behandeling beëindigt (bijvoorbeeld: de klacht ligt bij een geschilleninstantie).',
          );
        }
        next.status = 'inadmissible';
        letterKinds = ['inadmissibility'];
      }
      next.admissibility = { admissible: event.admissible, grounds, on, ...(event.actorId ? { by: event.actorId } : {}) };
      break;
    }
    case 'hearing-scheduled':
      next.status = 'hearing-scheduled';
      next.hearing = 'scheduled';
      break;
    case 'hearing-held': {
      // A hearing cannot have been held before the day it was planned for.
      const planned = state.hearing === 'scheduled' ? [...state.events].reverse().find((e) => e.type === 'hearing-scheduled') : undefined;
      const plannedOn = planned?.type === 'hearing-scheduled' ? (/(Z|[+-]\d{2}:\d{2})$/.test(planned.at) ? amsterdamDate(planned.at) : planned.at.slice(0, 10)) : undefined;
      if (plannedOn && on < plannedOn) {
        return refuse(
          'hearing-not-yet-held',
          `The hearing is planned for ${plannedOn}; it cannot have been held before that day.`,
          `De hoorzitting staat gepland op ${plannedOn}. U kunt pas vanaf die dag vastleggen dat hij is gehouden.`,
        );
      }
      if (level.hearing?.reportRequired && !event.report?.trim()) {
        return refuse(
          'hearing-report-required',
          `A held hearing needs a report [${level.hearing.source}].`,
          `Bij een hoorzitting die is gehouden, hoort een verslag [${level.hearing.source}].`,
        );
      }
      next.status = 'in-progress';
      next.hearing = 'held';
      break;
    }
    case 'hearing-skipped':
      if (!level.hearing?.skipGrounds.includes(event.ground)) {
        return refuse(
          'hearing-skip-not-allowed',
          `Level "${level.id}" does not allow skipping the hearing on the ground "${event.ground}" [${level.hearing?.source}].`,
          `Op niveau "${level.id}" mag u niet afzien van horen om de reden "${event.ground}" [${level.hearing?.source}].`,
        );
      }
      next.status = 'in-progress';
      next.hearing = 'skipped';
      break;
    case 'decided': {
      const allowed = level.outcomes;
      const outcomes = [event.outcome, ...(event.points ?? []).map((p) => p.outcome)];
      const bad = allowed && outcomes.find((o) => !allowed.includes(o));
      if (bad)
        return refuse(
          'outcome-not-allowed',
          `Level "${level.id}" rules ${allowed.join(' or ')}, not "${bad}" [${level.source}].`,
          `Op niveau "${level.id}" kan het oordeel alleen ${allowed.map(outcomeNl).join(' of ')} zijn, niet "${outcomeNl(bad)}" [${level.source}].`,
        );
      if (level.hearing?.mode === 'required' && state.hearing !== 'held' && state.hearing !== 'skipped') {
        const without = outcomesWithoutHearing(level);
        const needsHearing = outcomes.find((o) => !without.includes(o));
        if (needsHearing)
          return refuse(
            'hearing-required',
            `Level "${level.id}" hears both parties before a decision "${needsHearing}"; without a hearing only ${without.join(' or ')} [${level.hearing.notRequiredFor?.source ?? level.hearing.source}].`,
            `Op niveau "${level.id}" moet u eerst beide partijen horen voor het oordeel "${outcomeNl(needsHearing)}". Zonder hoorzitting kan alleen: ${without.map(outcomeNl).join(' of ')} [${level.hearing.notRequiredFor?.source ?? level.hearing.source}].`,
          );
      }
      const fourEyes = level.fourEyes?.required ?? false;
      if (fourEyes && !event.actorId)
        return refuse('actor-required', 'Four-eyes applies: record who decided.', 'Hier geldt het vier-ogenprincipe. Leg vast wie het oordeel heeft gegeven.');
      if (state.advice && event.outcome !== state.advice.outcome && !event.departureReason) {
        return refuse(
          'departure-not-motivated',
          `The decision departs from the advice (${state.advice.outcome}); say why in departureReason [Awb 9:15, ${level.source}].`,
          `Het besluit wijkt af van het advies (${outcomeNl(state.advice.outcome)}). Leg uit waarom [Awb 9:15, ${level.source}].`,
        );
      }
      next.decision = { outcome: event.outcome, motivation: event.motivation, on, ...(event.actorId ? { by: event.actorId } : {}) };
      next.status = fourEyes ? 'decision-pending-approval' : 'decided';
      letterKinds = fourEyes ? [] : ['decision'];
      break;
    }
    case 'decision-approved':
      if (!event.actorId) return refuse('actor-required', 'Record who approves the decision.', 'Leg vast wie het oordeel goedkeurt.');
      if (event.actorId === state.decision?.by) {
        return refuse(
          'four-eyes-same-person',
          `The decision must be approved by someone other than its author [${level.fourEyes?.source ?? '001 §1D'}].`,
          `Iemand anders dan de schrijver van het oordeel moet het goedkeuren [${level.fourEyes?.source ?? '001 §1D'}].`,
        );
      }
      next.decision = { ...state.decision!, approvedBy: event.actorId, approvedOn: on };
      next.status = 'decided';
      letterKinds = ['decision'];
      break;
    case 'decision-returned':
      delete next.decision;
      next.status = 'in-progress';
      break;
    case 'extended': {
      const refusalExt = checkExtension(regulation, state, level, event, on);
      if (refusalExt) return refusalExt;
      break;
    }
    case 'paused': {
      const reasons = level.pause?.reasons;
      if (reasons && !reasons.includes(event.reason)) {
        return refuse(
          'pause-reason-not-allowed',
          `Level "${level.id}" pauses only for: ${reasons.join(', ')} [${level.pause!.source}].`,
          `Op niveau "${level.id}" mag u de termijn alleen opschorten om deze redenen: ${reasons.join(', ')} [${level.pause!.source}].`,
        );
      }
      next.paused = true;
      break;
    }
    case 'resumed':
      next.paused = false;
      break;
    case 'escalated': {
      if (!level.escalatesTo.includes(event.toLevel)) {
        return refuse(
          'escalation-not-allowed',
          `From "${level.id}" a case moves up to ${level.escalatesTo.map((l) => `"${l}"`).join(' or ')}, not "${event.toLevel}" [${level.source}].`,
          `Vanaf "${level.id}" kan een zaak alleen naar ${level.escalatesTo.map((l) => `"${l}"`).join(' of ')}, niet naar "${event.toLevel}" [${level.source}].`,
        );
      }
      const target = regulation.levels.find((l) => l.id === event.toLevel)!;
      if (!forDomain(target, next.facts.domain))
        return refuse(
          'level-not-for-domain',
          `Level "${target.id}" handles only cases of ${target.domains!.join(', ')} [${target.source}].`,
          `Niveau "${target.id}" behandelt alleen zaken van: ${target.domains!.join(', ')} [${target.source}].`,
        );
      const kind = kindAt(target, next.kind);
      if (!kind) return refuse('kind-not-at-level', `Level "${target.id}" does not handle a ${next.kind}.`, `Niveau "${target.id}" behandelt geen ${KIND_NL[next.kind]}.`);
      if (kind !== next.kind) {
        next.reclassifiedFrom = next.kind;
        next.kind = kind;
        next.facts = { ...next.facts, kind };
      }
      next.level = target.id;
      next.status = 'received';
      next.hearing = 'none';
      next.paused = false;
      delete next.decision;
      delete next.admissibility;
      delete next.advice;
      break;
    }
    case 'withdrawn':
      next.status = 'withdrawn';
      next.paused = false;
      break;
    case 'complainant-unreachable':
      next.status = 'ended-unreachable';
      break;
    case 'closed':
      next.status = 'closed';
      break;
    case 'reopened':
      if (regulation.reopening?.onlyWithNewFacts && !event.newFacts) {
        return refuse(
          'invalid-event',
          `newFacts: state the new facts or circumstances that justify reopening [${regulation.reopening.source}]`,
          `Dit gegeven ontbreekt: newFacts. Beschrijf welke nieuwe feiten of omstandigheden er zijn [${regulation.reopening.source}].`,
        );
      }
      next.status = 'in-progress';
      next.hearing = 'none';
      next.paused = false;
      delete next.decision;
      delete next.advice;
      break;
    case 'transferred':
      next.status = 'transferred';
      break;
    case 'advised':
      next.advice = { outcome: event.outcome, motivation: event.motivation, on };
      if (next.status === 'received' || next.status === 'acknowledged') next.status = 'in-progress';
      break;
    case 'referred': {
      if (!regulation.referrals?.some((r) => r.id === event.referralId)) {
        const known = (regulation.referrals ?? []).map((r) => `"${r.id}"`).join(', ');
        return refuse(
          'invalid-event',
          `referralId: the regulation names no referral route "${event.referralId}"${known ? ` (it names ${known})` : ''}`,
          `De regeling kent geen doorverwijzing "${event.referralId}".`,
        );
      }
      next.status = 'referred';
      next.paused = false;
      break;
    }
    case 'repaired':
      // `facts.missing` stays: it is what was asked for, and the repair term shows it met.
      next.status = 'received';
      break;
  }

  const letters = lettersFor(regulation, level.id, letterKinds);
  // The law requires the extension in writing (Awb 9:11, Wkkgz art. 17), letter rule or not.
  if (event.type === 'extended' && level.extension?.writtenNoticeTo.length && !letters.includes('extension')) letters.push('extension');
  // The person always hears where to go instead [issue 9 §2.9], letter rule or not.
  if (event.type === 'referred' && !letters.includes('referral')) letters.push('referral');
  // Never a refusal without a letter after a repair request (Awb 4:5).
  if (event.type === 'admissibility-decided' && !event.admissible && event.grounds?.includes('incomplete') && !letters.includes('inadmissibility')) letters.push('inadmissibility');
  return { ok: true, state: next, letters };
}

/** Not handled for what is missing only after the complainant had the term to repair it (Awb 4:5). */
function checkIncomplete(regulation: Regulation, state: CaseState, on: IsoDate): Refusal | null {
  if (!state.facts.missing?.length || state.status !== 'awaiting-repair') {
    return refuse('ground-not-in-regulation', 'Nothing required at intake is missing from this case.', 'Bij deze zaak ontbreekt niets van wat de regeling bij ontvangst vraagt.');
  }
  const due = computeDeadlines(regulation, state, on).find((d) => d.kind === 'repair');
  if (due && on <= due.due) {
    return refuse(
      'repair-term-running',
      `The complainant may repair what is missing until ${due.due} [${due.source}].`,
      `De klager mag tot en met ${due.due} aanvullen wat ontbreekt [${due.source}].`,
    );
  }
  return null;
}

function checkExtension(regulation: Regulation, state: CaseState, level: Level, event: Extract<CaseEvent, { type: 'extended' }>, on: IsoDate): Refusal | null {
  const rule = level.extension!;
  // A decision term from the first receipt is one term across levels: an extension below counts.
  const earlier = currentTermEvents(state, level.terms.decision).filter((e) => e.type === 'extended');
  if (event.consent && event.consent.recordedOn > on) {
    return refuse(
      'consent-after-extension',
      'The written consent must be recorded before the delay it allows.',
      'De schriftelijke toestemming moet zijn vastgelegd voordat de termijn wordt verlengd. De datum van de toestemming mag dus niet later zijn.',
    );
  }
  const statutory = earlier.length === 0 && rule.allowed;
  if (statutory && event.weeks <= (rule.maxWeeks ?? 0)) {
    if (rule.beforeExpiry && !event.consent) {
      const due = computeDeadlines(regulation, state, on).find((d) => d.kind === 'decision' && d.level === level.id && d.status !== 'met');
      if (due && on > due.due) {
        return refuse(
          'extension-after-expiry',
          `The extension must be announced before the term ends on ${due.due} [${rule.source}].`,
          `U moet de verlenging melden voordat de termijn afloopt op ${due.due} [${rule.source}].`,
        );
      }
    }
    return null;
  }
  if (!rule.furtherWithWrittenConsent) {
    return statutory
      ? refuse(
          'extension-too-long',
          `The decision term may be extended once by at most ${rule.maxWeeks} weeks [${rule.source}].`,
          `U mag de termijn voor het oordeel één keer verlengen, met hoogstens ${rule.maxWeeks} weken [${rule.source}].`,
        )
      : refuse(
          'extension-not-allowed',
          `The decision term may be extended only once [${rule.source}].`,
          `U mag de termijn voor het oordeel maar één keer verlengen [${rule.source}].`,
        );
  }
  if (!event.consent) {
    return refuse(
      'extension-needs-consent',
      statutory
        ? `Beyond ${rule.maxWeeks} weeks the delay needs the complainant's written consent [${rule.source}].`
        : `A further delay needs the complainant's written consent [${rule.source}].`,
      statutory
        ? `Voor meer dan ${rule.maxWeeks} weken uitstel is schriftelijke toestemming van de klager nodig [${rule.source}].`
        : `Voor nog meer uitstel is schriftelijke toestemming van de klager nodig [${rule.source}].`,
    );
  }
  return null;
}
