import { describe, expect, it } from 'vitest';
import { languageOf } from './language.ts';

const lang = (h?: string) => languageOf({ headers: h === undefined ? {} : { 'accept-language': h } });

describe('the language of messages', () => {
  it('is Dutch when Dutch is preferred, else English', () => {
    expect(lang()).toBe('en');
    expect(lang('nl')).toBe('nl');
    expect(lang('nl-NL,nl;q=0.9,en;q=0.8')).toBe('nl');
    expect(lang('en-GB,nl;q=0.5')).toBe('en');
    expect(lang('de;q=0.9,nl;q=0.95')).toBe('nl');
    expect(lang('nl;q=0,en')).toBe('en');
  });
});
