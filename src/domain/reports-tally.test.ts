import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { leadTimeStats, leadTimeStatsOf } from './reports.ts';

describe('lead times from a histogram [000 §4]', () => {
  it('median and 90th percentile from counts per day equal those from the list of days', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 300 }), (days) => {
        const h = new Map<number, number>();
        for (const d of days) h.set(d, (h.get(d) ?? 0) + 1);
        expect(leadTimeStatsOf(h)).toEqual(leadTimeStats(days));
      }),
    );
  });
});
