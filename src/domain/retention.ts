/**
 * Dates that follow from the regulation outside a case's own terms: how long a
 * closed dossier is kept [000 §3.8], and when reports are due [001 art. 11.1].
 */
import { addDays, addMonths, addYears, type IsoDate } from './calendar.ts';
import type { Regulation } from './regulation.schema.ts';

/** The day from which a dossier closed on `closedOn` is to be destroyed. */
export function retentionEnd(regulation: Regulation, closedOn: IsoDate): { destroyFrom: IsoDate; source: string } {
  const { length, unit, source } = regulation.retention;
  return { destroyFrom: unit === 'years' ? addYears(closedOn, length) : addMonths(closedOn, length), source };
}

export interface ReportDue {
  period: 'year' | 'half-year';
  to: Regulation['reports'][number]['to'];
  /** The report is due before this day; `lastDay` is the last day to hand it in. */
  dueBefore: IsoDate;
  lastDay: IsoDate;
  source: string;
}

/** The report deadlines that fall in `year`, in date order. */
export function reportDueDates(regulation: Regulation, year: number): ReportDue[] {
  const out: ReportDue[] = [];
  for (const report of regulation.reports) {
    for (const monthDay of report.dueBefore) {
      const dueBefore = `${String(year).padStart(4, '0')}-${monthDay}`;
      out.push({ period: report.period, to: report.to, dueBefore, lastDay: addDays(dueBefore, -1), source: report.source });
    }
  }
  return out.sort((a, b) => (a.dueBefore < b.dueBefore ? -1 : a.dueBefore > b.dueBefore ? 1 : 0));
}
