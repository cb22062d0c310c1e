import { describe, expect, it } from 'vitest';
import { getPreset } from '../../../domain/presets.ts';
import { findingInDutch } from './findings-nl.ts';
import { check, forSaving, parentPaths, previewDeadlines, setAt, startDraft } from './draft.ts';

const awb = () => startDraft(getPreset('awb-gemeente')!, 'voorbeeld-klachtenregeling');

describe('the regulation editor draft', () => {
  it('updates by path without touching the original; undefined removes an optional part', () => {
    const draft = awb();
    const changed = setAt(draft, ['levels', 1, 'terms', 'decision', 'length'], 5);
    expect((changed.levels as { terms: { decision: { length: number } } }[])[1]!.terms.decision.length).toBe(5);
    expect((draft.levels as { terms: { decision: { length: number } } }[])[1]!.terms.decision.length).toBe(6);
    const without = setAt(changed, ['intake'], undefined);
    expect('intake' in without).toBe(false);
    expect(forSaving({ ...without, version: 3, $schema: 'x' })).not.toHaveProperty('version');
  });

  it('a copy of a preset gets its own id and no version; it checks clean', () => {
    const draft = awb();
    expect(draft.id).toBe('voorbeeld-klachtenregeling');
    expect(draft).not.toHaveProperty('version');
    expect(check(draft).findings).toEqual([]);
  });

  it('an Awb decision term over 6 weeks is a warning at the term (Awb 9:11); an empty category name an error at the field', () => {
    const long = check(setAt(awb(), ['levels', 1, 'terms', 'decision', 'length'], 8));
    expect(long.byPath.get('levels[1].terms.decision')?.[0]).toMatchObject({ severity: 'warning', message: expect.stringContaining('Awb 9:11') });
    expect(long.regulation).toBeDefined();
    const broken = check(setAt(awb(), ['categories', 0, 'name'], ''));
    expect(broken.byPath.get('categories[0].name')?.[0]?.severity).toBe('error');
    expect(broken.regulation).toBeUndefined();
    expect(parentPaths('levels[1].terms.decision')).toEqual(['levels[1].terms', 'levels[1]', 'levels']);
  });

  it('previews 6 weeks from 13 November 2026 ending on Christmas Day moved to Monday 28 December (Atw art. 1, 3)', () => {
    const { regulation } = check(awb());
    const formal = previewDeadlines(regulation!, '2026-11-13').find((l) => l.level.id === 'formal')!;
    const decision = formal.terms.find((t) => t.key === 'decision')!;
    expect(decision.explanation.termEnd).toBe('2026-12-25');
    expect(decision.due).toBe('2026-12-28');
    expect(decision.explanation.atw.shiftedFrom).toBe('2026-12-25');
    // The one extension of at most 4 weeks (Awb 9:11): 25 Dec + 28 days = Fri 22 Jan 2027.
    expect(decision.extended).toEqual({ weeks: 4, due: '2027-01-22' });
  });

  it('a term counted from the acknowledgement starts on the last day of the acknowledgement term [004 §6.3]', () => {
    const draft = startDraft(getPreset('stadsring51')!, 'eigen');
    const fromAck = setAt(draft, ['levels', 0, 'terms', 'firstContact'], { length: 5, unit: 'working-days', from: 'acknowledged', source: 'test' });
    const level = previewDeadlines(check(fromAck).regulation!, '2026-03-02').find((l) => l.level.id === 'complaints-officer')!;
    const ack = level.terms.find((t) => t.key === 'acknowledgement')!;
    const contact = level.terms.find((t) => t.key === 'firstContact')!;
    expect(ack.due).toBe('2026-03-09');
    expect(contact.assumedStart).toBe('acknowledgement');
    expect(contact.explanation.start.date).toBe('2026-03-09');
    expect(contact.due).toBe('2026-03-16');
  });

  it('previews a named term with its own unit and starting point beside the four terms (issue 9 §2.1, §2.2)', () => {
    const named = setAt(
      awb(),
      ['levels', 1, 'namedTerms'],
      [
        { id: 'eerste-gesprek', name: 'Eerste persoonlijk contact', metBy: 'contacted', length: 5, unit: 'calendar-days', from: 'received', source: 'issue 9 §2.1' },
        { id: 'na-horen', name: 'Na het horen', metBy: 'decided', length: 2, unit: 'weeks', from: 'hearing-held', source: 'issue 9 §2.2' },
      ],
    );
    const checked = check(named);
    expect(checked.findings).toEqual([]);
    const formal = previewDeadlines(checked.regulation!, '2026-11-20').find((l) => l.level.id === 'formal')!;
    const contact = formal.terms.find((t) => t.named?.id === 'eerste-gesprek')!;
    expect(contact).toMatchObject({ key: 'named', named: { name: 'Eerste persoonlijk contact' }, due: '2026-11-25' });
    expect(contact.fromEvent).toBeUndefined();
    // From the hearing: the preview cannot date it and says so.
    expect(formal.terms.find((t) => t.named?.id === 'na-horen')).toMatchObject({ fromEvent: 'hearing-held', due: '2026-12-04' });
    // A named term may not run from the event that meets it.
    const wrong = check(setAt(named, ['levels', 1, 'namedTerms', 0, 'from'], 'contacted'));
    expect(wrong.byPath.get('levels[1].namedTerms[0].from')?.[0]?.severity).toBe('error');
  });

  it("shows the checker's findings in Dutch, for schema errors and law warnings alike (Awb 9:8, 9:10, 9:11)", () => {
    let draft = awb();
    draft = setAt(draft, ['levels', 1, 'terms', 'decision', 'length'], 12);
    draft = setAt(draft, ['levels', 1, 'extension', 'maxWeeks'], 6);
    draft = setAt(draft, ['levels', 1, 'hearing', 'reportRequired'], false);
    draft = setAt(draft, ['levels', 1, 'terms', 'admissibilityNotice'], undefined);
    draft = setAt(draft, ['levels', 1, 'terms', 'decision', 'atw'], false);
    const warnings = check(draft).findings;
    expect(warnings.length).toBeGreaterThanOrEqual(5);
    const broken = check(
      setAt(setAt(setAt(awb(), ['levels', 0, 'escalatesTo'], ['nergens']), ['categories', 0, 'name'], ''), ['levels', 1, 'terms', 'decision', 'unit'], undefined),
    ).findings;
    expect(broken.length).toBeGreaterThanOrEqual(3);
    for (const f of [...warnings, ...broken]) expect(findingInDutch(f.message), f.message).not.toBe(f.message);
  });
});
