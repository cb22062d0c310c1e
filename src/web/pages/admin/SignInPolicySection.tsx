import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Heading2 } from '@utrecht/component-library-react';
import { api } from '../../lib/api.ts';
import { useAuth } from '../../lib/auth.tsx';
import { defineMessages, useMessages } from '../../lib/i18n.tsx';
import { core } from '../../i18n/core.ts';
import { CheckboxField, ErrorSummary, useFormErrors } from '../../components/form.tsx';
import { LoadError, Loading, StatusMessage, useLoader } from '../../components/page.tsx';

const messages = defineMessages(
  {
    title: 'Inloggen',
    required: 'Beheerders moeten inloggen met tweestapsverificatie',
    requiredDescription:
      'Beheerders van deze organisatie, en platformbeheerders, die nog geen tweestapsverificatie hebben, moeten het eerst instellen op hun accountpagina voordat ze verder kunnen. Ze kunnen het daarna niet meer uitzetten.',
    saved: 'Het inlogbeleid is opgeslagen.',
  },
  {
    title: 'Sign-in',
    required: 'Administrators must sign in with two-step verification',
    requiredDescription:
      'Administrators of this organisation, and platform administrators, who do not have two-step verification yet must set it up on their account page before they can continue. After that they cannot turn it off.',
    saved: 'The sign-in policy has been saved.',
  },
);

interface Policy {
  organisationId: string;
  adminSecondFactorRequired: boolean;
  updatedAt: string | null;
}

/** The organisation's sign-in policy: whether its admins need a second factor. */
export function SignInPolicySection({ organisationId }: { organisationId: string }) {
  const t = useMessages(messages);
  const c = useMessages(core);
  const { refresh } = useAuth();
  const form = useFormErrors('sign-in-policy');
  const [required, setRequired] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const policy = useLoader((signal) => api<Policy>(`/organisations/${encodeURIComponent(organisationId)}/sign-in-policy`, { signal }), [organisationId]);
  const value = required ?? policy.data?.adminSecondFactorRequired ?? false;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    setBusy(true);
    try {
      const next = await api<Policy>(`/organisations/${encodeURIComponent(organisationId)}/sign-in-policy`, {
        method: 'PUT',
        body: { adminSecondFactorRequired: value },
      });
      policy.setData(next);
      setRequired(null);
      form.clear();
      setSaved(true);
      // Requiring it of yourself without having it: the app sends you to set it up.
      if (next.adminSecondFactorRequired) void refresh();
    } catch (error) {
      form.showServerError(error, { adminSecondFactorRequired: t.required });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="org-sign-in" className="kw-section">
      <Heading2 id="org-sign-in">{t.title}</Heading2>
      <div aria-live="polite">{saved ? <StatusMessage>{t.saved}</StatusMessage> : null}</div>
      {policy.error ? <LoadError error={policy.error} retry={policy.reload} /> : null}
      {policy.loading ? <Loading /> : null}
      {policy.data ? (
        <form onSubmit={submit} noValidate className="kw-form" aria-busy={busy || undefined}>
          <ErrorSummary form={form} />
          <CheckboxField form={form} path="adminSecondFactorRequired" label={t.required} description={t.requiredDescription} checked={value} onChange={setRequired} />
          <div className="kw-actions">
            <Button type="submit" appearance="secondary-action-button" busy={busy} disabled={busy}>
              {c.form.save}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
