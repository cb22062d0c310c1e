/**
 * The admissibility proposal for the facts of a case. The system proposes, a
 * person decides (the `admissibility-decided` event); both are recorded.
 *
 * - A ground with basis 'fact' that the facts meet makes the proposal 'inadmissible'.
 * - A ground with basis 'judgement' that the facts raise makes it 'needs-judgement'.
 * - Judgement grounds the facts say nothing about are listed as `toConsider`.
 */
import { dutchCalendar, type Calendar, type IsoDate } from './calendar.ts';
import type { CaseFacts } from './case.ts';
import type { AdmissibilityRules, Flag, GroundCode, Regulation, TimeLimit } from './regulation.schema.ts';

export type Proposal = 'admissible' | 'inadmissible' | 'needs-judgement';

export interface ProposedGround {
  code: GroundCode;
  source: string;
  basis: 'fact' | 'judgement';
  explanation: string;
}

export interface AdmissibilityProposal {
  proposal: Proposal;
  /** Grounds the facts meet (fact) or raise (judgement). */
  grounds: ProposedGround[];
  /** Judgement grounds a person should still weigh; they do not change the proposal. */
  toConsider: ProposedGround[];
  /** The time limit that applied, if any. */
  timeLimit?: { id: string; from: TimeLimit['from']; fromDate?: IsoDate; endsOn?: IsoDate; source: string };
}

/** The intake flag that says a ground applies. */
const GROUND_FLAGS: Partial<Record<GroundCode, Flag>> = {
  'about-decision': 'aboutDecision',
  'criminal-prosecution': 'criminalProsecution',
  'financial-claim': 'financialClaim',
  'external-procedure': 'externalProcedure',
  'already-handled': 'alreadyHandled',
  'dispute-body': 'disputeBody',
  'insufficient-interest': 'insufficientInterest',
};

const GROUND_TEXT: Record<GroundCode, string> = {
  'time-limit': 'filed after the time limit',
  'about-decision': 'it concerns a decision: the way to go is an objection, not a complaint',
  'criminal-prosecution': 'it aims at criminal prosecution',
  'financial-claim': 'it claims damages or other money',
  anonymous: 'the complainant is anonymous',
  'external-procedure': 'a specific external procedure applies',
  'already-handled': 'it was already handled under this regulation',
  'dispute-body': 'a body with a statutory dispute-settling task is involved',
  'insufficient-interest': "the complainant's interest or the conduct's weight is manifestly insufficient",
  incomplete: 'what the regulation requires at intake (signature, authorisation) was not repaired in time',
};

/**
 * Propose whether a complaint can be handled, at a level (whose own rules apply if
 * it has them, e.g. an external committee) or by the regulation's rules.
 */
export function proposeAdmissibility(regulation: Regulation, facts: CaseFacts, options: { level?: string; calendar?: Calendar } = {}): AdmissibilityProposal {
  const rules: AdmissibilityRules = (options.level ? regulation.levels.find((l) => l.id === options.level)?.admissibility : undefined) ?? regulation.admissibility;
  const calendar = options.calendar ?? dutchCalendar;
  const grounds: ProposedGround[] = [];
  const toConsider: ProposedGround[] = [];

  for (const rule of rules.grounds) {
    if (rule.code === 'time-limit') continue; // the time limits below decide this one
    const flag = GROUND_FLAGS[rule.code];
    const met = rule.code === 'anonymous' ? !facts.complainant : flag ? facts.flags?.[flag] === true : false;
    const answered = rule.code === 'anonymous' || (flag !== undefined && facts.flags?.[flag] !== undefined);
    const ground = { code: rule.code, source: rule.source, basis: rule.basis };
    if (met) {
      grounds.push({
        ...ground,
        explanation: rule.basis === 'fact' ? `Not handled: ${GROUND_TEXT[rule.code]}.` : `Possibly not handled: ${GROUND_TEXT[rule.code]}; a person judges this.`,
      });
    } else if (rule.basis === 'judgement' && !answered) {
      toConsider.push({ ...ground, explanation: `To weigh: whether ${GROUND_TEXT[rule.code]}.` });
    }
  }

  // A repeated complaint without new facts or circumstances was already handled (issue 9 §2.10).
  const reopening = regulation.reopening;
  if (reopening?.onlyWithNewFacts && facts.repeatOf && !facts.newFacts && !grounds.some((g) => g.code === 'already-handled')) {
    grounds.push({
      code: 'already-handled',
      source: reopening.source,
      basis: 'fact',
      explanation: `Not handled: it repeats case ${facts.repeatOf}, which was handled, and names no new facts or circumstances.`,
    });
    const weigh = toConsider.findIndex((g) => g.code === 'already-handled');
    if (weigh >= 0) toConsider.splice(weigh, 1);
  }

  const limit = applicableLimit(rules.timeLimits, facts);
  let timeLimit: AdmissibilityProposal['timeLimit'];
  if (limit) {
    const checked = checkTimeLimit(limit, facts, calendar);
    timeLimit = { id: limit.id, from: limit.from, ...checked.info, source: limit.source };
    if (checked.ground) grounds.push(checked.ground);
    if (checked.note) toConsider.push(checked.note);
  }

  const proposal: Proposal = grounds.some((g) => g.basis === 'fact') ? 'inadmissible' : grounds.length > 0 ? 'needs-judgement' : 'admissible';
  return { proposal, grounds, toConsider, ...(timeLimit ? { timeLimit } : {}) };
}

