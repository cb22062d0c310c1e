// Dutch formatting for letters: dates in long form, times on the Amsterdam clock,
// and text made safe for the PDF's standard fonts.

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'] as const;
const WEEKDAYS = ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'] as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): { y: number; m: number; d: number } {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`expected a date YYYY-MM-DD, got "${date}"`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) throw new RangeError(`no such date: "${date}"`);
  return { y, m, d };
}

/** '2026-11-23' → '23 november 2026'. */
export function dutchDate(date: string): string {
  const { y, m, d } = parts(date);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** '2026-11-23' → 'maandag 23 november 2026'. */
export function dutchDateWithWeekday(date: string): string {
  const { y, m, d } = parts(date);
  return `${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]} ${dutchDate(date)}`;
}

const amsterdam = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * A moment as people in the Netherlands read it: 'dinsdag 1 december 2026 om 14.30 uur'.
 * Accepts an instant with offset ('2026-12-01T13:30:00Z') or a local Amsterdam
 * time without one ('2026-12-01T14:30').
 */
export function dutchDateTime(at: string): string {
  const local = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(:\d{2}(\.\d+)?)?$/.exec(at);
  if (local) return `${dutchDateWithWeekday(local[1]!)} om ${local[2]}.${local[3]} uur`;
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`expected a date and time, got "${at}"`);
  const p = Object.fromEntries(amsterdam.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${dutchDateWithWeekday(`${p.year}-${p.month}-${p.day}`)} om ${p.hour}.${p.minute} uur`;
}

// Letters and reports embed Noto Sans (src/letters/pdf.ts), which covers the Latin
// scripts (with Latin Extended: Polish, Turkish, Romanian, Czech, Vietnamese names),
// Greek and Cyrillic, and common punctuation and currency signs. What it does not
// cover is reduced to a base letter or '?'.
const FALLBACKS: Record<string, string> = { '\u2212': '-' };

function encodable(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return (
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0x24f) || // Latin-1, Latin Extended-A and -B
    (c >= 0x370 && c <= 0x3ff) || // Greek
    (c >= 0x400 && c <= 0x4ff) || // Cyrillic
    (c >= 0x1e00 && c <= 0x1eff) || // Latin Extended Additional
    (c >= 0x2010 && c <= 0x2027) || // dashes, quotes, bullet, ellipsis
    (c >= 0x2030 && c <= 0x203a) ||
    (c >= 0x20a0 && c <= 0x20bf) || // currency signs (€)
    c === 0x2122
  );
}

/**
 * Free text as the PDF fonts can print it: line breaks normalised, tabs and
 * control characters made spaces, letters outside the embedded font reduced to
 * their base letter, and anything else (emoji, other scripts) to '?'.
 */
export function pdfSafe(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC').replace(/\r\n?/g, '\n')) {
    if (ch === '\n') out += ch;
    else if (encodable(ch)) out += ch;
    else if (/[\t\p{Cc}\p{Zs}\u2028\u2029]/u.test(ch)) out += ' ';
    else if (/[\p{Cf}\p{M}]/u.test(ch))
      continue; // zero-width and stray combining marks
    else if (FALLBACKS[ch] !== undefined) out += FALLBACKS[ch];
    else {
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base !== '' && [...base].every(encodable) ? base : '?';
    }
  }
  return out;
}
