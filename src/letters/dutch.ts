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

// The PDF standard fonts (Helvetica) encode WinAnsi (Windows-1252) only; other
// characters come out as wrong glyphs. Latin-1 plus these CP1252 extras is what
// they can show.
const CP1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const FALLBACKS: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ħ: 'h', Ħ: 'H', ŀ: 'l', Ŀ: 'L', '\u2212': '-', '\u2010': '-', '\u2011': '-', '\u2032': "'", '\u2033': '"' };

function encodable(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || CP1252_EXTRAS.has(ch);
}

/**
 * Free text as the PDF fonts can print it: line breaks normalised, tabs and
 * control characters made spaces, letters outside WinAnsi reduced to their base
 * letter (ș → s, ł → l), and anything else (emoji, other scripts) to '?'.
 */
export function pdfSafe(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC').replace(/\r\n?/g, '\n')) {
    if (ch === '\n') out += ch;
    else if (encodable(ch)) out += ch;
    else if (/[\t\p{Cc}\p{Zs}\u2028\u2029]/u.test(ch)) out += ' ';
    else if (/[\p{Cf}\p{M}]/u.test(ch)) continue; // zero-width and stray combining marks
    else if (FALLBACKS[ch] !== undefined) out += FALLBACKS[ch];
    else {
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base !== '' && [...base].every(encodable) ? base : '?';
    }
  }
  return out;
}
