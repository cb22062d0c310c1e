import { RouterLink } from '../../lib/router.tsx';
import { formatDateTime, useLocale, useMessages } from '../../lib/i18n.tsx';
import { calendarDaysBetween, todayIso, trafficLight, workingDaysLeft } from '../../lib/cases.ts';
import type { CaseDeadline } from '../../lib/cases.ts';
import { domain, duration, label } from '../../i18n/domain.ts';
import { cm } from './messages.ts';

export function dateOnly(locale: 'nl' | 'en', iso: string | null | undefined): string {
  return iso ? formatDateTime(locale, `${iso.slice(0, 10)}T12:00:00Z`, false) : '';
}

/**
 * A deadline as a traffic light: colour plus words (never colour alone) and
 * the days left, in working days where the term counts them.
 */
export function DeadlineLight({ deadline }: { deadline: Pick<CaseDeadline, 'due' | 'status'> & Partial<CaseDeadline> }) {
  const t = useMessages(cm);
  const { locale } = useLocale();
  const today = todayIso();
  const light = trafficLight(deadline, today);
  const calendar = calendarDaysBetween(today, deadline.due);
  const working = deadline.explanation ? workingDaysLeft(deadline as CaseDeadline, today) : null;
  let left = '';
  if (deadline.doneOn) left = deadline.status === 'met' ? t.light.doneOn(dateOnly(locale, deadline.doneOn)) : t.light.doneLate(dateOnly(locale, deadline.doneOn));
  else if (light === 'done') left = '';
  else if (calendar < 0) left = t.light.daysLate(-calendar);
  else if (calendar === 0) left = t.light.today;
  else left = working !== null ? t.light.workingDaysLeft(working) : t.light.daysLeft(calendar);
  return (
    <span className={`kw-light kw-light--${light}`}>
      <span className="kw-light__dot" aria-hidden="true" />
      <span className="kw-light__label">{t.light[light]}</span>
      <span className="kw-light__detail">
        {dateOnly(locale, deadline.due)}
        {left ? ` · ${left}` : ''}
      </span>
    </span>
  );
}

/**
 * A rule's source in words: "[004 §6.3]" is the regulation's article 6.3, "Awb 9:11"
 * the Awb's article 9:11. Parts it does not recognise stay as written.
 */
export function sourceWords(source: string, words: { regulation: string; article: string }): string {
  return source
    .split(/,\s*(?![^[]*\])/)
    .map((part) => {
      const own = /^\[\d{3} §\s*([^\]]+)\]$/.exec(part.trim());
      if (own) return `${words.regulation} ${words.article} ${own[1]}`;
      const law = /^(Awb|Wkkgz|Jeugdwet|Wmo(?: 2015)?|Atw)\s+(?:art\.\s*)?([\w:.]+)$/.exec(part.trim());
      if (law) return `${law[1]} ${words.article} ${law[2]}`;
      return part.trim();
    })
    .join(', ');
}

/** A rule's source in words, with the code as a link to the regulation page. */
export function SourceRef({ source }: { source: string }) {
  const t = useMessages(cm);
  return (
    <span className="kw-source-ref">
      {sourceWords(source, t.source)}{' '}
      <RouterLink href="/regulation" className="kw-source-code">
        {sourceText(source)}
      </RouterLink>
    </span>
  );
}

/** A rule's source as written: "[004 §6.8]" keeps its brackets, "Awb 9:11" gets them. */
export function sourceText(source: string): string {
  return source.startsWith('[') ? source : `[${source}]`;
}

/** The deadline's explanation in the reader's language, from its parts (the server's summary is English). */
export function useExplanation(): (deadline: CaseDeadline) => string {
  const t = useMessages(cm);
  const d = useMessages(domain);
  const { locale } = useLocale();
  return (deadline) => {
    const x = deadline.explanation;
    if (!x) return '';
    if (locale === 'en' && x.summary) return x.summary;
    const parts: string[] = [];
    if (x.length && x.unit && x.start) {
      parts.push(t.explain.term(duration(d, x.length, x.unit), label(t.explain.from, x.start.event), dateOnly(locale, x.start.date)));
    }
    if (x.asSoonAsPossible) parts.push(t.explain.asap);
    const skipped = x.skipped?.length ?? 0;
    if (skipped && x.unit === 'working-days') parts.push(t.explain.skipped(skipped));
    for (const e of x.extensions ?? []) parts.push(t.explain.extended(e.weeks, dateOnly(locale, e.dueAfter)));
    for (const p of x.pauses ?? []) parts.push(t.explain.paused(p.days));
    if (x.atw?.applies && x.atw.shiftedFrom) parts.push(t.explain.atw(dateOnly(locale, x.atw.shiftedFrom)));
    return parts.join(' ');
  };
}
