import { describe, expect, it } from 'vitest';
import { checkRegulation } from './check.ts';
import { getPreset } from './presets.ts';

/** A mutable copy of a preset as written in a file. */
const copyOf = (id: string) => JSON.parse(JSON.stringify(getPreset(id))) as Record<string, any>;

describe('checkRegulation: errors name the path of each wrong field', () => {
  it.each([
    ['a unit that does not exist', 'levels[1].terms.decision.unit', (r: any) => (r.levels[1].terms.decision.unit = 'fortnights')],
    ['a retention of 0 years', 'retention.length', (r: any) => (r.retention.length = 0)],
    ['a length without unit', 'levels[1].terms.decision.unit', (r: any) => delete r.levels[1].terms.decision.unit],
    ['a rule without source', 'admissibility.grounds[0].source', (r: any) => delete r.admissibility.grounds[0].source],
    ['escalation down the ladder', 'levels[1].escalatesTo[0]', (r: any) => (r.levels[1].escalatesTo = ['informal'])],
    ['an unknown contact', 'levels[2].contactId', (r: any) => (r.levels[2].contactId = 'nobody')],
    ['a duplicate level id', 'levels[2].id', (r: any) => (r.levels[2].id = 'formal')],
    ['an unknown category', 'categories[0].id', (r: any) => (r.categories[0].id = 'rudeness')],
    ['an unknown field', 'levels[0]', (r: any) => (r.levels[0].deadline = 5)],
    ['an extension without maximum', 'levels[1].extension.maxWeeks', (r: any) => delete r.levels[1].extension.maxWeeks],
    ['a report date that not every year has', 'reports[0].dueBefore[0]', (r: any) => (r.reports[0].dueBefore = ['02-29'])],
  ])('%s → error at %s', (_what, path, mutate) => {
    const r = copyOf('awb-gemeente');
    mutate(r);
    const { errors } = checkRegulation(r);
    expect(errors.map((e) => e.path)).toContain(path);
  });

  it('a regulation that states no retention or categories gets the defaults: 5 years after closing, one category "other" (issue 12)', () => {
    const r = copyOf('awb-gemeente');
    delete r.retention;
    delete r.categories;
    const { errors, regulation } = checkRegulation(r);
    expect(errors).toEqual([]);
    expect(regulation!.retention).toMatchObject({ length: 5, unit: 'years', from: 'closed' });
    expect(regulation!.categories).toEqual([expect.objectContaining({ id: 'other', name: 'Overig' })]);
  });

  it('not an object at all', () => {
    expect(checkRegulation('hello').errors).toEqual([{ path: '(root)', message: expect.any(String) }]);
  });
});

describe('checkRegulation: warnings where a regulation falls below the law', () => {
  it('an advisory committee may take 10 weeks, extendable by 4 (Awb 9:11, Awb 9:14, Awb 9:15); a complaints officer may not', () => {
    const r = copyOf('awb-gemeente');
    r.levels[1].terms.decision.length = 10;
    const officer = checkRegulation(r).warnings.map((w) => w.path);
    expect(officer).toContain('levels[1].terms.decision');
    r.levels[1].handlerRole = 'committee-member';
    expect(checkRegulation(r).warnings).toEqual([]);
  });

  it.each([
    ['awb-gemeente', 'a decision term of 8 weeks', 'levels[1].terms.decision', 'Awb 9:11', (r: any) => (r.levels[1].terms.decision.length = 8)],
    ['awb-gemeente', 'an extension of 6 weeks', 'levels[1].extension.maxWeeks', 'Awb 9:11', (r: any) => (r.levels[1].extension.maxWeeks = 6)],
    ['awb-gemeente', '7 + 4 weeks in all', 'levels[1]', '6 + 4 weeks', (r: any) => (r.levels[1].terms.decision = { length: 49, unit: 'calendar-days', atw: true, source: 'x 1' })],
    ['awb-gemeente', 'no hearing', 'levels[1].hearing.mode', 'Awb 9:10', (r: any) => (r.levels[1].hearing = { mode: 'optional', source: 'x 1' })],
    ['awb-gemeente', 'no Atw', 'levels[1].terms.decision.atw', 'Atw art. 1', (r: any) => (r.levels[1].terms.decision.atw = false)],
    [
      'awb-gemeente',
      'no ombudsman',
      'levels',
      'Awb 9:12',
      (r: any) => {
        r.levels.pop();
        r.levels[1].escalatesTo = [];
      },
    ],
    ['awb-gemeente', 'a 5-week inadmissibility notice', 'levels[1].terms.admissibilityNotice', 'Awb 9:8', (r: any) => (r.levels[1].terms.admissibilityNotice.length = 5)],
    ['awb-gemeente', 'a 4-week objection term', 'kinds[2].term', 'Awb 6:7', (r: any) => (r.kinds[2].term.length = 4)],
    [
      'wkkgz',
      'no independent committee',
      'levels',
      'Wkkgz art. 18',
      (r: any) => {
        r.levels.pop();
        r.levels[0].escalatesTo = [];
      },
    ],
    [
      'wkkgz',
      'a term of 2 months',
      'levels[0].terms.decision',
      'Wkkgz art. 17',
      (r: any) => (r.levels[0].terms.decision = { length: 2, unit: 'months', atw: true, source: 'x 1' }),
    ],
    [
      'sth-helmond',
      'Jeugdwet without a committee',
      'levels',
      'Jeugdwet 4.2.1',
      (r: any) => {
        r.levels.pop();
        r.levels[0].escalatesTo = ['manager'];
        r.levels[1].escalatesTo = [];
      },
    ],
    [
      'sth-helmond',
      'a Jeugdwet committee of two',
      'levels[2].committee.members',
      'Jeugdwet 4.2.1',
      (r: any) => (r.levels[2].committee = { members: 2, independentChair: true, source: 'x 1' }),
    ],
    [
      'sth-helmond',
      'a Jeugdwet committee chaired from inside',
      'levels[2].committee.independentChair',
      'Jeugdwet 4.2.1',
      (r: any) => (r.levels[2].committee = { members: 3, independentChair: false, source: 'x 1' }),
    ],
    ['sth-helmond', 'a Jeugdwet committee of its own, composition unstated', 'levels[2].committee', 'Jeugdwet 4.2.1', (r: any) => delete r.levels[2].contactId],
    [
      'awb-gemeente',
      'an advisory committee taking 11 weeks',
      'levels[1].terms.decision',
      'Awb 9:14',
      (r: any) => {
        r.levels[1].handlerRole = 'committee-member';
        r.levels[1].terms.decision.length = 11;
      },
    ],
  ])('%s with %s → warning at %s citing %s', (id, _what, path, cites, mutate) => {
    const r = copyOf(id);
    mutate(r);
    const { errors, warnings } = checkRegulation(r);
    expect(errors).toEqual([]);
    expect(warnings).toContainEqual({ path, message: expect.stringContaining(cites) });
  });
});
