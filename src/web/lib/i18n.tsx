import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';

/**
 * Tiny i18n. Dutch is the source language; every dictionary is written in
 * Dutch first and the English one must have the same shape (checked by the
 * compiler via `Messages<typeof nl>`). Dictionaries live next to the code that
 * uses them, so a lazy chunk carries its own strings and the initial bundle
 * only holds the shell's.
 */
export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'klachtwijzer.locale';

/** Widens string literals so the English dictionary can differ in wording. */
export type Messages<T> = {
  [K in keyof T]: T[K] extends string ? string : T[K] extends (...args: infer A) => string ? (...args: A) => string : Messages<T[K]>;
};

export interface Dictionary<T> {
  nl: T;
  en: Messages<T>;
}

export function defineMessages<const T>(nl: T, en: Messages<T>): Dictionary<T> {
  return { nl, en };
}

function readStoredLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (stored === 'nl' || stored === 'en') return stored;
  } catch {
    // Storage can be unavailable (privacy mode); fall back to Dutch.
  }
  return 'nl';
}

interface LocaleState {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleState>({ locale: 'nl', setLocale: () => {} });

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(readStoredLocale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Ignore: the choice then only lasts for this page.
    }
    setLocaleState(next);
  }, []);

  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext value={value}>{children}</LocaleContext>;
}

export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

/** The messages of `dict` in the current locale. */
export function useMessages<T>(dict: Dictionary<T>): Messages<T> {
  const { locale } = useContext(LocaleContext);
  return locale === 'en' ? dict.en : (dict.nl as Messages<T>);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Formats an ISO timestamp for display, in the current locale. */
export function formatDateTime(locale: Locale, iso: string | null | undefined, withTime = true): string {
  if (!iso) return '';
  // Amsterdam wall time without an offset (a planned hearing) is shown as written,
  // not read in the browser's own zone.
  const wall = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso);
  const date = new Date(wall ? `${iso}Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  const key = `${locale}:${withTime}:${wall}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
      dateStyle: 'medium',
      ...(withTime ? { timeStyle: 'short' } : {}),
      timeZone: wall ? 'UTC' : 'Europe/Amsterdam',
    });
    dateTimeFormats.set(key, format);
  }
  return format.format(date);
}
