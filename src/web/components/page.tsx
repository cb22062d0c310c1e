import { useEffect, useRef, useState } from 'react';
import type { MouseEvent, ReactNode } from 'react';
import { Alert, Button, ButtonLink, Heading1, Paragraph, Table, TableBody, TableContainer, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { navigate, useLocation } from '../lib/router.tsx';
import { useMessages } from '../lib/i18n.tsx';
import { core } from '../i18n/core.ts';
import { messageForError } from './form.tsx';

let lastFocusedNavigation = 0;

/**
 * The page's h1. Sets the document title and, after a client-side navigation,
 * moves focus to the heading so screen reader users hear where they are.
 */
export function PageTitle({ children, title }: { children: ReactNode; title?: string }) {
  const t = useMessages(core);
  const ref = useRef<HTMLHeadingElement>(null);
  const location = useLocation();
  const text = title ?? (typeof children === 'string' ? children : '');

  useEffect(() => {
    document.title = text ? `${text} – ${t.appName}` : t.appName;
  }, [text, t.appName]);

  useEffect(() => {
    if (location.key > 0 && location.key !== lastFocusedNavigation) {
      lastFocusedNavigation = location.key;
      ref.current?.focus({ preventScroll: true });
    }
  }, [location.key]);

  return (
    <Heading1 ref={ref} tabIndex={-1} className="kw-page-title">
      {children}
    </Heading1>
  );
}

export function Loading() {
  const t = useMessages(core);
  return (
    <Paragraph role="status" className="kw-loading">
      {t.loading}
    </Paragraph>
  );
}

export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  const t = useMessages(core);
  return (
    <Alert type="error">
      <Paragraph>
        {t.form.loadError} {messageForError(error, t)}
      </Paragraph>
      {retry ? (
        <Button appearance="secondary-action-button" onClick={retry}>
          {t.form.retry}
        </Button>
      ) : null}
    </Alert>
  );
}

/** A status message handed over via navigation state (e.g. "organisation created"). */
export function useFlash(): string | null {
  const location = useLocation();
  const state = location.state as { flash?: unknown } | null;
  const flash = state && typeof state.flash === 'string' ? state.flash : null;
  useEffect(() => {
    // Shown once: a reload or a later visit through history does not repeat it.
    if (flash) window.history.replaceState({ usr: null }, '');
  }, [flash]);
  return flash;
}

export function StatusMessage({ children }: { children: ReactNode }) {
  return (
    <Alert type="ok" role="status" className="kw-status">
      <Paragraph>{children}</Paragraph>
    </Alert>
  );
}

/** Horizontally scrollable, keyboard-reachable container for wide tables (320 px). */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <TableContainer className="kw-table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </TableContainer>
  );
}

/** A column of a HeadedTable: its header, or its header and a class for the header cell (`kw-num` for figures). */
export type Column = string | { label: string; className: string };

/** Columns of figures, aligned to the right. */
export function figureColumns(...labels: string[]): Column[] {
  return labels.map((label) => ({ label, className: 'kw-num' }));
}

/**
 * A scrollable table with one row of column headers; the body's rows are the
 * children. `caption`: the label is also the table's (visually hidden) caption.
 */
export function HeadedTable({
  label,
  columns,
  className,
  caption = false,
  children,
}: {
  label: string;
  columns: Column[];
  className?: string;
  caption?: boolean;
  children: ReactNode;
}) {
  return (
    <ScrollTable label={label}>
      <Table className={className}>
        {caption ? <caption className="utrecht-table__caption kw-visually-hidden">{label}</caption> : null}
        <TableHeader>
          <TableRow>
            {columns.map((column, i) =>
              typeof column === 'string' ? (
                <TableHeaderCell key={i} scope="col">
                  {column}
                </TableHeaderCell>
              ) : (
                <TableHeaderCell key={i} scope="col" className={column.className}>
                  {column.label}
                </TableHeaderCell>
              ),
            )}
          </TableRow>
        </TableHeader>
        <TableBody>{children}</TableBody>
      </Table>
    </ScrollTable>
  );
}

/** A button-styled link that navigates client-side. */
export function RouterButtonLink({
  href,
  children,
  appearance = 'primary-action-button',
}: {
  href: string;
  children: ReactNode;
  appearance?: 'primary-action-button' | 'secondary-action-button' | 'subtle-button';
}) {
  return (
    <ButtonLink
      href={href}
      appearance={appearance}
      onClick={(event: MouseEvent<HTMLAnchorElement>) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </ButtonLink>
  );
}

/** Loads data for a page; `reload` fetches again. */
export function useLoader<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloads when the caller's deps change or on retry (attempt), not for every new closure
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ error, loading: false });
      },
    );
    return () => controller.abort();
  }, [...deps, attempt]);
  return { ...state, reload: () => setAttempt((n) => n + 1), setData: (data: T) => setState({ data, loading: false }) };
}
