import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Paragraph } from '@utrecht/component-library-react';
import { api, ApiError } from '../lib/api.ts';
import { useAuth } from '../lib/auth.tsx';
import { useMessages } from '../lib/i18n.tsx';
import { navigate, safeNext, useLocation } from '../lib/router.tsx';
import type { User } from '../lib/types.ts';
import { core } from '../i18n/core.ts';
import { ErrorSummary, isEmail, TextField, useFormErrors } from '../components/form.tsx';
import { PageTitle, StatusMessage } from '../components/page.tsx';
import { SsoSignIn } from './SsoSignIn.tsx';

export function LoginPage() {
  const t = useMessages(core);
  const { signedIn } = useAuth();
  const location = useLocation();
  const form = useFormErrors('login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const state = location.state as { flash?: string; expired?: boolean } | null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!email.trim()) errors.email = t.login.emailRequired;
    else if (!isEmail(email)) errors.email = t.login.emailInvalid;
    if (!password) errors.password = t.login.passwordRequired;
    if (form.showClientErrors(errors, ['email', 'password'])) return;
    setBusy(true);
    try {
      const { user } = await api<{ user: User }>('/auth/login', {
        method: 'POST',
        body: { email: email.trim(), password },
        allowUnauthorized: true,
      });
      form.clear();
      signedIn(user);
      navigate(safeNext(new URLSearchParams(location.search).get('next')), { replace: true });
    } catch (error) {
      setBusy(false);
      setPassword('');
      if (error instanceof ApiError && error.status === 401) {
        form.showServerError(new ApiError(401, 'unauthorized', t.login.wrongPair));
      } else if (error instanceof ApiError && error.status === 429) {
        form.showServerError(new ApiError(429, 'too-many-requests', t.login.tooMany));
      } else {
        form.showServerError(error, { email: t.login.email, password: t.login.password });
      }
    }
  }

  return (
    <div className="kw-narrow">
      <PageTitle>{t.login.title}</PageTitle>
      {state?.flash === 'loggedOut' ? <StatusMessage>{t.login.loggedOut}</StatusMessage> : null}
      {state?.expired ? <StatusMessage>{t.login.expired}</StatusMessage> : null}
      <ErrorSummary form={form} />
      <SsoSignIn search={location.search} />
      <Paragraph>{t.login.intro}</Paragraph>
      <form onSubmit={onSubmit} noValidate aria-busy={busy || undefined} className="kw-form">
        <TextField
          form={form}
          path="email"
          label={t.login.email}
          type="email"
          autoComplete="username"
          inputMode="email"
          spellCheck={false}
          required
          value={email}
          onChange={setEmail}
        />
        <TextField
          form={form}
          path="password"
          label={t.login.password}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
        />
        <div className="kw-actions">
          <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
            {busy ? t.login.submitting : t.login.submit}
          </Button>
        </div>
      </form>
    </div>
  );
}
