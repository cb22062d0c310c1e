/**
 * Which parts of a decision (oordeel) each party reads, as the regulation's
 * decision letter rules say (issue 13). Pure and without the schema library, so
 * the case page can say on the decision form which parts go to whom.
 */

/** The parts of a decision a recipient may read: the motivation, the judgement per complaint point, the recommendations. */
export const DECISION_PARTS = ['motivation', 'points', 'recommendations'] as const;
export type DecisionPart = (typeof DECISION_PARTS)[number];
export type Party = 'complainant' | 'respondent';

interface LetterRuleLike {
  kind: string;
  to: readonly string[];
  levels?: readonly string[] | undefined;
  parts?: readonly string[] | undefined;
}

/**
 * The parts of the decision at this level that this party reads. A regulation
 * whose decision letter rules name no parts shows every part to both (as before);
 * once one names parts, a party reads what the rules addressed to them give.
 */
export function decisionParts(regulation: { letters?: readonly LetterRuleLike[] | undefined }, levelId: string, party: Party): DecisionPart[] {
  const rules = (regulation.letters ?? []).filter((l) => l.kind === 'decision' && (!l.levels || l.levels.includes(levelId)));
  if (!rules.some((r) => r.parts)) return [...DECISION_PARTS];
  const shown = new Set(rules.filter((r) => r.to.includes(party)).flatMap((r) => r.parts ?? DECISION_PARTS));
  // The complainant always reads why (Awb 9:12); the schema refuses rules that say otherwise.
  if (party === 'complainant' && rules.some((r) => r.to.includes('complainant'))) shown.add('motivation');
  return DECISION_PARTS.filter((p) => shown.has(p));
}

/**
 * Who reads each part of a decision at this level: the complainant in their
 * letter, the respondent in theirs or, for the motivation, on their case page.
 * A part nobody reads stays internal.
 */
export function decisionReaders(regulation: { letters?: readonly LetterRuleLike[] | undefined }, levelId: string): Record<DecisionPart, Party[]> {
  const rules = (regulation.letters ?? []).filter((l) => l.kind === 'decision' && (!l.levels || l.levels.includes(levelId)));
  const letterTo = (party: Party) => rules.some((r) => r.to.includes(party));
  const out = {} as Record<DecisionPart, Party[]>;
  for (const part of DECISION_PARTS) {
    const readers: Party[] = [];
    if (letterTo('complainant') && decisionParts(regulation, levelId, 'complainant').includes(part)) readers.push('complainant');
    const respondentParts = decisionParts(regulation, levelId, 'respondent');
    if (respondentParts.includes(part) && (letterTo('respondent') || part === 'motivation')) readers.push('respondent');
    out[part] = readers;
  }
  return out;
}
