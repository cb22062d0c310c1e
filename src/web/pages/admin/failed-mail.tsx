import { useState } from 'react';
import { Button, Heading2, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../lib/api.ts';
import { defineMessages, useMessages } from '../../lib/i18n.tsx';
import { RouterLink } from '../../lib/router.tsx';
import { LoadError, Loading, StatusMessage, useLoader } from '../../components/page.tsx';

const m = defineMessages(
  {
    title: 'E-mail die niet aankwam',
    none: 'Alle e-mail is aangekomen.',
    intro: 'Deze e-mails konden ook na herhaald proberen niet worden bezorgd. Kijk het adres na in de zaak, en stuur de e-mail dan opnieuw.',
    retry: (subject: string) => `Opnieuw sturen: ${subject}`,
    retried: 'De e-mail wordt opnieuw verstuurd.',
  },
  {
    title: 'Email that did not arrive',
    none: 'All email has arrived.',
    intro: 'These emails could not be delivered, even after repeated tries. Check the address in the case, then send the email again.',
    retry: (subject: string) => `Send again: ${subject}`,
    retried: 'The email is being sent again.',
  },
);

interface Failed {
  id: string;
  caseId: string | null;
  reference: string | null;
  to: string;
  subject: string;
  error: string | null;
}

/** The organisation's undeliverable mail, each with a button to send it again. */
export function FailedMailSection({ organisationId }: { organisationId: string }) {
  const t = useMessages(m);
  const data = useLoader(
    (signal) => api<{ items: Failed[] }>(`/mail/failed?organisationId=${encodeURIComponent(organisationId)}`, { signal }).then((r) => r.items),
    [organisationId],
  );
  const [done, setDone] = useState<string | null>(null);
  return (
    <section aria-labelledby="org-failed-mail" className="kw-section">
      <Heading2 id="org-failed-mail">{t.title}</Heading2>
      <div aria-live="polite">{done ? <StatusMessage>{done}</StatusMessage> : null}</div>
      {data.error ? <LoadError error={data.error} retry={data.reload} /> : null}
      {data.loading && !data.data ? <Loading /> : null}
      {data.data?.length === 0 ? <Paragraph>{t.none}</Paragraph> : null}
      {data.data?.length ? (
        <>
          <Paragraph>{t.intro}</Paragraph>
          <ul className="kw-plain-list">
            {data.data.map((f) => (
              <li key={f.id}>
                {f.caseId ? <RouterLink href={`/cases/${f.caseId}`}>{f.reference}</RouterLink> : null} {f.subject} → {f.to}
                {f.error ? ` (${f.error})` : ''}{' '}
                <Button
                  appearance="secondary-action-button"
                  onClick={async () => {
                    await api(`/mail/${encodeURIComponent(f.id)}/retry`, { method: 'POST' });
                    setDone(t.retried);
                    data.reload();
                  }}
                >
                  {t.retry(f.subject)}
                </Button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
