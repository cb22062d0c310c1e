/**
 * Checking a (custom) regulation: schema errors, each naming the path of the wrong
 * field, and warnings where the regulation falls below the law that binds the
 * organisation (Awb chapter 9 for a municipality, Wkkgz for a care provider,
 * Jeugdwet for youth care). Warnings do not make a regulation invalid.
 */
import type { DurationUnit } from './calendar.ts';
import { parseRegulation, type Regulation, type RegulationIssue, type Term } from './regulation.schema.ts';

export interface CheckResult {
  errors: RegulationIssue[];
  warnings: RegulationIssue[];
  regulation?: Regulation;
}

export function checkRegulation(data: unknown): CheckResult {
  const parsed = parseRegulation(data);
  if (!parsed.ok) return { errors: parsed.issues, warnings: [] };
  return { errors: [], warnings: lawWarnings(parsed.regulation), regulation: parsed.regulation };
}

/** The longest calendar span a term can take, for comparing with the law's weeks. */
function maxDays(length: number, unit: DurationUnit): number {
  switch (unit) {
    case 'working-days':
      return Math.ceil((length / 5) * 7) + 3; // weekends plus a cluster of holidays
    case 'calendar-days':
      return length;
    case 'weeks':
      return length * 7;
    case 'months':
      return length * 31;
    case 'years':
      return length * 366;
  }
}

const termDays = (t: Term | undefined) => (t?.length && t.unit ? maxDays(t.length, t.unit) : undefined);

/** A committee that hears the complaint and advises the organisation (Awb 9:14). */
export function isAdvisoryCommittee(level: Regulation['levels'][number]): boolean {
  return level.gives === 'advice' || level.handlerRole === 'committee-member';
}

