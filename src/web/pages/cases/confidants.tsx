import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Heading2, Heading3, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../lib/api.ts';
import { formatDateTime, useLocale, useMessages } from '../../lib/i18n.tsx';
import { todayIso } from '../../lib/cases.ts';
import { ErrorSummary, TextField, useFormErrors } from '../../components/form.tsx';
import { TextAreaField } from '../../components/fields.tsx';
import { useLoader } from '../../components/page.tsx';
import { dateOnly } from './light.tsx';
import { confidantMessages } from './confidants.messages.ts';

interface Confidant {
  id: string;
  name: string;
  email: string | null;
  consent: { on: string; note: string | null; registeredBy: { id: string; name: string | null }; registeredAt: string; revokedAt: string | null; revokeReason: string | null };
  active: boolean;
  recommendations: { id: string; text: string; by: 'confidant' | 'staff'; recordedAt: string }[];
}

/**
 * A confidant (vertrouwenspersoon) on the case page [issue 9 §2.8]: the officer records the
 * complainant's consent, hands the confidant the secret link once, revokes consent, and
 * records the confidant's recommendations.
 */
export function ConfidantsSection({
  caseId,
  canHandle,
  hasComplainant,
  onFlash,
}: {
  caseId: string;
  canHandle: boolean;
  hasComplainant: boolean;
  onFlash: (message: string) => void;
}) {
  const t = useMessages(confidantMessages);
  const { locale } = useLocale();
  const data = useLoader((signal) => api<{ allowed: boolean; items: Confidant[] }>(`/cases/${encodeURIComponent(caseId)}/confidants`, { signal }), [caseId]);
  const form = useFormErrors('confidant');
  const recForm = useFormErrors('confidant-recommendation');
  const [v, setV] = useState({ name: '', email: '', consentOn: '', consentNote: '' });
  const [recommendation, setRecommendation] = useState<Record<string, string>>({});
  const [link, setLink] = useState<{ name: string; url: string } | null>(null);
  const today = todayIso();
  const set = (key: keyof typeof v) => (value: string) => {
    setV((s) => ({ ...s, [key]: value }));
    form.clearField(key);
  };

  if (!data.data) return null;
  const { allowed, items } = data.data;
  if (!allowed && items.length === 0) return null;

  async function record(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!v.name.trim()) errors.name = t.nameRequired;
    if (!v.consentOn) errors.consentOn = t.consentOnRequired;
    else if (v.consentOn > today) errors.consentOn = t.consentOnFuture;
    if (form.showClientErrors(errors, ['name', 'email', 'consentOn', 'consentNote'])) return;
    try {
      const created = await api<Confidant & { accessUrl: string }>(`/cases/${encodeURIComponent(caseId)}/confidants`, {
        method: 'POST',
        body: { name: v.name.trim(), consentOn: v.consentOn, ...(v.email.trim() && { email: v.email.trim() }), ...(v.consentNote.trim() && { consentNote: v.consentNote.trim() }) },
      });
      form.clear();
      setV({ name: '', email: '', consentOn: '', consentNote: '' });
      setLink({ name: created.name, url: created.accessUrl });
      onFlash(t.recorded(created.name));
      data.reload();
    } catch (error) {
      form.showServerError(error, { name: t.name, email: t.email, consentOn: t.consentOn, consentNote: t.consentNote });
    }
  }

  async function revoke(k: Confidant) {
    try {
      await api(`/cases/${encodeURIComponent(caseId)}/confidants/${encodeURIComponent(k.id)}/revoke`, { method: 'POST', body: {} });
      if (link?.name === k.name) setLink(null);
      onFlash(t.revoked(k.name));
      data.reload();
    } catch (error) {
      form.showServerError(error);
    }
  }

  async function addRecommendation(event: FormEvent, k: Confidant) {
    event.preventDefault();
    const key = `text-${k.id}`;
    const text = (recommendation[k.id] ?? '').trim();
    if (recForm.showClientErrors(text ? {} : { [key]: t.recommendationRequired })) return;
    try {
      await api(`/cases/${encodeURIComponent(caseId)}/confidants/${encodeURIComponent(k.id)}/recommendations`, { method: 'POST', body: { text } });
      recForm.clear();
      setRecommendation((s) => ({ ...s, [k.id]: '' }));
      onFlash(t.recommendationRecorded);
      data.reload();
    } catch (error) {
      recForm.showServerError(error, { text: t.recommendation });
    }
  }

  return (
    <section aria-labelledby="confidants" className="kw-section">
      <Heading2 id="confidants">{t.title}</Heading2>
      <Paragraph>{t.intro}</Paragraph>
      {link ? (
        <div className="kw-card" data-testid="confidant-link">
          <Paragraph>{t.linkOnce(link.name)}</Paragraph>
          <Paragraph>
            <code>{link.url}</code>
          </Paragraph>
        </div>
      ) : null}
      {items.length === 0 ? <Paragraph>{t.none}</Paragraph> : null}
      <ErrorSummary form={recForm} />
      {items.map((k) => (
        <div key={k.id} className="kw-card" data-testid="confidant">
          <Heading3>
            {k.name} {k.active ? null : <span className="kw-muted">({t.revokedLabel})</span>}
          </Heading3>
          <dl className="kw-dl">
            <dt>{t.consentGiven}</dt>
            <dd>
              {dateOnly(locale, k.consent.on)}
              {k.consent.note ? ` – ${k.consent.note}` : ''}
            </dd>
            <dt>{t.registeredBy}</dt>
            <dd>
              {k.consent.registeredBy.name ?? k.consent.registeredBy.id}, {formatDateTime(locale, k.consent.registeredAt)}
            </dd>
            {k.consent.revokedAt ? (
              <>
                <dt>{t.revokedOn}</dt>
                <dd>{formatDateTime(locale, k.consent.revokedAt)}</dd>
              </>
            ) : null}
          </dl>
          {k.recommendations.length ? (
            <>
              <Paragraph>{t.recommendations}</Paragraph>
              <ul className="kw-plain-list">
                {k.recommendations.map((r) => (
                  <li key={r.id}>
                    {r.text} <span className="kw-muted">({r.by === 'confidant' ? t.byConfidant : t.byStaff})</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {canHandle ? (
            <>
              <form className="kw-form" noValidate onSubmit={(e) => void addRecommendation(e, k)} aria-label={t.addRecommendationFor(k.name)}>
                <TextAreaField
                  form={recForm}
                  path={`text-${k.id}`}
                  label={t.recommendationFor(k.name)}
                  value={recommendation[k.id] ?? ''}
                  onChange={(value) => {
                    setRecommendation((s) => ({ ...s, [k.id]: value }));
                    recForm.clearField(`text-${k.id}`);
                  }}
                  required={false}
                  rows={2}
                />
                <div className="kw-actions">
                  <Button type="submit" appearance="secondary-action-button">
                    {t.addRecommendationFor(k.name)}
                  </Button>
                </div>
              </form>
              {k.active ? (
                <div className="kw-actions">
                  <Button appearance="subtle-button" onClick={() => void revoke(k)}>
                    {t.revoke(k.name)}
                  </Button>
                </div>
              ) : null}
            </>
          ) : null}
        </div>
      ))}
      {canHandle && allowed && hasComplainant ? (
        <form className="kw-form" noValidate onSubmit={record} aria-label={t.add}>
          <Heading3>{t.add}</Heading3>
          <ErrorSummary form={form} />
          <TextField form={form} path="name" label={t.name} value={v.name} onChange={set('name')} required />
          <TextField form={form} path="email" label={t.email} type="email" value={v.email} onChange={set('email')} required={false} />
          <TextField
            form={form}
            path="consentOn"
            label={t.consentOn}
            description={t.consentOnHint}
            type="date"
            max={today}
            value={v.consentOn}
            onChange={set('consentOn')}
            required
          />
          <TextAreaField
            form={form}
            path="consentNote"
            label={t.consentNote}
            description={t.consentNoteHint}
            value={v.consentNote}
            onChange={set('consentNote')}
            required={false}
            rows={2}
          />
          <div className="kw-actions">
            <Button type="submit" appearance="secondary-action-button">
              {t.submit}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
