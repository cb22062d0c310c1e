import { describe, expect, it } from 'vitest';
import { computeDeadlines, createCase, getPreset } from './index.ts';

describe('which kinds of case have level terms', () => {
  const utrecht = getPreset('utrecht-buurtteams')!;
  const wkkgz = getPreset('wkkgz')!;
  it('a compliment is passed on, with no contact or decision term [000 §2, §3.2]', () => {
    const made = createCase(utrecht, { kind: 'compliment', receivedOn: '2026-04-20', complainant: { role: 'client' } });
    if (!made.ok) throw new Error(made.reason);
    expect(computeDeadlines(utrecht, made.state, '2026-06-01')).toEqual([]);
  });
  it('an anonymous report becomes a signal with no terms to a complainant [002 §2.5]', () => {
    const made = createCase(wkkgz, { kind: 'complaint', receivedOn: '2026-04-20', complainant: null });
    if (!made.ok) throw new Error(made.reason);
    expect(made.state.kind).toBe('signal');
    expect(computeDeadlines(wkkgz, made.state, '2026-06-01')).toEqual([]);
  });
  it('a complaint at the same level does get its contact term [000 §3.2]', () => {
    const made = createCase(utrecht, { kind: 'complaint', receivedOn: '2026-04-20', complainant: { role: 'client' } });
    if (!made.ok) throw new Error(made.reason);
    expect(computeDeadlines(utrecht, made.state, '2026-04-21').map((d) => d.kind)).toContain('first-contact');
  });
});
