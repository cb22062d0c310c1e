/**
 * Full-text search words, as SQLite's index (FTS5, `unicode61 remove_diacritics 2`) sees them.
 *
 * The work queue's search matches every word as the start of a word in the case ("Jans" finds
 * Jansen, "klacht" finds klachten). FTS5 answers a prefix from a prefix index lazily, newest first,
 * but only for prefixes of the lengths it keeps (`SEARCH_PREFIX_LENGTHS`); any other length it
 * answers by first merging the lists of every word with that start: 36 ms for "begeleider" at 1M
 * cases, growing with the data. So a longer word is looked up by the longest kept prefix within it
 * ("begeleider" by "begeleid") and the cases found are checked for the whole word here.
 */

/** The prefix lengths the search index keeps (migration 2026-12-03-904). */
export const SEARCH_PREFIX_LENGTHS = [3, 5, 8] as const;

// unicode61: letters, numbers and private-use characters make up words; everything else separates.
// Combining marks stay with their letter, so that a decomposed "e" + "´" folds to "e" as FTS5 does.
const WORD = /[\p{L}\p{N}\p{Co}][\p{L}\p{N}\p{Co}\p{M}]*/gu;

/** The words of a text, lower-cased and without diacritics ("Coördinator" → "coordinator"). */
export function searchWords(text: string): string[] {
  return (text.match(WORD) ?? []).map(fold);
}

const LATIN = /^[\p{Script=Latin}\p{N}\p{M}]+$/u;

export interface PrefixSearch {
  /** The FTS5 query that finds every case the search can match, from the prefix index alone. */
  candidates: string;
  /** The words each candidate must start a word with; empty when the candidates are the answer. */
  check: string[];
}

/**
 * How to answer a search from the prefix index: null when it cannot (a word under the shortest kept
 * prefix, or a word of several parts such as "o'brien", which FTS5 reads as a phrase), and the
 * search then runs as typed.
 */
export function prefixSearch(query: string): PrefixSearch | null {
  const typed = query.split(/\s+/).filter(Boolean).slice(0, 10);
  if (typed.length === 0) return null;
  const parts: string[] = [];
  const check: string[] = [];
  for (const w of typed) {
    const raw = w.match(WORD) ?? [];
    // Latin script only: there the folding above is the index's (remove_diacritics folds Latin letters only).
    if (raw.length !== 1 || !LATIN.test(raw[0]!)) return null;
    const word = [...fold(raw[0]!)];
    const kept = SEARCH_PREFIX_LENGTHS.filter((n) => n <= word.length).at(-1);
    if (kept === undefined) return null;
    parts.push(`"${word.slice(0, kept).join('')}"*`);
    if (kept < word.length) check.push(word.join(''));
  }
  return { candidates: parts.join(' '), check };
}

/** Whether a text has a word starting with each of `words` (as given by `prefixSearch`). */
export function startsWords(text: string, words: string[]): boolean {
  return wordStarts(words)(text);
}

/**
 * The test of `startsWords` for these words, made once for the many candidates of a page. Most
 * texts are plain ASCII: for those folding is lower-casing, and a case-insensitive search from the
 * start stops at the first hit, where folding the whole text took most of a common word's check.
 */
export function wordStarts(words: string[]): (text: string) => boolean {
  if (words.length === 0) return () => true;
  // A word with other letters than ASCII never starts a word in an ASCII text (null: it cannot).
  const ascii = words.map((w) => (NON_ASCII.test(w) ? null : new RegExp(`(?<![A-Za-z0-9])${w.replace(/[^A-Za-z0-9]/g, '\\$&')}`, 'i')));
  return (text) => {
    if (isAscii(text)) return ascii.every((r) => r?.test(text) ?? false);
    // Folded once and searched, rather than split into words.
    const folded = fold(text);
    return words.every((w) => {
      for (let i = folded.indexOf(w); i !== -1; i = folded.indexOf(w, i + 1)) {
        if (i === 0) return true;
        // The character before, whole (a letter outside the BMP is two UTF-16 units).
        const low = folded.charCodeAt(i - 1);
        const before = low >= 0xdc00 && low <= 0xdfff && i >= 2 ? folded.codePointAt(i - 2)! : low;
        if (!WORD_CHAR.test(String.fromCodePoint(before))) return true;
      }
      return false;
    });
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range, control characters included
const NON_ASCII = /[^\x00-\x7f]/;
// Whether a text is ASCII only: one UTF-8 byte per UTF-16 unit. Node counts this natively, about
// five times faster than NON_ASCII over a 1.4 KB text.
const isAscii = (text: string) => Buffer.byteLength(text, 'utf8') === text.length;
const WORD_CHAR = /[\p{L}\p{N}\p{Co}]/u;
const fold = (text: string) => text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

/**
 * The search index's token for an organisation (migration 910): "o" and its id's hex digits, one
 * word to the tokenizer. Held in the index's `scope` column, so that a search can ask the index for
 * one organisation's entries instead of joining every newer entry to its case to filter them.
 */
export const scopeToken = (organisationId: string) => `o${organisationId.replace(/[^0-9A-Za-z]/g, '').toLowerCase()}`;

/**
 * The FTS5 query for `query` (made by prefixSearch or ftsQuery) over the text only, and, given
 * organisations, over their entries only. A user's words never match the scope column.
 */
export function scopedMatch(query: string, organisationIds: readonly string[] | null): string {
  const text = `body : (${query})`;
  if (!organisationIds?.length) return text;
  return `scope : (${organisationIds.map(scopeToken).join(' OR ')}) AND ${text}`;
}
