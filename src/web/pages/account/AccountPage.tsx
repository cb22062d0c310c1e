import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Alert, Button, Heading2, Paragraph, TableCell, TableRow } from '@utrecht/component-library-react';
import { api, ApiError } from '../../lib/api.ts';
import { useAuth, useUser } from '../../lib/auth.tsx';
import { defineMessages, formatDateTime, useLocale, useMessages } from '../../lib/i18n.tsx';
import type { ApiToken, NewApiToken, Page } from '../../lib/types.ts';
import { core } from '../../i18n/core.ts';
import { ErrorSummary, messageForError, TextField, useFormErrors } from '../../components/form.tsx';
import { HeadedTable, LoadError, Loading, PageTitle, StatusMessage, useLoader } from '../../components/page.tsx';

const messages = defineMessages(
  {
    title: 'Mijn account',
    name: 'Naam',
    email: 'E-mailadres',
    password: {
      title: 'Wachtwoord wijzigen',
      current: 'Huidig wachtwoord',
      new: 'Nieuw wachtwoord',
      newDescription: 'Minimaal 12 tekens. Een zin van een paar woorden is sterk en goed te onthouden.',
      confirm: 'Herhaal het nieuwe wachtwoord',
      submit: 'Wachtwoord wijzigen',
      currentRequired: 'Vul uw huidige wachtwoord in.',
      newRequired: 'Vul een nieuw wachtwoord in.',
      tooShort: 'Het nieuwe wachtwoord moet minimaal 12 tekens lang zijn.',
      mismatch: 'De twee nieuwe wachtwoorden zijn niet gelijk.',
      sameAsCurrent: 'Het nieuwe wachtwoord moet anders zijn dan het huidige.',
      wrongCurrent: 'Het huidige wachtwoord is onjuist.',
      changed: 'Uw wachtwoord is gewijzigd.',
    },
    tokens: {
      title: 'API-tokens',
      intro: 'Met een API-token kan een ander systeem namens u de Klachtwijzer-API gebruiken. Behandel een token als een wachtwoord.',
      tableLabel: 'API-tokens',
      empty: 'U heeft nog geen API-tokens.',
      name: 'Naam',
      nameDescription: 'Waarvoor gebruikt u dit token? Bijvoorbeeld: koppeling zaaksysteem.',
      createdAt: 'Aangemaakt',
      lastUsedAt: 'Laatst gebruikt',
      never: 'Nooit',
      actions: 'Acties',
      create: 'Token aanmaken',
      nameRequired: 'Vul een naam voor het token in.',
      newTitle: (name: string) => `Nieuw token ‘${name}’`,
      newText: 'Kopieer dit token nu. Het wordt maar één keer getoond; daarna kan niemand het meer inzien.',
      tokenLabel: 'Token',
      copy: 'Kopiëren',
      copied: 'Gekopieerd naar het klembord.',
      revoke: (name: string) => `Intrekken: ${name}`,
      revokeShort: 'Intrekken',
      confirmRevoke: (name: string) => `Weet u zeker dat u token ‘${name}’ wilt intrekken? Systemen die het gebruiken, hebben dan geen toegang meer.`,
      revoked: (name: string) => `Token ‘${name}’ is ingetrokken.`,
      days: 'Geldig (dagen)',
      daysDescription: 'Laat leeg voor de standaardtermijn. Een token vervalt ook als uw wachtwoord wijzigt.',
      daysInvalid: 'Vul een geheel aantal dagen in, minimaal 1.',
      expiresAt: 'Verloopt',
      noExpiry: 'Niet',
    },
    secondFactor: {
      title: 'Tweestapsverificatie',
      intro: 'Met tweestapsverificatie vraagt Klachtwijzer bij het inloggen naast uw wachtwoord een code uit een authenticator-app op uw telefoon.',
      required: 'Uw organisatie vereist tweestapsverificatie voor beheerders. Stel het hieronder in; daarna kunt u verder werken.',
      off: 'Tweestapsverificatie staat uit.',
      on: (since: string, left: number) => `Tweestapsverificatie staat aan sinds ${since}. U heeft nog ${left} ongebruikte herstelcodes.`,
      start: 'Tweestapsverificatie instellen',
      stepScan: '1. Scan deze QR-code met uw authenticator-app.',
      qrAlt: 'QR-code om Klachtwijzer aan uw authenticator-app toe te voegen',
      stepKey: 'Kunt u niet scannen? Voer dan deze sleutel in uw app in:',
      keyLabel: 'Sleutel',
      stepCode: '2. Vul de code van 6 cijfers in die de app nu toont.',
      code: 'Code',
      codeRequired: 'Vul de code uit uw authenticator-app in.',
      confirm: 'Bevestigen',
      codesTitle: 'Uw herstelcodes',
      codesText:
        'Bewaar deze codes op een veilige plek, bijvoorbeeld in een wachtwoordkluis. Met een herstelcode logt u in als u uw telefoon kwijt bent. Elke code werkt één keer; ze worden maar één keer getoond.',
      codesDone: 'Ik heb de codes bewaard',
      enabled: 'Tweestapsverificatie staat aan.',
      disableTitle: 'Herstelcodes en uitzetten',
      manageIntro: 'Vul uw wachtwoord en een code uit de app (of een herstelcode) in om nieuwe herstelcodes te maken of tweestapsverificatie uit te zetten.',
      renew: 'Nieuwe herstelcodes maken',
      password: 'Wachtwoord',
      passwordRequired: 'Vul uw wachtwoord in.',
      disableCode: 'Code uit de app of een herstelcode',
      disable: 'Uitzetten',
      disabled: 'Tweestapsverificatie staat uit.',
      cannotDisable: 'Uw organisatie vereist tweestapsverificatie voor beheerders; u kunt het niet uitzetten.',
    },
  },
  {
    title: 'My account',
    name: 'Name',
    email: 'Email address',
    password: {
      title: 'Change password',
      current: 'Current password',
      new: 'New password',
      newDescription: 'At least 12 characters. A sentence of a few words is strong and easy to remember.',
      confirm: 'Repeat the new password',
      submit: 'Change password',
      currentRequired: 'Enter your current password.',
      newRequired: 'Enter a new password.',
      tooShort: 'The new password must be at least 12 characters long.',
      mismatch: 'The two new passwords do not match.',
      sameAsCurrent: 'The new password must differ from the current one.',
      wrongCurrent: 'The current password is incorrect.',
      changed: 'Your password has been changed.',
    },
    tokens: {
      title: 'API tokens',
      intro: 'An API token lets another system use the Klachtwijzer API on your behalf. Treat a token like a password.',
      tableLabel: 'API tokens',
      empty: 'You have no API tokens yet.',
      name: 'Name',
      nameDescription: 'What is this token for? For example: case system link.',
      createdAt: 'Created',
      lastUsedAt: 'Last used',
      never: 'Never',
      actions: 'Actions',
      create: 'Create token',
      nameRequired: 'Enter a name for the token.',
      newTitle: (name: string) => `New token ‘${name}’`,
      newText: 'Copy this token now. It is shown only once; after that nobody can see it again.',
      tokenLabel: 'Token',
      copy: 'Copy',
      copied: 'Copied to the clipboard.',
      revoke: (name: string) => `Revoke: ${name}`,
      revokeShort: 'Revoke',
      confirmRevoke: (name: string) => `Are you sure you want to revoke token ‘${name}’? Systems using it will lose access.`,
      revoked: (name: string) => `Token ‘${name}’ has been revoked.`,
      days: 'Valid for (days)',
      daysDescription: 'Leave empty for the default term. A token also ends when your password changes.',
      daysInvalid: 'Enter a whole number of days, at least 1.',
      expiresAt: 'Expires',
      noExpiry: 'Never',
    },
    secondFactor: {
      title: 'Two-step verification',
      intro: 'With two-step verification, Klachtwijzer asks at login for a code from an authenticator app on your phone as well as your password.',
      required: 'Your organisation requires two-step verification for administrators. Set it up below; then you can continue.',
      off: 'Two-step verification is off.',
      on: (since: string, left: number) => `Two-step verification has been on since ${since}. You have ${left} unused recovery codes left.`,
      start: 'Set up two-step verification',
      stepScan: '1. Scan this QR code with your authenticator app.',
      qrAlt: 'QR code to add Klachtwijzer to your authenticator app',
      stepKey: 'Cannot scan? Enter this key in your app instead:',
      keyLabel: 'Key',
      stepCode: '2. Enter the 6-digit code the app shows now.',
      code: 'Code',
      codeRequired: 'Enter the code from your authenticator app.',
      confirm: 'Confirm',
      codesTitle: 'Your recovery codes',
      codesText:
        'Keep these codes in a safe place, such as a password manager. A recovery code lets you log in if you lose your phone. Each code works once; they are shown only once.',
      codesDone: 'I have saved the codes',
      enabled: 'Two-step verification is on.',
      disableTitle: 'Recovery codes and turning off',
      manageIntro: 'Enter your password and a code from the app (or a recovery code) to make new recovery codes or turn two-step verification off.',
      renew: 'Make new recovery codes',
      password: 'Password',
      passwordRequired: 'Enter your password.',
      disableCode: 'Code from the app or a recovery code',
      disable: 'Turn off',
      disabled: 'Two-step verification is off.',
      cannotDisable: 'Your organisation requires two-step verification for administrators; you cannot turn it off.',
    },
  },
);