/** The first limit whose condition matches; exceptions are listed before the rule. */
function applicableLimit(limits: readonly TimeLimit[], facts: CaseFacts): TimeLimit | undefined {
  return limits.find((limit) => {
    const when = limit.when;
    if (!when) return true;
    const flagHit = when.flags ? when.flags.some((f) => facts.flags?.[f] === true) : true;
    const roleHit = when.complainantRoles ? !!facts.complainant && when.complainantRoles.includes(facts.complainant.role) : true;
    return flagHit && roleHit;
  });
}

const FROM_TEXT: Record<TimeLimit['from'], string> = {
  incident: 'the event complained about',
  known: 'the complainant knew or could have known of it',
  'last-contact': 'the last contact',
};

function checkTimeLimit(
  limit: TimeLimit,
  facts: CaseFacts,
  calendar: Calendar,
): { info: { fromDate?: IsoDate; endsOn?: IsoDate }; ground?: ProposedGround; note?: ProposedGround } {
  const unit = limit.length === 1 ? limit.unit.replace(/s$/, '') : limit.unit;
  const term = `${limit.length} ${unit.replace('-', ' ')}`;
  const base = { code: 'time-limit' as const, source: limit.source };
  const incidents = [...(facts.incidentDates ?? [])].sort();
  const latestIncident = incidents.at(-1);
  const endOf = (from: IsoDate) => calendar.addDuration(from, limit.length, limit.unit).date;

  let fromDate: IsoDate | undefined;
  switch (limit.from) {
    case 'incident':
      fromDate = latestIncident;
      break;
    case 'known':
      fromDate = facts.knownSince;
      break;
    case 'last-contact':
      fromDate = facts.lastContactAt;
      break;
  }

  if (!fromDate) {
    // Nobody can know of an event before it happened: if even the incident is recent
    // enough, the complaint is in time whenever the complainant learnt of it.
    if (limit.from === 'known' && latestIncident && facts.receivedOn <= endOf(latestIncident)) {
      return { info: { fromDate: latestIncident, endsOn: endOf(latestIncident) } };
    }
    const explanation =
      limit.from === 'known' && latestIncident
        ? `The event of ${latestIncident} is more than ${term} before receipt; whether the complainant learnt of it later is a judgement.`
        : `The date of ${FROM_TEXT[limit.from]} is not known; a person checks the ${term} limit.`;
    return { info: {}, ground: { ...base, basis: 'judgement', explanation } };
  }

  const endsOn = endOf(fromDate);
  if (facts.receivedOn > endsOn) {
    return {
      info: { fromDate, endsOn },
      ground: {
        ...base,
        basis: 'fact',
        explanation: `Received ${facts.receivedOn}, more than ${term} after ${FROM_TEXT[limit.from]} (${fromDate}); the limit ended on ${endsOn}.`,
      },
    };
  }
  const stale = limit.from === 'incident' ? incidents.filter((d) => facts.receivedOn > endOf(d)) : [];
  if (stale.length > 0) {
    return {
      info: { fromDate, endsOn },
      note: { ...base, basis: 'judgement', explanation: `Events of ${stale.join(', ')} are more than ${term} before receipt; those points fall outside the limit.` },
    };
  }
  return { info: { fromDate, endsOn } };
}