export function lawWarnings(reg: Regulation): RegulationIssue[] {
  const out: RegulationIssue[] = [];
  const warn = (path: string, message: string) => out.push({ path, message });
  const laws = new Set(reg.regimes.map((r) => r.law));
  if (reg.organisationType === 'municipality') laws.add('awb');
  if (reg.organisationType === 'care-provider') laws.add('wkkgz');
  if (reg.organisationType === 'youth-care') laws.add('jeugdwet');

  const internal = reg.levels.map((level, i) => ({ level, i })).filter(({ level }) => level.body === 'internal');
  const deciding = internal.filter(({ level }) => level.terms.decision?.length);
  const hasIndependentBody = reg.levels.some((l) => l.independent && (l.body === 'external-committee' || l.body === 'dispute-body'));

  const decisionTerms = (law: string, source: string) => {
    if (deciding.length === 0) {
      warn('levels', `no level sets a decision term; ${law} requires a decision within 6 weeks of receipt (${source})`);
    }
    for (const { level, i } of deciding) {
      // The legal floor follows the regime and the level's kind: with an advisory committee
      // hearing the complaint, the Awb gives 10 weeks (Awb 9:11 lid 1, 9:14, 9:15).
      const advisory = law === 'Awb' && isAdvisoryCommittee(level);
      const weeks = advisory ? 10 : 6;
      const why = advisory ? 'Awb 9:11, Awb 9:14' : source;
      const days = termDays(level.terms.decision)!;
      if (days > weeks * 7) {
        warn(`levels[${i}].terms.decision`, `decision term of level "${level.id}" is beyond ${law}'s ${weeks} weeks${advisory ? ' with an advisory committee' : ''} (${why})`);
      }
      const ext = level.extension;
      if (ext?.allowed && (ext.maxWeeks ?? 0) > 4) {
        warn(`levels[${i}].extension.maxWeeks`, `extension of ${ext.maxWeeks} weeks is beyond ${law}'s 4 weeks (${source})`);
      }
      const total = days + (ext?.allowed ? (ext.maxWeeks ?? 0) * 7 : 0);
      if (total > (weeks + 4) * 7) {
        warn(`levels[${i}]`, `level "${level.id}" can take ${Math.ceil(total / 7)} weeks, beyond ${law}'s ${weeks} + 4 weeks (${why})`);
      }
      if (ext?.allowed && !ext.writtenNoticeTo.includes('complainant')) {
        warn(`levels[${i}].extension.writtenNoticeTo`, `an extension must be announced to the complainant in writing (${source})`);
      }
    }
  };

  if (laws.has('awb')) {
    decisionTerms('Awb', 'Awb 9:11');
    for (const { level, i } of deciding) {
      if (!level.terms.decision!.atw) {
        warn(`levels[${i}].terms.decision.atw`, 'an Awb term is a statutory term: the Algemene termijnenwet applies (Atw art. 1)');
      }
      const ext = level.extension;
      if (ext?.allowed && !ext.writtenNoticeTo.includes('respondent')) {
        warn(`levels[${i}].extension.writtenNoticeTo`, 'an extension is announced to the respondent as well (Awb 9:11)');
      }
      // Informal settlement (Awb 9:5): hearing and the notice of not handling belong to the formal procedure.
      if (level.informal) continue;
      if (level.hearing?.mode !== 'required') {
        warn(`levels[${i}].hearing.mode`, `level "${level.id}" must hear the complainant and the respondent (Awb 9:10)`);
      } else if (!level.hearing.reportRequired) {
        warn(`levels[${i}].hearing.reportRequired`, 'a report of the hearing is mandatory (Awb 9:10)');
      }
      // Without a hearing only what is settled to the complainant's satisfaction (Awb 9:5); other outcomes are heard (Awb 9:10).
      const beyond = level.hearing?.notRequiredFor?.outcomes.filter((o) => o !== 'resolved') ?? [];
      if (beyond.length > 0) {
        warn(
          `levels[${i}].hearing.notRequiredFor.outcomes`,
          `level "${level.id}" decides ${beyond.join(', ')} without hearing; only a complaint resolved to the complainant's satisfaction needs no hearing (Awb 9:5, Awb 9:10)`,
        );
      }
      const notice = termDays(level.terms.admissibilityNotice);
      if (notice === undefined) {
        warn(`levels[${i}].terms.admissibilityNotice`, 'the complainant must be told within 4 weeks when a complaint is not handled (Awb 9:8)');
      } else if (notice > 28) {
        warn(`levels[${i}].terms.admissibilityNotice`, 'the notice of not handling a complaint is beyond 4 weeks (Awb 9:8)');
      }
    }
    if (!reg.levels.some((l) => l.body === 'ombudsman')) {
      warn('levels', 'a municipality names an ombudsman as the second line (Awb 9:12, Awb 9:18)');
    }
  }

  if (laws.has('wkkgz')) {
    decisionTerms('Wkkgz', 'Wkkgz art. 17');
    if (!hasIndependentBody) {
      warn('levels', 'a Wkkgz provider must give access to an independent committee or dispute body (Wkkgz art. 18)');
    }
  }

  if (laws.has('jeugdwet') && !hasIndependentBody) {
    warn('levels', 'a youth-care provider must have an independent complaints committee with an external chair (Jeugdwet 4.2.1)');
  }
  if (laws.has('jeugdwet')) {
    reg.levels.forEach((level, i) => {
      const isCommittee = level.handlerRole === 'committee-member' || level.body === 'external-committee';
      if (!isCommittee) return;
      const c = level.committee;
      // A committee the organisation joined (named by its contact) has its own regulation for this.
      if (!c) {
        if (!level.contactId) warn(`levels[${i}].committee`, `state the composition of committee "${level.id}": at least three members and an independent chair (Jeugdwet 4.2.1)`);
        return;
      }
      if (c.members < 3) warn(`levels[${i}].committee.members`, `committee "${level.id}" has ${c.members} member(s); the Jeugdwet asks at least three (Jeugdwet 4.2.1)`);
      if (!c.independentChair)
        warn(
          `levels[${i}].committee.independentChair`,
          `the chair of committee "${level.id}" must work neither for the provider nor for the respondent's employer (Jeugdwet 4.2.1)`,
        );
    });
  }

  reg.kinds.forEach((k, i) => {
    if (k.kind !== 'objection') return;
    const days = termDays(k.term);
    if (days !== undefined && days < 42) {
      warn(`kinds[${i}].term`, 'the objection term is 6 weeks (Awb 6:7); a shorter one misinforms the complainant');
    }
  });

  return out;
}
