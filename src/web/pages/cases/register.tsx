import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../lib/api.ts';
import { useUser } from '../../lib/auth.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { navigate } from '../../lib/router.tsx';
import { CHANNELS, COMPLAINANT_ROLES, todayIso } from '../../lib/cases.ts';
import type { CaseDetail } from '../../lib/cases.ts';
import { domain, label } from '../../i18n/domain.ts';
import { CheckboxField, ErrorSummary, isEmail, SelectField, TextField, useFormErrors } from '../../components/form.tsx';
import { CheckboxGroupField, TextAreaField } from '../../components/fields.tsx';
import { LoadError, Loading, PageTitle, useLoader } from '../../components/page.tsx';
import { fetchMyOrganisations } from './data.ts';
import { cm } from './messages.ts';

/** Registration of what came by post, phone, e-mail or in person (POST /cases). */
export function RegisterPage() {
  const t = useMessages(cm);
  const d = useMessages(domain);
  const user = useUser();
  const orgs = useLoader(
    async (signal) => {
      const handling = new Set(user.memberships.filter((m) => m.role !== 'oversight').map((m) => m.organisationId));
      return (await fetchMyOrganisations(user, signal)).filter((o) => handling.has(o.organisation.id));
    },
    [user.id],
  );
  const form = useFormErrors('register');
  const today = todayIso();
  const [v, setV] = useState<Record<string, string>>({ channel: 'phone', receivedAt: today, kind: 'complaint', role: 'client', level: '' });
  const [categories, setCategories] = useState<string[]>([]);
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (key: string) => (value: string) => setV((s) => ({ ...s, [key]: value }));

  if (orgs.loading) return <Loading />;
  if (orgs.error) return <LoadError error={orgs.error} retry={orgs.reload} />;
  const list = orgs.data ?? [];
  const organisationId = v.organisationId || list[0]?.organisation.id || '';
  const ctx = list.find((o) => o.organisation.id === organisationId);
  const regulation = ctx?.regulation;
  const kinds = (regulation?.kinds ?? []).map((k) => k.kind).filter((k) => k !== 'objection');
  const levels = (regulation?.levels ?? []).filter((l) => l.entry !== false && l.kinds.includes(v.kind ?? ''));
  const roles = regulation?.complainantRoles?.allowed ?? [...COMPLAINANT_ROLES];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    const name = (v.name ?? '').trim();
    if (!name && v.kind !== 'signal') errors.name = t.register.nameRequired;
    if (v.email?.trim() && !isEmail(v.email)) errors.email = t.register.emailInvalid;
    if (!(v.description ?? '').trim()) errors.description = t.register.descriptionRequired;
    if (v.receivedAt && v.receivedAt > today) errors.receivedAt = t.register.dateInFuture;
    if (v.incident && v.incident > today) errors.incident = t.register.dateInFuture;
    if (form.showClientErrors(errors, ['name', 'email', 'description', 'receivedAt', 'incident'])) return;
    const opt = (key: string) => (v[key] ?? '').trim() || undefined;
    const body = {
      organisationId,
      channel: v.channel,
      ...(v.receivedAt && { receivedAt: v.receivedAt }),
      kind: v.kind,
      ...(v.level && { level: v.level }),
      ...(categories.length && { categories }),
      ...(name && {
        complainant: {
          name,
          role: v.role,
          ...(opt('email') && { email: opt('email') }),
          ...(opt('phone') && { phone: opt('phone') }),
          ...(opt('address') && { address: opt('address') }),
        },
      }),
      respondents:
        opt('respondentName') || opt('department')
          ? [{ ...(opt('respondentName') && { name: opt('respondentName') }), ...(opt('department') && { department: opt('department') }) }]
          : [],
      description: (v.description ?? '').trim(),
      ...(opt('desired') && { desiredOutcome: opt('desired') }),
      ...(opt('history') && { historySoFar: opt('history') }),
      ...(v.incident && { incidentDates: [v.incident], knownSince: v.incident }),
      consentToInspect: consent,
    };
    setBusy(true);
    try {
      const created = await api<CaseDetail>('/cases', { method: 'POST', body });
      navigate(`/cases/${encodeURIComponent(created.id)}`);
    } catch (error) {
      form.showServerError(error, {
        'complainant.name': t.register.name,
        'complainant.email': t.register.email,
        'complainant.phone': t.register.phone,
        description: t.register.description,
        receivedAt: t.register.receivedAt,
        level: t.register.level,
        kind: t.register.kind,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageTitle>{t.register.title}</PageTitle>
      <Paragraph>{t.register.intro}</Paragraph>
      <ErrorSummary form={form} />
      <form className="kw-form" noValidate onSubmit={submit}>
        {list.length > 1 ? (
          <SelectField
            form={form}
            path="organisationId"
            label={t.register.organisation}
            value={organisationId}
            onChange={set('organisationId')}
            options={list.map((o) => ({ value: o.organisation.id, label: o.organisation.name }))}
            required
          />
        ) : null}
        <SelectField
          form={form}
          path="channel"
          label={t.register.channel}
          value={v.channel ?? ''}
          onChange={set('channel')}
          options={CHANNELS.filter((ch) => ch !== 'web').map((ch) => ({ value: ch, label: label(d.channels, ch) }))}
          required
        />
        <TextField form={form} path="receivedAt" label={t.register.receivedAt} type="date" max={today} value={v.receivedAt ?? ''} onChange={set('receivedAt')} required />
        <SelectField
          form={form}
          path="kind"
          label={t.register.kind}
          value={v.kind ?? ''}
          onChange={(kind) => setV((s) => ({ ...s, kind, level: '' }))}
          options={kinds.map((k) => ({ value: k, label: label(d.kinds, k) }))}
          required
        />
        <SelectField
          form={form}
          path="level"
          label={t.register.level}
          value={v.level ?? ''}
          onChange={set('level')}
          placeholder={t.register.levelAuto}
          options={levels.map((l) => ({ value: l.id, label: l.name }))}
        />
        <CheckboxGroupField
          form={form}
          path="categories"
          legend={t.register.categories}
          required={false}
          values={categories}
          onChange={setCategories}
          options={(regulation?.categories ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
        <fieldset>
          <legend className="kw-legend">{t.register.complainant}</legend>
          <TextField form={form} path="name" label={t.register.name} description={t.register.anonymousHint} value={v.name ?? ''} onChange={set('name')} />
          <SelectField
            form={form}
            path="role"
            label={t.register.role}
            value={v.role ?? ''}
            onChange={set('role')}
            options={roles.map((r) => ({ value: r, label: label(d.complainantRoles, r) }))}
          />
          <TextField form={form} path="email" label={t.register.email} type="email" value={v.email ?? ''} onChange={set('email')} required={false} />
          <TextField form={form} path="phone" label={t.register.phone} type="tel" value={v.phone ?? ''} onChange={set('phone')} required={false} />
          <TextField form={form} path="address" label={t.register.address} value={v.address ?? ''} onChange={set('address')} required={false} />
        </fieldset>
        <fieldset>
          <legend className="kw-legend">{t.register.respondent}</legend>
          <TextField form={form} path="respondentName" label={t.register.respondentName} value={v.respondentName ?? ''} onChange={set('respondentName')} required={false} />
          <TextField form={form} path="department" label={t.register.department} value={v.department ?? ''} onChange={set('department')} required={false} />
        </fieldset>
        <fieldset>
          <legend className="kw-legend">{t.register.content}</legend>
          <TextAreaField form={form} path="description" label={t.register.description} value={v.description ?? ''} onChange={set('description')} required rows={6} />
          <TextField form={form} path="incident" label={t.register.incident} type="date" max={today} value={v.incident ?? ''} onChange={set('incident')} required={false} />
          <TextAreaField form={form} path="history" label={t.register.history} value={v.history ?? ''} onChange={set('history')} required={false} rows={3} />
          <TextAreaField form={form} path="desired" label={t.register.desired} value={v.desired ?? ''} onChange={set('desired')} required={false} rows={3} />
        </fieldset>
        <CheckboxField form={form} path="consent" label={t.register.consent} checked={consent} onChange={setConsent} />
        <div className="kw-actions">
          <Button type="submit" appearance="primary-action-button" disabled={busy}>
            {t.register.submit}
          </Button>
        </div>
      </form>
    </>
  );
}
