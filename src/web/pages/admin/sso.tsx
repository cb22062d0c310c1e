import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Heading2, Heading3, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../lib/api.ts';
import { defineMessages, useMessages } from '../../lib/i18n.tsx';
import { core } from '../../i18n/core.ts';
import { CheckboxField, ErrorSummary, SelectField, TextField, useFormErrors } from '../../components/form.tsx';
import { LoadError, Loading, StatusMessage, useLoader } from '../../components/page.tsx';

const m = defineMessages(
  {
    title: 'Inloggen via de eigen inlog van de organisatie (SSO)',
    intro: 'Medewerkers loggen dan in met het account van hun organisatie (OpenID Connect). Nieuwe medewerkers krijgen geen rechten, tenzij een groep hieronder een rol geeft.',
    none: 'Er is nog geen eigen inlog ingesteld.',
    redirect: (uri: string) => `Geef deze adres op bij uw inlogdienst als redirect URI: ${uri}`,
    passwordOff: 'Inloggen met wachtwoord staat uit voor deze organisatie.',
    passwordOn: 'Inloggen met wachtwoord kan ook.',
    add: 'Eigen inlog toevoegen',
    name: 'Naam op de knop',
    nameHint: 'Bijvoorbeeld: Medewerkers gemeente Utrecht',
    issuer: 'Adres van de inlogdienst (issuer)',
    issuerHint: 'Begint met https://',
    clientId: 'Client-id',
    secretEnv: 'Naam van de omgevingsvariabele met het client-secret',
    secretEnvHint: 'Bijvoorbeeld OIDC_UTRECHT_SECRET. Het geheim zelf staat zo nooit in de database en wordt nooit getoond.',
    groupsClaim: 'Claim met groepen (niet verplicht)',
    mappingGroup: 'Groep die een rol geeft (niet verplicht)',
    mappingRole: 'Rol voor die groep',
    passwordLogin: 'Medewerkers mogen ook met een wachtwoord inloggen',
    save: 'Inlog opslaan',
    saved: 'De eigen inlog is opgeslagen.',
    required: 'Vul dit in.',
    grants: (group: string, role: string) => `Groep ‘${group}’ geeft de rol ${role}`,
  },
  {
    title: "Sign-in through the organisation's own login (SSO)",
    intro: "Staff then sign in with their organisation's account (OpenID Connect). New staff get no rights unless a group below grants a role.",
    none: 'No own sign-in has been set up yet.',
    redirect: (uri: string) => `Register this address at your identity provider as the redirect URI: ${uri}`,
    passwordOff: 'Password login is switched off for this organisation.',
    passwordOn: 'Password login is also possible.',
    add: 'Add own sign-in',
    name: 'Name on the button',
    nameHint: 'For example: Staff of the municipality of Utrecht',
    issuer: 'Address of the identity provider (issuer)',
    issuerHint: 'Starts with https://',
    clientId: 'Client id',
    secretEnv: 'Name of the environment variable that holds the client secret',
    secretEnvHint: 'For example OIDC_UTRECHT_SECRET. The secret itself is then never in the database and never shown.',
    groupsClaim: 'Claim with groups (optional)',
    mappingGroup: 'Group that grants a role (optional)',
    mappingRole: 'Role for that group',
    passwordLogin: 'Staff may also sign in with a password',
    save: 'Save sign-in',
    saved: 'The own sign-in has been saved.',
    required: 'Fill this in.',
    grants: (group: string, role: string) => `Group ‘${group}’ grants the role ${role}`,
  },
);

interface Provider {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  passwordLogin: boolean;
  active: boolean;
  redirectUri: string;
  roleMappings: { group: string; organisationId: string; role: string }[];
}

const ROLES = ['complaints-officer', 'manager', 'employee', 'quality-officer', 'committee-member', 'oversight', 'admin'] as const;

