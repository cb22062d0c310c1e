import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import type { AnchorHTMLAttributes, MouseEvent, ReactNode } from 'react';
import { Link as UtrechtLink } from '@utrecht/component-library-react';

export { matchPath, safeNext } from './paths.ts';

/**
 * Tiny router on the History API. Routes are matched by the app itself with
 * `matchPath`; this module only tracks the location, navigates, and offers a
 * link that navigates without a page load.
 */
export interface Location {
  pathname: string;
  search: string;
  hash: string;
  /** Increases on every client-side navigation; 0 on the initial page load. */
  key: number;
  /** Optional state passed to navigate() (e.g. a flash message). */
  state: unknown;
}

type Listener = () => void;
const listeners = new Set<Listener>();
let navigationCount = 0;
let current = readLocation();

function readLocation(): Location {
  const { pathname, search, hash } = window.location;
  const raw: unknown = window.history.state;
  const state = raw && typeof raw === 'object' && 'usr' in raw ? (raw as { usr: unknown }).usr : null;
  return { pathname, search, hash, key: navigationCount, state };
}

function emit(): void {
  current = readLocation();
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', () => {
  // A change of only the hash (e.g. the skip link) is not a page change.
  const { pathname, search } = window.location;
  if (pathname !== current.pathname || search !== current.search) navigationCount += 1;
  emit();
});

export interface NavigateOptions {
  replace?: boolean;
  state?: unknown;
}

export function navigate(to: string, options: NavigateOptions = {}): void {
  navigationCount += 1;
  const data = { usr: options.state ?? null };
  if (options.replace) window.history.replaceState(data, '', to);
  else window.history.pushState(data, '', to);
  if (!options.replace || !to.includes('#')) window.scrollTo(0, 0);
  emit();
}

const LocationContext = createContext<Location>(current);

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState<Location>(current);
  useEffect(() => {
    const listener = () => setLocation(current);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return <LocationContext value={location}>{children}</LocationContext>;
}

export function useLocation(): Location {
  return useContext(LocationContext);
}

export function useSearchParams(): URLSearchParams {
  const { search } = useLocation();
  return useMemo(() => new URLSearchParams(search), [search]);
}

function isPlainLeftClick(event: MouseEvent<HTMLAnchorElement>): boolean {
  return event.button === 0 && !event.defaultPrevented && !event.metaKey && !event.altKey && !event.ctrlKey && !event.shiftKey;
}

export interface RouterLinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  href: string;
  state?: unknown;
}

/** An NL Design System link that navigates client-side. */
export function RouterLink({ href, state, onClick, children, ...rest }: RouterLinkProps) {
  const location = useLocation();
  const current = location.pathname === href ? 'page' : undefined;
  return (
    <UtrechtLink
      aria-current={current}
      {...rest}
      href={href}
      onClick={(event: MouseEvent<HTMLAnchorElement>) => {
        onClick?.(event);
        if (!isPlainLeftClick(event) || rest.target) return;
        event.preventDefault();
        navigate(href, { state });
      }}
    >
      {children}
    </UtrechtLink>
  );
}
