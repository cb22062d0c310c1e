/**
 * The Dutch calendar the regulations count in.
 *
 * Dates are plain 'YYYY-MM-DD' strings meaning a day in Europe/Amsterdam; instants
 * become dates through `amsterdamDate`. Arithmetic runs on day numbers (days since
 * 1970-01-01), so no time zone or DST can shift a day.
 *
 * Which days are not working days (decision, documented in regulations/README.md):
 * Saturday, Sunday, the general holidays of the Algemene termijnenwet (Atw art. 3:
 * New Year's Day, Easter Monday, Ascension Day, Whit Monday, Christmas Day, Boxing
 * Day, King's Day and 5 May, every year) and days a Royal Decree declares equal to
 * them (Atw art. 3 lid 3, data in regulations/atw-equal-days.json). Good Friday is
 * NOT a holiday here: the Atw does not list it and most of the social domain works.
 * The same set serves working-day counting and the Atw shift, so a term never ends
 * on a day that one rule calls working and the other not.
 */
import Holidays from 'date-holidays';
import equalDaysData from '../../regulations/atw-equal-days.json' with { type: 'json' };

/** A calendar day in Europe/Amsterdam, 'YYYY-MM-DD'. */
export type IsoDate = string;

export const DURATION_UNITS = ['working-days', 'calendar-days', 'weeks', 'months', 'years'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export interface Holiday {
  date: IsoDate;
  /** Dutch name, as in letters. */
  name: string;
  /** Why it is a non-working day. */
  source: string;
}

/** A day a Royal Decree declares equal to a general holiday (Atw art. 3 lid 3). */
export interface EqualDay {
  date: IsoDate;
  name: string;
  decree: string;
}

export type NonWorkingReason = 'saturday' | 'sunday' | 'holiday' | 'royal-decree';

export interface NonWorkingDay {
  date: IsoDate;
  reason: NonWorkingReason;
  /** The holiday's or decree day's name. */
  name?: string;
}

/** A date plus the non-working days that were passed over to reach it. */
export interface Shifted {
  date: IsoDate;
  skipped: NonWorkingDay[];
}

export interface AtwResult extends Shifted {
  /** Set when the term ended on a non-working day and was extended (Atw art. 1). */
  shiftedFrom?: IsoDate;
}

// ---------------------------------------------------------------- plain dates

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function parts(date: IsoDate): [number, number, number] {
  if (!isIsoDate(date)) throw new RangeError(`not a date (YYYY-MM-DD): ${String(date)}`);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function format(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01. */
export function toDayNumber(date: IsoDate): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

export function fromDayNumber(day: number): IsoDate {
  const dt = new Date(day * MS_PER_DAY);
  return format(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** `to - from` in calendar days. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/**
 * Calendar months, ending at the month's end where the day does not exist:
 * 31 January + 1 month = 28 (or 29) February.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return format(year, month, Math.min(d, daysInMonth(year, month)));
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

const amsterdamFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The Amsterdam calendar day of an instant (a Date or an ISO 8601 string with offset).
 * A bare 'YYYY-MM-DD' is already a date and is returned as is.
 */
export function amsterdamDate(instant: Date | string): IsoDate {
  if (typeof instant === 'string' && isIsoDate(instant)) return instant;
  const dt = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(dt.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  const ms = dt.getTime();
  // Since 1980 Amsterdam is a whole number of hours from UTC and changes its clocks at 01:00 UTC,
  // so its date changes only on whole UTC hours: one formatting per hour serves every instant in it.
  // Earlier instants are formatted one by one: the time zone database gives local mean time, an
  // offset in minutes, before 1892.
  const hour = Math.floor(ms / HOUR_MS);
  if (ms >= SINCE_1980_MS) {
    const known = amsterdamDayOfHour.get(hour);
    if (known) return known;
  }
  const byType = Object.fromEntries(amsterdamFormatter.formatToParts(dt).map((p) => [p.type, p.value]));
  const date = `${byType.year}-${byType.month}-${byType.day}`;
  if (ms >= SINCE_1980_MS) {
    if (amsterdamDayOfHour.size >= 4096) amsterdamDayOfHour.clear();
    amsterdamDayOfHour.set(hour, date);
  }
  return date;
}
const HOUR_MS = 3_600_000;
const SINCE_1980_MS = Date.UTC(1980, 0, 1);
const amsterdamDayOfHour = new Map<number, IsoDate>();

// ---------------------------------------------------------------- holidays

/**
 * The Atw's general holidays, keyed by the English name date-holidays gives them.
 * date-holidays types Good Friday and 5 May as 'school', so its types are not used:
 * this list is the overlay. 5 May is added for every year below, whatever the library says.
 */
const ATW_HOLIDAYS: Record<string, string> = {
  "New Year's Day": 'Nieuwjaarsdag',
  'Easter Monday': 'Tweede paasdag',
  'Ascension Day': 'Hemelvaartsdag',
  'Whit Monday': 'Tweede pinksterdag',
  'Christmas Day': 'Eerste kerstdag',
  'Boxing Day': 'Tweede kerstdag',
  "King's Day": 'Koningsdag',
  "Queen's Day": 'Koninginnedag',
};
const ATW_SOURCE = 'Atw art. 3';

const dateHolidays = new Holidays('NL');

export interface Calendar {
  /** The Atw general holidays of a year, in date order. */
  holidays(year: number): Holiday[];
  /** Why a day is not a working day, or null for a working day. */
  nonWorkingReason(date: IsoDate): NonWorkingDay | null;
  isWorkingDay(date: IsoDate): boolean;
  /**
   * The n-th working day after `date` (the start day itself is not counted); n = 0
   * returns `date` unchanged. This is how "within 5 working days of receipt" ends.
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  addWorkingDaysExplained(date: IsoDate, n: number): Shifted;
  /** Working days in (from, to]: the number n with addWorkingDays(from, n) ≤ to. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number;
  /**
   * Algemene termijnenwet art. 1: a term ending on a Saturday, Sunday or general holiday
   * runs on to the next day that is none of these.
   */
  applyAtw(date: IsoDate): AtwResult;
  /** A term's end: `length` units after `date` (working days skip non-working days). */
  addDuration(date: IsoDate, length: number, unit: DurationUnit): Shifted;
}

export function createCalendar(options: { equalDays?: readonly EqualDay[] } = {}): Calendar {
  const equal = new Map((options.equalDays ?? []).map((d) => [d.date, d]));
  const byYear = new Map<number, Map<IsoDate, Holiday>>();

  function holidayMap(year: number): Map<IsoDate, Holiday> {
    let map = byYear.get(year);
    if (map) return map;
    map = new Map();
    for (const h of dateHolidays.getHolidays(year, 'en')) {
      const name = ATW_HOLIDAYS[h.name];
      if (name) map.set(h.date.slice(0, 10), { date: h.date.slice(0, 10), name, source: ATW_SOURCE });
    }
    const liberation = format(year, 5, 5);
    map.set(liberation, { date: liberation, name: 'Bevrijdingsdag', source: ATW_SOURCE });
    byYear.set(year, map);
    return map;
  }

  function nonWorkingReason(date: IsoDate): NonWorkingDay | null {
    const dow = dayOfWeek(date);
    const holiday = holidayMap(Number(date.slice(0, 4))).get(date);
    if (holiday) return { date, reason: 'holiday', name: holiday.name };
    const decreed = equal.get(date);
    if (decreed) return { date, reason: 'royal-decree', name: decreed.name };
    if (dow === 6) return { date, reason: 'saturday' };
    if (dow === 0) return { date, reason: 'sunday' };
    return null;
  }

  const isWorkingDay = (date: IsoDate) => nonWorkingReason(date) === null;

  function addWorkingDaysExplained(date: IsoDate, n: number): Shifted {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
    const skipped: NonWorkingDay[] = [];
    let day = toDayNumber(date);
    let left = n;
    while (left > 0) {
      day += 1;
      const reason = nonWorkingReason(fromDayNumber(day));
      if (reason) skipped.push(reason);
      else left -= 1;
    }
    return { date: fromDayNumber(day), skipped };
  }

  function applyAtw(date: IsoDate): AtwResult {
    const skipped: NonWorkingDay[] = [];
    let day = date;
    for (let reason = nonWorkingReason(day); reason; reason = nonWorkingReason(day)) {
      skipped.push(reason);
      day = addDays(day, 1);
    }
    return skipped.length ? { date: day, skipped, shiftedFrom: date } : { date, skipped };
  }

  return {
    holidays: (year) => [...holidayMap(year).values()].sort((a, b) => compareDates(a.date, b.date)),
    nonWorkingReason,
    isWorkingDay,
    addWorkingDays: (date, n) => addWorkingDaysExplained(date, n).date,
    addWorkingDaysExplained,
    workingDaysBetween(from, to) {
      let count = 0;
      for (let day = toDayNumber(from) + 1; day <= toDayNumber(to); day++) {
        if (isWorkingDay(fromDayNumber(day))) count++;
      }
      return count;
    },
    applyAtw,
    addDuration(date, length, unit) {
      switch (unit) {
        case 'working-days':
          return addWorkingDaysExplained(date, length);
        case 'calendar-days':
          return { date: addDays(date, length), skipped: [] };
        case 'weeks':
          return { date: addDays(date, length * 7), skipped: [] };
        case 'months':
          return { date: addMonths(date, length), skipped: [] };
        case 'years':
          return { date: addYears(date, length), skipped: [] };
      }
    },
  };
}

/** The calendar with the Royal Decree days from regulations/atw-equal-days.json. */
export const dutchCalendar: Calendar = createCalendar({ equalDays: equalDaysData.days as EqualDay[] });