/** The organisation's identity providers, and a form to add one (administrators of the organisation). */
export function SsoSection({ organisationId }: { organisationId: string }) {
  const t = useMessages(m);
  const c = useMessages(core);
  const data = useLoader(
    (signal) => api<{ items: Provider[] }>(`/auth/identity-providers?organisationId=${encodeURIComponent(organisationId)}`, { signal }).then((r) => r.items),
    [organisationId],
  );
  const form = useFormErrors('sso');
  const empty = { name: '', issuer: '', clientId: '', clientSecretEnv: '', groupsClaim: '', group: '', role: 'complaints-officer' };
  const [v, setV] = useState(empty);
  const [passwordLogin, setPasswordLogin] = useState(true);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const bind = (key: keyof typeof empty) => ({ form, path: `body.${key}`, value: v[key], onChange: (value: string) => setV((s) => ({ ...s, [key]: value })) });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    const errors: Record<string, string> = {};
    for (const key of ['name', 'issuer', 'clientId', 'clientSecretEnv'] as const) if (!v[key].trim()) errors[`body.${key}`] = t.required;
    if (form.showClientErrors(errors, ['body.name', 'body.issuer', 'body.clientId', 'body.clientSecretEnv'])) return;
    setBusy(true);
    try {
      const scopes = v.groupsClaim.trim() ? 'openid email profile groups' : 'openid email profile';
      await api('/auth/identity-providers', {
        method: 'POST',
        body: {
          organisationId,
          name: v.name.trim(),
          issuer: v.issuer.trim(),
          clientId: v.clientId.trim(),
          clientSecretEnv: v.clientSecretEnv.trim(),
          scopes,
          groupsClaim: v.groupsClaim.trim() || null,
          passwordLogin,
          roleMappings: v.group.trim() ? [{ group: v.group.trim(), organisationId, role: v.role }] : [],
        },
      });
      form.clear();
      setV(empty);
      setSaved(t.saved);
      data.reload();
    } catch (error) {
      form.showServerError(error, {
        'body.name': t.name,
        'body.issuer': t.issuer,
        'body.clientId': t.clientId,
        'body.clientSecretEnv': t.secretEnv,
        'body.groupsClaim': t.groupsClaim,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="org-sso" className="kw-section">
      <Heading2 id="org-sso">{t.title}</Heading2>
      <Paragraph>{t.intro}</Paragraph>
      {data.error ? <LoadError error={data.error} retry={data.reload} /> : null}
      {data.loading && !data.data ? <Loading /> : null}
      {data.data?.length === 0 ? <Paragraph>{t.none}</Paragraph> : null}
      {data.data?.map((p) => (
        <div key={p.id} className="kw-card">
          <Heading3>{p.name}</Heading3>
          <Paragraph>
            {p.issuer} · {p.clientId}
          </Paragraph>
          <Paragraph>{p.passwordLogin ? t.passwordOn : t.passwordOff}</Paragraph>
          {p.roleMappings.map((r) => (
            <Paragraph key={`${r.group}-${r.role}`}>{t.grants(r.group, c.roles[r.role as keyof typeof c.roles] ?? r.role)}</Paragraph>
          ))}
          <Paragraph>{t.redirect(p.redirectUri)}</Paragraph>
        </div>
      ))}
      <div aria-live="polite">{saved ? <StatusMessage>{saved}</StatusMessage> : null}</div>
      <Heading3>{t.add}</Heading3>
      <form onSubmit={submit} noValidate className="kw-form" aria-busy={busy || undefined}>
        <ErrorSummary form={form} />
        <TextField {...bind('name')} label={t.name} description={t.nameHint} required />
        <TextField {...bind('issuer')} label={t.issuer} description={t.issuerHint} type="url" required />
        <TextField {...bind('clientId')} label={t.clientId} required />
        <TextField {...bind('clientSecretEnv')} label={t.secretEnv} description={t.secretEnvHint} required />
        <TextField {...bind('groupsClaim')} label={t.groupsClaim} />
        <TextField {...bind('group')} label={t.mappingGroup} />
        <SelectField {...bind('role')} label={t.mappingRole} options={ROLES.map((r) => ({ value: r, label: c.roles[r] }))} />
        <CheckboxField form={form} path="body.passwordLogin" label={t.passwordLogin} checked={passwordLogin} onChange={setPasswordLogin} />
        <div className="kw-actions">
          <Button type="submit" appearance="secondary-action-button" busy={busy} disabled={busy}>
            {t.save}
          </Button>
        </div>
      </form>
    </section>
  );
}
