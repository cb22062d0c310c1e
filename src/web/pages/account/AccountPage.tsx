import { useState } from 'react';
import type { FormEvent } from 'react';
import { Alert, Button, Heading2, Paragraph, TableCell, TableRow } from '@utrecht/component-library-react';
import { api, ApiError } from '../../lib/api.ts';
import { useUser } from '../../lib/auth.tsx';
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
    },
  },
);

export default function AccountPage() {
  const t = useMessages(messages);
  const user = useUser();
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
      <PasswordSection />
      <TokensSection />
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
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const [copied, setCopied] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const k = t.tokens;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus(null);
    if (form.showClientErrors(name.trim() ? {} : { name: k.nameRequired })) return;
    setBusy(true);
    try {
      const token = await api<NewApiToken>('/auth/tokens', { method: 'POST', body: { name: name.trim() } });
      form.clear();
      setName('');
      setCopied(false);
      setCreated(token);
      tokens.setData([
        ...(tokens.data ?? []),
        { id: token.id, name: token.name, createdAt: token.createdAt, lastUsedAt: null },
      ]);
      requestAnimationFrame(() => document.getElementById('new-token')?.focus());
    } catch (error) {
      form.showServerError(error, { name: k.name });
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
          <HeadedTable label={k.tableLabel} columns={[k.name, k.createdAt, k.lastUsedAt, k.actions]}>
            {tokens.data.map((token) => (
              <TableRow key={token.id}>
                <TableCell>{token.name}</TableCell>
                <TableCell>{formatDateTime(locale, token.createdAt)}</TableCell>
                <TableCell>{token.lastUsedAt ? formatDateTime(locale, token.lastUsedAt) : k.never}</TableCell>
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
        <div className="kw-actions">
          <Button type="submit" appearance="secondary-action-button" busy={busy} disabled={busy}>
            {k.create}
          </Button>
        </div>
      </form>
    </section>
  );
}
