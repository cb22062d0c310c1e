import { Fragment, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Heading2, Link, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { api, ApiError } from '../../lib/api.ts';
import { formatDateTime, useLocale, useMessages } from '../../lib/i18n.tsx';
import { domain, label } from '../../i18n/domain.ts';
import { ErrorSummary, useFormErrors } from '../../components/form.tsx';
import { TextAreaField } from '../../components/fields.tsx';
import { LoadError, Loading, PageTitle, StatusMessage, useLoader } from '../../components/page.tsx';
import { confidantPage } from './confidant.messages.ts';

interface ConfidantView {
  reference: string;
  organisation: { name: string; email: string | null; phone: string | null };
  confidant: { name: string; consentOn: string };
  kind: string;
  status: string;
  ended: boolean;
  level: { id: string; name: string };
  receivedOn: string;
  deadlines: { kind: string; due: string; status: string }[];
  timeline: { type: string; on: string }[];
  letters: { id: string; kind: string; createdAt: string; documentId: string | null }[];
  documents: { id: string; name: string; createdAt: string }[];
  recommendations: { id: string; text: string; by: string; recordedAt: string }[];
}

const day = (locale: 'nl' | 'en', iso: string) => formatDateTime(locale, `${iso}T12:00:00Z`, false);

/**
 * The confidant's page behind the secret link [issue 9 §2.8]: how the case goes, the
 * letters to the complainant and the shared documents. Read only; the confidant can
 * leave a recommendation, nothing else.
 */
export function ConfidantPage({ token }: { token: string }) {
  const t = useMessages(confidantPage);
  const d = useMessages(domain);
  const { locale } = useLocale();
  const base = `/public/confidant/${encodeURIComponent(token)}`;
  const data = useLoader((signal) => api<ConfidantView>(base, { signal }), [token]);
  const form = useFormErrors('recommendation');
  const [text, setText] = useState('');
  const [flash, setFlash] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (data.loading && !data.data) return <Loading />;
  if (data.error) {
    if (data.error instanceof ApiError && (data.error.status === 404 || data.error.status === 400)) {
      return (
        <>
          <PageTitle>{t.notFound}</PageTitle>
          <Paragraph>{t.notFoundText}</Paragraph>
        </>
      );
    }
    return <LoadError error={data.error} retry={data.reload} />;
  }
  const s = data.data;
  if (!s) return null;

  async function send(event: FormEvent) {
    event.preventDefault();
    if (form.showClientErrors(text.trim() ? {} : { text: t.recommendationRequired })) return;
    setBusy(true);
    try {
      await api(`${base}/recommendations`, { method: 'POST', body: { text: text.trim() } });
      setText('');
      form.clear();
      setFlash(t.sent);
      data.reload();
    } catch (error) {
      form.showServerError(error, { text: t.recommendation });
    } finally {
      setBusy(false);
    }
  }

  const doc = (documentId: string) => `/api/v1${base}/documents/${encodeURIComponent(documentId)}`;
  const open = s.deadlines.filter((x) => x.status === 'open').sort((a, b) => a.due.localeCompare(b.due));
  return (
    <>
      <PageTitle>{t.title(s.reference)}</PageTitle>
      {flash ? <StatusMessage>{flash}</StatusMessage> : null}
      <Paragraph lead>{t.intro(s.confidant.name, day(locale, s.confidant.consentOn))}</Paragraph>
      <section aria-labelledby="where" className="kw-section">
        <Heading2 id="where">{t.where}</Heading2>
        <Paragraph>
          <strong data-testid="confidant-status">{label(d.statuses, s.status)}</strong>
        </Paragraph>
        <dl className="kw-dl">
          <dt>{t.organisation}</dt>
          <dd>{s.organisation.name}</dd>
          <dt>{t.level}</dt>
          <dd>{s.level.name}</dd>
          <dt>{t.receivedOn}</dt>
          <dd>{day(locale, s.receivedOn)}</dd>
          {open.map((x) => (
            <Fragment key={`${x.kind}-${x.due}`}>
              <dt>{label(d.deadlineKinds, x.kind)}</dt>
              <dd>{day(locale, x.due)}</dd>
            </Fragment>
          ))}
        </dl>
      </section>
      <section aria-labelledby="letters" className="kw-section">
        <Heading2 id="letters">{t.letters}</Heading2>
        {s.letters.filter((l) => l.documentId).length === 0 ? (
          <Paragraph>{t.noLetters}</Paragraph>
        ) : (
          <UnorderedList>
            {s.letters
              .filter((l) => l.documentId)
              .map((l) => (
                <UnorderedListItem key={l.id}>
                  <Link href={doc(l.documentId as string)} target="_blank" rel="noopener">
                    {t.open(label(d.letters, l.kind))}
                  </Link>{' '}
                  – {formatDateTime(locale, l.createdAt, false)}
                </UnorderedListItem>
              ))}
          </UnorderedList>
        )}
      </section>
      <section aria-labelledby="documents" className="kw-section">
        <Heading2 id="documents">{t.documents}</Heading2>
        {s.documents.length === 0 ? (
          <Paragraph>{t.noDocuments}</Paragraph>
        ) : (
          <UnorderedList>
            {s.documents.map((x) => (
              <UnorderedListItem key={x.id}>
                <Link href={doc(x.id)} target="_blank" rel="noopener">
                  {t.open(x.name)}
                </Link>
              </UnorderedListItem>
            ))}
          </UnorderedList>
        )}
      </section>
      <section aria-labelledby="timeline" className="kw-section">
        <Heading2 id="timeline">{t.timeline}</Heading2>
        <ol className="kw-steps" data-testid="confidant-timeline">
          {s.timeline.map((e, i) => (
            <li key={i} className="kw-step">
              <time dateTime={e.on} className="kw-step__date">
                {day(locale, e.on)}
              </time>
              <span>{label(d.events, e.type)}</span>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="recommend" className="kw-section">
        <Heading2 id="recommend">{t.recommendTitle}</Heading2>
        {s.recommendations.length ? (
          <UnorderedList>
            {s.recommendations.map((r) => (
              <UnorderedListItem key={r.id}>{r.text}</UnorderedListItem>
            ))}
          </UnorderedList>
        ) : null}
        {s.ended ? (
          <Paragraph>{t.ended}</Paragraph>
        ) : (
          <>
            <Paragraph>{t.recommendText}</Paragraph>
            <ErrorSummary form={form} />
            <form className="kw-form" noValidate onSubmit={send}>
              <TextAreaField form={form} path="text" label={t.recommendation} value={text} onChange={setText} required rows={4} maxLength={10000} />
              <div className="kw-actions">
                <Button type="submit" appearance="primary-action-button" disabled={busy}>
                  {t.send}
                </Button>
              </div>
            </form>
          </>
        )}
      </section>
      <section aria-labelledby="contact" className="kw-section">
        <Heading2 id="contact">{t.contact}</Heading2>
        <Paragraph>{t.contactText(s.organisation.name)}</Paragraph>
        {s.organisation.phone ? <Paragraph>{s.organisation.phone}</Paragraph> : null}
        {s.organisation.email ? (
          <Paragraph>
            <Link href={`mailto:${s.organisation.email}`}>{s.organisation.email}</Link>
          </Paragraph>
        ) : null}
      </section>
    </>
  );
}
