import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import BetterSqlite3 from 'better-sqlite3';
import { prefixSearch, scopedMatch, scopeToken, searchWords, startsWords } from './search.ts';

describe('search words', () => {
  it('are lower-cased and lose their diacritics, composed or not, as in the search index', () => {
    expect(searchWords('Coördinator Zoë één ÉÉNS')).toEqual(['coordinator', 'zoe', 'een', 'eens']);
    expect(searchWords('cafe\u0301 naïef')).toEqual(['cafe', 'naief']);
    expect(searchWords("o'Brien, B.V.-Jansen (2026)")).toEqual(['o', 'brien', 'b', 'v', 'jansen', '2026']);
  });

  it('a word is looked up by the longest kept prefix within it, and checked when longer [issue 14]', () => {
    expect(prefixSearch('begeleider')).toEqual({ candidates: '"begeleid"*', check: ['begeleider'] });
    expect(prefixSearch('Jans')).toEqual({ candidates: '"jan"*', check: ['jans'] });
    expect(prefixSearch('klacht wachttijd')).toEqual({ candidates: '"klach"* "wachttij"*', check: ['klacht', 'wachttijd'] });
    // A kept length needs no check.
    expect(prefixSearch('abc Zoë')).toEqual({ candidates: '"abc"* "zoe"*', check: [] });
    expect(prefixSearch('Jansen,')).toEqual({ candidates: '"janse"*', check: ['jansen'] });
  });

  it('is left to the index as typed when a word is short, has parts, or is not in Latin script', () => {
    expect(prefixSearch('ab')).toBeNull();
    expect(prefixSearch('klacht ab')).toBeNull();
    expect(prefixSearch("o'brien")).toBeNull();
    expect(prefixSearch('Σωκράτης')).toBeNull();
    expect(prefixSearch('   ')).toBeNull();
  });

  it('startsWords asks for a word starting with each', () => {
    expect(startsWords('De begeleiders kwamen niet', ['begeleider'])).toBe(true);
    expect(startsWords('De begeleiding was goed', ['begeleider'])).toBe(false);
    expect(startsWords('Mevrouw Jansen', ['jans', 'mevr'])).toBe(true);
    expect(startsWords('Mevrouw Jansen', ['jans', 'meneer'])).toBe(false);
    // At the start of a word only, wherever the word stands.
    expect(startsWords('De onbegeleiderde', ['begeleider'])).toBe(false);
    expect(startsWords('de onbegeleiderde (ex-Begeleider)', ['begeleider'])).toBe(true);
    expect(startsWords('Begeleider', ['begeleider'])).toBe(true);
    expect(startsWords('𝐀begeleider', ['begeleider'])).toBe(false);
  });

  it('checks a plain ASCII text as the folded one, without folding it [issue 14]', () => {
    const words = ['begeleider', 'jans'];
    for (const [text, expected] of [
      ['DE BEGELEIDER EN MEVROUW JANSEN', true],
      ['de begeleider_jansen', true],
      ['de begeleider-Jansen', true],
      ['de begeleider 2jansen', false],
      ['xbegeleider jansen', false],
      ['begeleider', false],
      ['Jansen (begeleider)', true],
    ] as const) {
      expect(startsWords(text, words), text).toBe(expected);
      // The same text with one letter outside ASCII, far from the words, takes the folding path.
      expect(startsWords(`${text} café`, words), `${text} café`).toBe(expected);
    }
    // A word with letters outside ASCII is not in an ASCII text, and is in its folded form.
    expect(startsWords('Zoe en Bjorn', ['bjørn'])).toBe(false);
    expect(startsWords('Zoë en Bjørn', ['bjørn'])).toBe(true);
  });

  // The index is the judge: the kept-prefix candidates checked here must be exactly what FTS5
  // finds for the search as typed, for any texts and words, diacritics and capitals included.
  it('finds exactly what the search index finds for the words as typed [issue 14]', () => {
    const db = new BetterSqlite3(':memory:');
    db.exec(`create virtual table s using fts5(body, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5 8')`);
    const insert = db.prepare('insert into s (rowid, body) values (?, ?)');
    // Texts and searches from a few shared stems, so that words start alike and searches hit; written
    // with capitals and diacritics, composed and decomposed, at random.
    const stem = fc.string({ unit: fc.constantFrom(...'aeioknrstl'.split('')), minLength: 3, maxLength: 11 });
    const accent: Record<string, string[]> = { a: ['á', 'a\u0301'], e: ['é', 'ë', 'e\u0308'], i: ['ï'], o: ['ö', 'o\u0308'] };
    const spell = (w: string, seed: number[]) =>
      [...w]
        .map((ch, i) => {
          const r = seed[i % seed.length]!;
          if (r % 5 === 0 && accent[ch]) return accent[ch]![r % accent[ch]!.length]!;
          return r % 7 === 0 ? ch.toUpperCase() : ch;
        })
        .join('');
    const seed = fc.array(fc.nat(34), { minLength: 1, maxLength: 6 });
    const texts = (stems: string[]) =>
      fc.array(
        fc.array(
          fc.tuple(fc.nat(stems.length - 1), fc.nat(3), seed).map(([i, more, sd]) => spell(stems[i]! + 'enst'.slice(0, more), sd)),
          { maxLength: 6 },
        ),
        { minLength: 1, maxLength: 25 },
      );
    const queries = (stems: string[]) =>
      fc.array(
        fc.tuple(fc.nat(stems.length - 1), fc.nat(14), seed).map(([i, cut, sd]) => spell(`${stems[i]!}en`.slice(0, Math.max(1, cut)), sd)),
        { minLength: 1, maxLength: 2 },
      );
    const cases = fc.array(stem, { minLength: 1, maxLength: 5 }).chain((stems) => fc.tuple(texts(stems), queries(stems)));
    fc.assert(
      fc.property(cases, ([texts, query]) => {
        db.exec('delete from s');
        // Joined by separators, and by a digit, which makes one word of two.
        for (const [i, t] of texts.entries()) insert.run(i + 1, t.join([' ', ', ', '_', '-', '9'][i % 5]));
        const typed = query.map((w) => `"${w}"*`).join(' ');
        const expected = db.prepare('select rowid from s where s match ? order by rowid').all(typed) as { rowid: number }[];
        const plan = prefixSearch(query.join(' '));
        if (!plan) return;
        const got = (db.prepare('select rowid, body from s where s match ? order by rowid').all(plan.candidates) as { rowid: number; body: string }[]).filter((r) =>
          startsWords(r.body, plan.check),
        );
        expect(got.map((r) => r.rowid)).toEqual(expected.map((r) => r.rowid));
      }),
      { numRuns: 300 },
    );
  });

  it("scopedMatch asks the index for the organisations' entries, in the text only [issue 14]", () => {
    const db = new BetterSqlite3(':memory:');
    db.exec(`create virtual table s using fts5(case_id unindexed, scope, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5 8')`);
    const a = '01a211af-d7ec-7000-b47e-c592be934257';
    const b = '01a211af-5de9-7000-9e65-4b787c737b39';
    const c = '01b00000-0000-7000-8000-000000000000';
    const insert = db.prepare('insert into s (rowid, case_id, scope, body) values (?, ?, ?, ?)');
    const rows: [number, string, string][] = [
      [1, a, 'De begeleider kwam niet'],
      [2, b, 'Begeleiders te laat'],
      [3, c, 'Geen begeleiding'],
      [4, b, 'Klacht over wachttijd'],
      [5, a, 'Wachttijd en klachtenregeling'],
    ];
    for (const [id, org, body] of rows) insert.run(id, `c${id}`, scopeToken(org), body);
    const hits = (q: string) => (db.prepare('select rowid from s where s match ? order by rowid').all(q) as { rowid: number }[]).map((r) => r.rowid);
    expect(scopeToken(a)).toBe('o01a211afd7ec7000b47ec592be934257');
    expect(hits(scopedMatch('"begeleid"*', null))).toEqual([1, 2, 3]);
    expect(hits(scopedMatch('"begeleid"*', [a]))).toEqual([1]);
    expect(hits(scopedMatch('"begeleid"*', [a, b]))).toEqual([1, 2]);
    expect(hits(scopedMatch('"klach"* "wachttij"*', [a, b]))).toEqual([4, 5]);
    expect(hits(scopedMatch('"klach"* "wachttij"*', [b]))).toEqual([4]);
    // A word of an organisation's token is no word of any case.
    expect(hits(scopedMatch('"o01a2"*', null))).toEqual([]);
    expect(hits(scopedMatch(`"${scopeToken(a)}"`, [a]))).toEqual([]);
    // Without the text filter the token would be found.
    expect(hits('"o01a2"*')).toEqual([1, 2, 5, 4].sort());
  });
});
