import { Paragraph, TableCell, TableRow } from '@utrecht/component-library-react';
import { api, query } from '../../lib/api.ts';
import { defineMessages, useLocale, useMessages } from '../../lib/i18n.tsx';
import { RouterLink } from '../../lib/router.tsx';
import type { CaseListItem } from '../../lib/cases.ts';
import { domain, label } from '../../i18n/domain.ts';
import { HeadedTable, LoadError, Loading, PageTitle, useLoader } from '../../components/page.tsx';
import { fetchCommittees } from '../admin/committees.tsx';
import { dateOnly, DeadlineLight } from './light.tsx';

// The work of a shared complaints committee's member (issue 9 §2.4): the cases referred to
// the committee from any organisation it serves, each with the organisation it belongs to.

const m = defineMessages(
  {
    title: 'Zaken voor de commissie',
    intro: (names: string) => `U zit in: ${names}. Hier staan de zaken die naar de commissie zijn gestuurd. Elke zaak hoort bij de organisatie die erbij staat.`,
    notMember: 'U zit niet in een gezamenlijke klachtencommissie.',
    none: 'Er zijn nu geen zaken voor de commissie.',
    tableLabel: 'Zaken voor de commissie',
    reference: 'Kenmerk',
    organisation: 'Organisatie',
    complainant: 'Klager',
    status: 'Status',
    received: 'Ontvangen',
    nextDue: 'Eerstvolgende termijn',
    anonymous: 'Anoniem',
  },
  {
    title: 'Cases for the committee',
    intro: (names: string) => `You sit on: ${names}. These are the cases sent to the committee. Each case belongs to the organisation shown with it.`,
    notMember: 'You do not sit on a shared complaints committee.',
    none: 'There are no cases for the committee now.',
    tableLabel: 'Cases for the committee',
    reference: 'Reference',
    organisation: 'Organisation',
    complainant: 'Complainant',
    status: 'Status',
    received: 'Received',
    nextDue: 'Next term',
    anonymous: 'Anonymous',
  },
);

export function CommitteeQueuePage() {
  const t = useMessages(m);
  const d = useMessages(domain);
  const { locale } = useLocale();
  const data = useLoader(async (signal) => {
    const committees = (await fetchCommittees(signal)).filter((c) => c.you.member);
    const cases = committees.length ? (await api<{ items: CaseListItem[] }>(`/cases${query({ open: 'true', limit: '200' })}`, { signal })).items : [];
    return { committees, cases };
  }, []);
  const organisations = new Map((data.data?.committees ?? []).flatMap((c) => c.organisations.map((o) => [o.organisationId, o.organisationName] as const)));
  // Only what the committees were sent: a member with another role elsewhere sees that work in the work queue.
  const cases = (data.data?.cases ?? []).filter((c) => organisations.has(c.organisationId));
  return (
    <>
      <PageTitle>{t.title}</PageTitle>
      {data.error ? <LoadError error={data.error} retry={data.reload} /> : null}
      {data.loading ? <Loading /> : null}
      {data.data && data.data.committees.length === 0 ? <Paragraph>{t.notMember}</Paragraph> : null}
      {data.data && data.data.committees.length > 0 ? (
        <>
          <Paragraph>{t.intro(data.data.committees.map((c) => c.name).join(', '))}</Paragraph>
          {cases.length === 0 ? (
            <Paragraph>{t.none}</Paragraph>
          ) : (
            <HeadedTable label={t.tableLabel} columns={[t.reference, t.organisation, t.complainant, t.status, t.received, t.nextDue]}>
              {cases.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>
                    <RouterLink href={`/cases/${encodeURIComponent(c.id)}`}>{c.reference}</RouterLink>
                  </TableCell>
                  <TableCell>{organisations.get(c.organisationId)}</TableCell>
                  <TableCell>{c.complainantName === undefined ? '—' : (c.complainantName ?? t.anonymous)}</TableCell>
                  <TableCell>{label(d.statuses, c.status)}</TableCell>
                  <TableCell>{dateOnly(locale, c.receivedOn)}</TableCell>
                  <TableCell>{c.nextDue ? <DeadlineLight deadline={{ due: c.nextDue, status: c.overdue ? 'missed' : 'open' }} /> : '—'}</TableCell>
                </TableRow>
              ))}
            </HeadedTable>
          )}
        </>
      ) : null}
    </>
  );
}