export default function AccountPage() {
  const t = useMessages(messages);
  const user = useUser();
  const { state } = useAuth();
  const mustEnrol = state.status === 'authenticated' && !!state.mustEnrolSecondFactor;
  return (
    <>
      <PageTitle>{t.title}</PageTitle>
      <dl className="utrecht-data-list">
        <div className="utrecht-data-list__item">
          <dt className="utrecht-data-list__item-key">{t.name}</dt>
          <dd className="utrecht-data-list__item-value">{user.name}</dd>
        </div>
        <div className="utrecht-data-list__item">
          <dt className="utrecht-data-list__item-key">{t.email}</dt>
          <dd className="utrecht-data-list__item-value">{user.email}</dd>
        </div>
      </dl>
      {mustEnrol ? (
        <Alert type="warning">
          <Paragraph>{t.secondFactor.required}</Paragraph>
        </Alert>
      ) : null}
      <SecondFactorSection />
      {/* Until the required second factor is set up, the API refuses these. */}
      {mustEnrol ? null : (
        <>
          <PasswordSection />
          <TokensSection />
        </>
      )}
    </>
  );
}

function PasswordSection() {
  const t = useMessages(messages);
  const c = useMessages(core);
  const form = useFormErrors('password');
  const user = useUser();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const p = t.password;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    const errors: Record<string, string> = {};
    if (!currentPassword) errors.currentPassword = p.currentRequired;
    if (!newPassword) errors.newPassword = p.newRequired;
    else if (newPassword.length < 12) errors.newPassword = p.tooShort;
    else if (newPassword === currentPassword) errors.newPassword = p.sameAsCurrent;
    if (newPassword && confirm !== newPassword) errors.confirm = p.mismatch;
    if (form.showClientErrors(errors, ['currentPassword', 'newPassword', 'confirm'])) return;
    setBusy(true);
    try {
      await api<void>('/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
      form.clear();
      setCurrent('');
      setNew('');
      setConfirm('');
      setDone(true);
    } catch (error) {
      if (error instanceof ApiError && error.details.some((d) => d.path === 'currentPassword')) {
        setCurrent('');
        form.showClientErrors({ currentPassword: p.wrongCurrent });
      } else {
        form.showServerError(error, { currentPassword: p.current, newPassword: p.new });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="password-title" className="kw-section">
      <Heading2 id="password-title">{p.title}</Heading2>
      <div aria-live="polite">{done ? <StatusMessage>{p.changed}</StatusMessage> : null}</div>
      <form onSubmit={submit} noValidate className="kw-form" aria-busy={busy || undefined}>
        <ErrorSummary form={form} />
        {/* Lets password managers attach the new password to the right account. */}
        <input type="text" name="username" autoComplete="username" value={user.email} readOnly hidden />
        <TextField form={form} path="currentPassword" type="password" label={p.current} required value={currentPassword} onChange={setCurrent} autoComplete="current-password" />
        <TextField
          form={form}
          path="newPassword"
          type="password"
          label={p.new}
          description={p.newDescription}
          required
          value={newPassword}
          onChange={setNew}
          autoComplete="new-password"
        />
        <TextField form={form} path="confirm" type="password" label={p.confirm} required value={confirm} onChange={setConfirm} autoComplete="new-password" />
        <div className="kw-actions">
          <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
            {busy ? c.form.saving : p.submit}
          </Button>
        </div>
      </form>
    </section>
  );
}

function TokensSection() {
  const t = useMessages(messages);
  const c = useMessages(core);
  const { locale } = useLocale();
  const tokens = useLoader((signal) => api<Page<ApiToken>>('/auth/tokens', { signal }).then((p) => p.items), []);
  const form = useFormErrors('token');
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const [copied, setCopied] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const k = t.tokens;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus(null);
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = k.nameRequired;
    if (days.trim() && !/^[1-9][0-9]*$/.test(days.trim())) errors.expiresInDays = k.daysInvalid;
    if (form.showClientErrors(errors, ['name', 'expiresInDays'])) return;
    setBusy(true);
    try {
      const body = { name: name.trim(), ...(days.trim() && { expiresInDays: Number(days.trim()) }) };
      const token = await api<NewApiToken>('/auth/tokens', { method: 'POST', body });
      form.clear();
      setName('');
      setDays('');
      setCopied(false);
      setCreated(token);
      tokens.setData([...(tokens.data ?? []), { id: token.id, name: token.name, createdAt: token.createdAt, lastUsedAt: null, expiresAt: token.expiresAt }]);
      requestAnimationFrame(() => document.getElementById('new-token')?.focus());
    } catch (error) {
      form.showServerError(error, { name: k.name, expiresInDays: k.days });
    } finally {
      setBusy(false);
    }
  }

  async function revoke(token: ApiToken) {
    if (!window.confirm(k.confirmRevoke(token.name))) return;
    setRevokeError(null);
    setStatus(null);
    try {
      await api<void>(`/auth/tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' });
      tokens.setData((tokens.data ?? []).filter((x) => x.id !== token.id));
      if (created?.id === token.id) setCreated(null);
      setStatus(k.revoked(token.name));
      document.getElementById('tokens-title')?.focus();
    } catch (error) {
      setRevokeError(messageForError(error, c));
    }
  }

  return (
    <section aria-labelledby="tokens-title" className="kw-section">
      <Heading2 id="tokens-title" tabIndex={-1}>
        {k.title}
      </Heading2>
      <Paragraph>{k.intro}</Paragraph>
      <div aria-live="polite">{status ? <StatusMessage>{status}</StatusMessage> : null}</div>
      {revokeError ? (
        <Alert type="error">
          <Paragraph>{revokeError}</Paragraph>
        </Alert>
      ) : null}
      {created ? (
        <div id="new-token" tabIndex={-1} className="kw-new-token">
          <Alert type="warning">
            <Heading2 className="utrecht-heading-3">{k.newTitle(created.name)}</Heading2>
            <Paragraph>{k.newText}</Paragraph>
            <Paragraph>
              <span className="kw-visually-hidden">{k.tokenLabel}: </span>
              <code className="utrecht-code kw-token" data-testid="new-token">
                {created.token}
              </code>
            </Paragraph>
            <div className="kw-actions">
              <Button
                appearance="secondary-action-button"
                onClick={async () => {
                  try {
                    await navigator.clipboard.writeText(created.token);
                    setCopied(true);
                  } catch {
                    setCopied(false);
                  }
                }}
              >
                {k.copy}
              </Button>
              <span aria-live="polite">{copied ? k.copied : ''}</span>
            </div>
          </Alert>
        </div>
      ) : null}
      {tokens.error ? <LoadError error={tokens.error} retry={tokens.reload} /> : null}
      {tokens.loading ? <Loading /> : null}
      {tokens.data ? (
        tokens.data.length === 0 ? (
          <Paragraph>{k.empty}</Paragraph>
        ) : (
          <HeadedTable label={k.tableLabel} columns={[k.name, k.createdAt, k.lastUsedAt, k.expiresAt, k.actions]}>
            {tokens.data.map((token) => (
              <TableRow key={token.id}>
                <TableCell>{token.name}</TableCell>
                <TableCell>{formatDateTime(locale, token.createdAt)}</TableCell>
                <TableCell>{token.lastUsedAt ? formatDateTime(locale, token.lastUsedAt) : k.never}</TableCell>
                <TableCell>{token.expiresAt ? formatDateTime(locale, token.expiresAt) : k.noExpiry}</TableCell>
                <TableCell>
                  <Button appearance="subtle-button" hint="danger" aria-label={k.revoke(token.name)} onClick={() => revoke(token)}>
                    {k.revokeShort}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </HeadedTable>
        )
      ) : null}
      <form onSubmit={submit} noValidate className="kw-form" aria-busy={busy || undefined}>
        <ErrorSummary form={form} />
        <TextField form={form} path="name" label={k.name} description={k.nameDescription} required value={name} onChange={setName} autoComplete="off" />
        <TextField form={form} path="expiresInDays" label={k.days} description={k.daysDescription} value={days} onChange={setDays} inputMode="numeric" autoComplete="off" />
        <div className="kw-actions">
          <Button type="submit" appearance="secondary-action-button" busy={busy} disabled={busy}>
            {k.create}
          </Button>
        </div>
      </form>
    </section>
  );
}

interface SecondFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
  enrolmentRequired: boolean;
}

function SecondFactorSection() {
  const t = useMessages(messages);
  const c = useMessages(core);
  const { locale } = useLocale();
  const { refresh } = useAuth();
  const status = useLoader((signal) => api<SecondFactorStatus>('/auth/second-factor', { signal }), []);
  const [enrolment, setEnrolment] = useState<{ secret: string; qrCode: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmForm = useFormErrors('second-factor-confirm');
  const disableForm = useFormErrors('second-factor-disable');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [disableCode, setDisableCode] = useState('');
  // Which of the form's two buttons submitted it (a ref: the click comes just before the submit).
  const action = useRef<'disable' | 'renew'>('disable');
  const f = t.secondFactor;

  async function start() {
    setStartError(null);
    setMessage(null);
    setBusy(true);
    try {
      setEnrolment(await api<{ secret: string; uri: string; qrCode: string }>('/auth/second-factor/enrolment', { method: 'POST' }));
      requestAnimationFrame(() => document.getElementById('second-factor-enrol')?.focus());
    } catch (error) {
      setStartError(messageForError(error, c));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (confirmForm.showClientErrors(code.trim() ? {} : { code: f.codeRequired })) return;
    setBusy(true);
    try {
      const answer = await api<{ recoveryCodes: string[] }>('/auth/second-factor/enrolment/confirm', { method: 'POST', body: { code: code.trim() } });
      confirmForm.clear();
      setCode('');
      setEnrolment(null);
      setCodes(answer.recoveryCodes);
      status.reload();
      requestAnimationFrame(() => document.getElementById('recovery-codes')?.focus());
    } catch (error) {
      confirmForm.showServerError(error, { code: f.code });
    } finally {
      setBusy(false);
    }
  }

  async function disable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMessage(null);
    const errors: Record<string, string> = {};
    if (!password) errors.password = f.passwordRequired;
    if (!disableCode.trim()) errors.code = f.codeRequired;
    if (disableForm.showClientErrors(errors, ['password', 'code'])) return;
    setBusy(true);
    try {
      const body = { password, code: disableCode.trim() };
      if (action.current === 'renew') {
        const answer = await api<{ recoveryCodes: string[] }>('/auth/second-factor/recovery-codes', { method: 'POST', body });
        setCodes(answer.recoveryCodes);
        requestAnimationFrame(() => document.getElementById('recovery-codes')?.focus());
      } else {
        await api<void>('/auth/second-factor/disable', { method: 'POST', body });
        setMessage(f.disabled);
      }
      disableForm.clear();
      setPassword('');
      setDisableCode('');
      status.reload();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'second-factor-required') disableForm.showClientErrors({ code: f.cannotDisable });
      else disableForm.showServerError(error, { password: f.password, code: f.disableCode });
    } finally {
      setBusy(false);
    }
  }

  const s = status.data;
  return (
    <section aria-labelledby="second-factor-title" className="kw-section">
      <Heading2 id="second-factor-title">{f.title}</Heading2>
      <Paragraph>{f.intro}</Paragraph>
      <div aria-live="polite">{message ? <StatusMessage>{message}</StatusMessage> : null}</div>
      {status.error ? <LoadError error={status.error} retry={status.reload} /> : null}
      {status.loading ? <Loading /> : null}
      {codes ? (
        <div id="recovery-codes" tabIndex={-1}>
          <Alert type="warning">
            <Heading2 className="utrecht-heading-3">{f.codesTitle}</Heading2>
            <Paragraph>{f.codesText}</Paragraph>
            <ul className="kw-recovery-codes" data-testid="recovery-codes">
              {codes.map((code) => (
                <li key={code}>
                  <code className="utrecht-code">{code}</code>
                </li>
              ))}
            </ul>
            <div className="kw-actions">
              <Button
                appearance="secondary-action-button"
                onClick={() => {
                  setCodes(null);
                  setMessage(f.enabled);
                  // The required second factor is there now: the rest of the app opens.
                  void refresh();
                }}
              >
                {f.codesDone}
              </Button>
            </div>
          </Alert>
        </div>
      ) : null}
      {s && !s.enabled && !enrolment && !codes ? (
        <>
          <Paragraph>{f.off}</Paragraph>
          {startError ? (
            <Alert type="error">
              <Paragraph>{startError}</Paragraph>
            </Alert>
          ) : null}
          <div className="kw-actions">
            <Button appearance="primary-action-button" onClick={start} busy={busy} disabled={busy}>
              {f.start}
            </Button>
          </div>
        </>
      ) : null}
      {enrolment ? (
        <div id="second-factor-enrol" tabIndex={-1}>
          <Paragraph>{f.stepScan}</Paragraph>
          <img src={enrolment.qrCode} alt={f.qrAlt} width={200} height={200} className="kw-qr" />
          <Paragraph>
            {f.stepKey} <span className="kw-visually-hidden">{f.keyLabel}: </span>
            <code className="utrecht-code kw-token" data-testid="totp-secret">
              {enrolment.secret}
            </code>
          </Paragraph>
          <Paragraph>{f.stepCode}</Paragraph>
          <form onSubmit={confirm} noValidate className="kw-form" aria-busy={busy || undefined}>
            <ErrorSummary form={confirmForm} />
            <TextField form={confirmForm} path="code" label={f.code} required value={code} onChange={setCode} autoComplete="one-time-code" inputMode="numeric" spellCheck={false} />
            <div className="kw-actions">
              <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
                {f.confirm}
              </Button>
            </div>
          </form>
        </div>
      ) : null}
      {s?.enabled && !codes ? (
        <>
          <Paragraph>{f.on(s.enabledAt ? formatDateTime(locale, s.enabledAt) : '', s.recoveryCodesLeft)}</Paragraph>
          <Heading2 className="utrecht-heading-3">{f.disableTitle}</Heading2>
          <Paragraph>{f.manageIntro}</Paragraph>
          <form onSubmit={disable} noValidate className="kw-form" aria-busy={busy || undefined}>
            <ErrorSummary form={disableForm} />
            <TextField form={disableForm} path="password" type="password" label={f.password} required value={password} onChange={setPassword} autoComplete="current-password" />
            <TextField
              form={disableForm}
              path="code"
              label={f.disableCode}
              required
              value={disableCode}
              onChange={setDisableCode}
              autoComplete="one-time-code"
              spellCheck={false}
            />
            <div className="kw-actions">
              <Button type="submit" appearance="secondary-action-button" busy={busy} disabled={busy} onClick={() => (action.current = 'renew')}>
                {f.renew}
              </Button>
              <Button type="submit" appearance="secondary-action-button" hint="danger" busy={busy} disabled={busy} onClick={() => (action.current = 'disable')}>
                {f.disable}
              </Button>
            </div>
          </form>
        </>
      ) : null}
    </section>
  );
}
