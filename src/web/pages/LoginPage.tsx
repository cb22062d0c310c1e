import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Paragraph } from '@utrecht/component-library-react';
import { api, ApiError } from '../lib/api.ts';
import { useAuth } from '../lib/auth.tsx';
import { defineMessages, useMessages } from '../lib/i18n.tsx';
import { navigate, safeNext, useLocation } from '../lib/router.tsx';
import type { User } from '../lib/types.ts';
import { core } from '../i18n/core.ts';
import { ErrorSummary, isEmail, TextField, useFormErrors } from '../components/form.tsx';
import { PageTitle, StatusMessage } from '../components/page.tsx';
import { SsoSignIn } from './SsoSignIn.tsx';

const messages = defineMessages(
  {
    title: 'Code uit uw authenticator-app',
    intro: 'Uw account is beveiligd met tweestapsverificatie. Vul de code van 6 cijfers in die uw authenticator-app nu toont.',
    recoveryHint: 'Heeft u uw telefoon niet bij de hand? Vul dan een van uw herstelcodes in. Elke herstelcode werkt één keer.',
    code: 'Code',
    codeDescription: '6 cijfers, of een herstelcode zoals abcde-fghjk',
    codeRequired: 'Vul de code uit uw authenticator-app in.',
    wrongCode: 'De code is onjuist of al gebruikt. Wacht op de volgende code en probeer het opnieuw.',
    expired: 'Deze inlogstap is verlopen. Log opnieuw in met uw e-mailadres en wachtwoord.',
    submit: 'Bevestigen',
    submitting: 'Bezig met controleren…',
    back: 'Opnieuw beginnen',
  },
  {
    title: 'Code from your authenticator app',
    intro: 'Your account is protected with two-step verification. Enter the 6-digit code your authenticator app shows now.',
    recoveryHint: 'Don’t have your phone at hand? Enter one of your recovery codes instead. Each recovery code works once.',
    code: 'Code',
    codeDescription: '6 digits, or a recovery code like abcde-fghjk',
    codeRequired: 'Enter the code from your authenticator app.',
    wrongCode: 'The code is incorrect or was already used. Wait for the next code and try again.',
    expired: 'This login step has expired. Log in again with your email address and password.',
    submit: 'Confirm',
    submitting: 'Checking…',
    back: 'Start again',
  },
);

type LoginAnswer = { user: User } | { secondFactorRequired: true; challenge: string; expiresAt: string };

export function LoginPage() {
  const t = useMessages(core);
  const m = useMessages(messages);
  const { signedIn } = useAuth();
  const location = useLocation();
  const form = useFormErrors('login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [challenge, setChallenge] = useState<string | null>(null);
  const [stepExpired, setStepExpired] = useState(false);
  const state = location.state as { flash?: string; expired?: boolean } | null;

  function done(user: User) {
    form.clear();
    signedIn(user);
    navigate(safeNext(new URLSearchParams(location.search).get('next')), { replace: true });
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!email.trim()) errors.email = t.login.emailRequired;
    else if (!isEmail(email)) errors.email = t.login.emailInvalid;
    if (!password) errors.password = t.login.passwordRequired;
    if (form.showClientErrors(errors, ['email', 'password'])) return;
    setBusy(true);
    try {
      const answer = await api<LoginAnswer>('/auth/login', {
        method: 'POST',
        body: { email: email.trim(), password },
        allowUnauthorized: true,
      });
      if ('user' in answer) return done(answer.user);
      form.clear();
      setBusy(false);
      setPassword('');
      setStepExpired(false);
      setChallenge(answer.challenge);
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

  if (challenge) {
    return (
      <SecondStep
        challenge={challenge}
        onDone={done}
        onBack={() => setChallenge(null)}
        onExpired={() => {
          setChallenge(null);
          setStepExpired(true);
        }}
      />
    );
  }

  return (
    <div className="kw-narrow">
      <PageTitle>{t.login.title}</PageTitle>
      {stepExpired ? <StatusMessage>{m.expired}</StatusMessage> : null}
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
        <TextField form={form} path="password" label={t.login.password} type="password" autoComplete="current-password" required value={password} onChange={setPassword} />
        <div className="kw-actions">
          <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
            {busy ? t.login.submitting : t.login.submit}
          </Button>
        </div>
      </form>
    </div>
  );
}

/** The second login step: the session is made only after the code. */
function SecondStep({ challenge, onDone, onBack, onExpired }: { challenge: string; onDone: (user: User) => void; onBack: () => void; onExpired: () => void }) {
  const t = useMessages(core);
  const m = useMessages(messages);
  const form = useFormErrors('second-factor');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.showClientErrors(code.trim() ? {} : { code: m.codeRequired })) return;
    setBusy(true);
    try {
      const { user } = await api<{ user: User }>('/auth/login/second-factor', {
        method: 'POST',
        body: { challenge, code: code.trim() },
        allowUnauthorized: true,
      });
      onDone(user);
    } catch (error) {
      setBusy(false);
      setCode('');
      if (error instanceof ApiError && error.code === 'challenge-expired') onExpired();
      else if (error instanceof ApiError && error.status === 401) form.showClientErrors({ code: m.wrongCode });
      else if (error instanceof ApiError && error.status === 429) form.showServerError(new ApiError(429, 'too-many-requests', t.login.tooMany));
      else form.showServerError(error, { code: m.code });
    }
  }

  return (
    <div className="kw-narrow">
      <PageTitle>{m.title}</PageTitle>
      <ErrorSummary form={form} />
      <Paragraph>{m.intro}</Paragraph>
      <Paragraph>{m.recoveryHint}</Paragraph>
      <form onSubmit={onSubmit} noValidate aria-busy={busy || undefined} className="kw-form">
        <TextField
          form={form}
          path="code"
          label={m.code}
          description={m.codeDescription}
          autoComplete="one-time-code"
          spellCheck={false}
          required
          value={code}
          onChange={setCode}
        />
        <div className="kw-actions">
          <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
            {busy ? m.submitting : m.submit}
          </Button>
          <Button type="button" appearance="subtle-button" onClick={onBack}>
            {m.back}
          </Button>
        </div>
      </form>
    </div>
  );
}
