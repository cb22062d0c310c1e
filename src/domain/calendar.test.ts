import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, amsterdamDate, createCalendar, dayOfWeek, dutchCalendar as cal, fromDayNumber, toDayNumber } from './calendar.ts';

/** Easter Sunday by the anonymous Gregorian algorithm: an independent check on date-holidays. */
function easter(year: number): string {
  const a = year % 19,
    b = Math.floor(year / 100),
    c = year % 100;
  const d = Math.floor(b / 4),
    e = b % 4,
    f = Math.floor((b + 8) / 25),
    g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30,
    i = Math.floor(c / 4),
    k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7,
    m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31),
    day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

describe('Atw general holidays (Atw art. 3)', () => {
  it.each([2020, 2024, 2025, 2026, 2030, 2035])('%i has exactly the eight Atw holidays', (year) => {
    const e = easter(year);
    const kingsDay = dayOfWeek(`${year}-04-27`) === 0 ? `${year}-04-26` : `${year}-04-27`;
    expect(cal.holidays(year).map((h) => h.date)).toEqual(
      [
        `${year}-01-01`,
        addDays(e, 1), // Easter Monday
        kingsDay,
        `${year}-05-05`,
        addDays(e, 39), // Ascension Day
        addDays(e, 50), // Whit Monday
        `${year}-12-25`,
        `${year}-12-26`,
      ].sort(),
    );
  });

  it('Good Friday is a working day; 5 May is not, in every year (Atw art. 3)', () => {
    expect(cal.isWorkingDay('2026-04-03')).toBe(true); // Good Friday 2026
    expect(cal.nonWorkingReason('2026-05-05')).toEqual({ date: '2026-05-05', reason: 'holiday', name: 'Bevrijdingsdag' });
    expect(cal.nonWorkingReason('2027-05-05')?.reason).toBe('holiday'); // not a lustrum year
  });

  it("King's Day moves to 26 April when 27 April is a Sunday (2025)", () => {
    expect(cal.nonWorkingReason('2025-04-26')?.name).toBe('Koningsdag');
    expect(cal.nonWorkingReason('2025-04-27')?.reason).toBe('sunday');
  });

  it('a Royal Decree day counts as a holiday (Atw art. 3 lid 3)', () => {
    const decreed = createCalendar({ equalDays: [{ date: '2026-12-24', name: 'Gelijkgestelde dag', decree: 'KB test' }] });
    expect(cal.isWorkingDay('2026-12-24')).toBe(true);
    expect(decreed.nonWorkingReason('2026-12-24')).toEqual({ date: '2026-12-24', reason: 'royal-decree', name: 'Gelijkgestelde dag' });
    expect(decreed.applyAtw('2026-12-24')).toMatchObject({ date: '2026-12-28', shiftedFrom: '2026-12-24' });
  });
});

describe('dates', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2025-08-31', 1, '2025-09-30'],
    ['2025-12-15', 2, '2026-02-15'],
    ['2024-02-29', 12, '2025-02-28'],
  ])('%s + %i month(s) = %s (month ends)', (from, n, to) => {
    expect(addMonths(from, n)).toBe(to);
  });

  it.each([
    ['2026-03-28T23:30:00Z', '2026-03-29'], // CET: 00:30 next day
    ['2026-03-29T22:30:00Z', '2026-03-30'], // CEST since that night: 00:30
    ['2026-10-25T21:59:59Z', '2026-10-25'], // CET again: 22:59
    ['2026-06-30T22:00:00Z', '2026-07-01'],
    ['2026-06-30T21:59:59+00:00', '2026-06-30'],
    ['2026-06-30', '2026-06-30'],
  ])('the instant %s is %s in Amsterdam', (instant, date) => {
    expect(amsterdamDate(instant)).toBe(date);
    expect(amsterdamDate(instant.length > 10 ? new Date(instant) : instant)).toBe(date);
  });

  it('gives the date the time zone database gives for any instant, also once the hour is known [issue 14]', () => {
    // amsterdamDate remembers the date of each UTC hour; this checks that against Intl for every
    // instant drawn, around the clock changes and midnights included, with the first and last moment of its hour.
    const tz = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });
    const edges = [
      '1980-01-01T00:00:00Z',
      '1996-03-31T00:59:59.999Z',
      '1996-03-31T01:00:00Z',
      '2026-03-28T22:59:59.999Z',
      '2026-03-28T23:00:00Z',
      '2026-10-24T21:59:59.999Z',
      '2026-10-24T22:00:00Z',
      '2026-10-25T22:59:59.999Z',
      '2026-10-25T23:00:00Z',
      '1939-05-15T23:40:00Z',
    ].map((x) => Date.parse(x));
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...edges)), (ms) => {
        // The instant, then the first and last millisecond of its UTC hour.
        const hour = Math.floor(ms / 3_600_000) * 3_600_000;
        for (const at of [ms, hour, hour + 3_599_999, ms]) expect(amsterdamDate(new Date(at))).toBe(tz.format(new Date(at)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('rejects what is not a date', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => amsterdamDate('yesterday')).toThrow(RangeError);
  });
});

