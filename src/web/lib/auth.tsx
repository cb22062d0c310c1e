import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, ApiError, setUnauthorizedHandler } from './api.ts';
import type { User } from './types.ts';

export type AuthState =
  | { status: 'loading'; user: null }
  | { status: 'anonymous'; user: null; expired: boolean }
  | { status: 'authenticated'; user: User /** An organisation requires a second factor first (the account page sets it up). */; mustEnrolSecondFactor?: boolean };

interface AuthContextValue {
  state: AuthState;
  signedIn: (user: User) => void;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading', user: null });

  const refresh = useCallback(async () => {
    try {
      const { user, secondFactorEnrolmentRequired } = await api<{ user: User | null; secondFactorEnrolmentRequired?: boolean }>('/auth/session', { allowUnauthorized: true });
      setState(user ? { status: 'authenticated', user, mustEnrolSecondFactor: !!secondFactorEnrolmentRequired } : { status: 'anonymous', user: null, expired: false });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setState({ status: 'anonymous', user: null, expired: false });
      } else {
        // Server unreachable: show the login page; logging in reports the error.
        setState({ status: 'anonymous', user: null, expired: false });
      }
    }
  }, []);

  useEffect(() => {
    void refresh();
    setUnauthorizedHandler(() => setState({ status: 'anonymous', user: null, expired: true }));
    return () => setUnauthorizedHandler(null);
  }, [refresh]);

  const signedIn = useCallback(
    (user: User) => {
      setState({ status: 'authenticated', user });
      // /me tells whether a second factor must be set up first.
      void refresh();
    },
    [refresh],
  );

  const logout = useCallback(async () => {
    let endSessionUrl: string | undefined;
    try {
      endSessionUrl = (await api<{ endSessionUrl: string } | undefined>('/auth/logout', { method: 'POST', allowUnauthorized: true }))?.endSessionUrl;
    } finally {
      setState({ status: 'anonymous', user: null, expired: false });
    }
    // Signed in through the organisation's provider: end that session too (RP-initiated logout).
    if (endSessionUrl) window.location.assign(endSessionUrl);
  }, []);

  const value = useMemo(() => ({ state, signedIn, logout, refresh }), [state, signedIn, logout, refresh]);
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user; only for components rendered inside the shell. */
export function useUser(): User {
  const { state } = useAuth();
  if (state.status !== 'authenticated') throw new Error('useUser without a signed-in user');
  return state.user;
}
