import { describe, expect, it } from 'vitest';
import { decisionParts, decisionReaders } from './disclosure.ts';

// Issue 13: the motivation shown to each party is what the regulation lets them see.
describe('who reads which part of a decision (issue 13, Awb 9:12)', () => {
  it('a regulation that names no parts shows every part to both, as before; the respondent without a letter reads the motivation on the case page', () => {
    const awb = { letters: [{ kind: 'decision', to: ['complainant'] }] };
    expect(decisionParts(awb, 'formal', 'complainant')).toEqual(['motivation', 'points', 'recommendations']);
    expect(decisionParts(awb, 'formal', 'respondent')).toEqual(['motivation', 'points', 'recommendations']);
    expect(decisionReaders(awb, 'formal')).toEqual({ motivation: ['complainant', 'respondent'], points: ['complainant'], recommendations: ['complainant'] });
  });

  it('named parts: the respondent reads what the rules addressed to them give; a part nobody reads stays internal', () => {
    const reg = {
      letters: [
        { kind: 'decision', to: ['complainant'], parts: ['motivation', 'points'] },
        { kind: 'decision', to: ['respondent'], parts: ['motivation'] },
        { kind: 'decision', to: ['respondent'], levels: ['committee'], parts: ['recommendations'] },
      ],
    };
    expect(decisionParts(reg, 'formal', 'respondent')).toEqual(['motivation']);
    expect(decisionParts(reg, 'committee', 'respondent')).toEqual(['motivation', 'recommendations']);
    expect(decisionReaders(reg, 'formal')).toEqual({ motivation: ['complainant', 'respondent'], points: ['complainant'], recommendations: [] });
  });

  it('the complainant always reads the motivation (Awb 9:12); a respondent without a decision rule reads nothing once parts are named', () => {
    const reg = { letters: [{ kind: 'decision', to: ['complainant'], parts: ['points'] }] };
    expect(decisionParts(reg, 'formal', 'complainant')).toEqual(['motivation', 'points']);
    expect(decisionParts(reg, 'formal', 'respondent')).toEqual([]);
  });
});