describe('working days', () => {
  it('counts from the day after, skipping weekend and holidays', () => {
    // Thursday 23 April 2026 + 5: Fri 24, Tue 28, Wed 29, Thu 30, Fri 1 May (King's Day Mon 27 skipped).
    expect(cal.addWorkingDaysExplained('2026-04-23', 5)).toEqual({
      date: '2026-05-01',
      skipped: [
        { date: '2026-04-25', reason: 'saturday' },
        { date: '2026-04-26', reason: 'sunday' },
        { date: '2026-04-27', reason: 'holiday', name: 'Koningsdag' },
      ],
    });
    expect(cal.addWorkingDays('2026-04-23', 0)).toBe('2026-04-23');
  });

  it('the Atw moves a term ending on Christmas Day to the next working day', () => {
    expect(cal.applyAtw('2025-12-25')).toEqual({
      date: '2025-12-29',
      shiftedFrom: '2025-12-25',
      skipped: [
        { date: '2025-12-25', reason: 'holiday', name: 'Eerste kerstdag' },
        { date: '2025-12-26', reason: 'holiday', name: 'Tweede kerstdag' },
        { date: '2025-12-27', reason: 'saturday' },
        { date: '2025-12-28', reason: 'sunday' },
      ],
    });
    expect(cal.applyAtw('2025-12-24')).toEqual({ date: '2025-12-24', skipped: [] });
  });
});

describe('calendar properties, 2020–2035', () => {
  const from = toDayNumber('2020-01-01');
  const to = toDayNumber('2035-12-31');
  const date = fc.integer({ min: from, max: to }).map(fromDayNumber);
  const n = fc.integer({ min: 1, max: 60 });

  it('adding N ≥ 1 working days lands on a working day', () => {
    fc.assert(
      fc.property(date, n, (d, k) => cal.isWorkingDay(cal.addWorkingDays(d, k))),
      { numRuns: 400 },
    );
  });

  it('is strictly monotonic in N', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 59 }), (d, k) => cal.addWorkingDays(d, k + 1) > cal.addWorkingDays(d, k)),
      { numRuns: 400 },
    );
  });

  it('agrees with counting day by day', () => {
    fc.assert(
      fc.property(date, n, (d, k) => {
        let day = d;
        let counted = 0;
        while (counted < k) {
          day = addDays(day, 1);
          const dow = dayOfWeek(day);
          const holiday = cal.holidays(Number(day.slice(0, 4))).some((h) => h.date === day);
          if (dow !== 0 && dow !== 6 && !holiday) counted++;
        }
        return cal.addWorkingDays(d, k) === day && cal.workingDaysBetween(d, day) === k;
      }),
      { numRuns: 300 },
    );
  });

  it('the Atw end is the first working day on or after the term end', () => {
    fc.assert(
      fc.property(date, (d) => {
        const end = cal.applyAtw(d).date;
        if (!cal.isWorkingDay(end) || end < d) return false;
        for (let x = d; x < end; x = addDays(x, 1)) if (cal.isWorkingDay(x)) return false;
        return true;
      }),
      { numRuns: 400 },
    );
  });

  it('adding months never overflows into the next month', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -24, max: 24 }), (d, k) => {
        const r = addMonths(d, k);
        const months = (Number(r.slice(0, 4)) - Number(d.slice(0, 4))) * 12 + Number(r.slice(5, 7)) - Number(d.slice(5, 7));
        return months === k && Number(r.slice(8)) <= Number(d.slice(8));
      }),
      { numRuns: 400 },
    );
  });
});
