import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { annualPublicDue } from './types.ts';

const regulation = (file: string) => JSON.parse(readFileSync(new URL(`../../../../regulations/${file}`, import.meta.url), 'utf8'));

describe('annualPublicDue', () => {
  it('gives the last day of the next year by which the annual report must be public (Jeugdwet 4.3.1: before 1 June)', () => {
    expect(annualPublicDue(regulation('sth-helmond.v1.json'), 2026)).toEqual({ lastDay: '2027-05-31', source: '[002 §9.5], Jeugdwet 4.3.1' });
  });

  it('has no date when the regulation sets none, or reports only internally or to the municipality', () => {
    expect(annualPublicDue(regulation('stadsring51.v1.json'), 2026)).toBeNull();
    expect(annualPublicDue(regulation('stichtse-vecht.v1.json'), 2026)).toBeNull();
    expect(annualPublicDue(null, 2026)).toBeNull();
  });
});
