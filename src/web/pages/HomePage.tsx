import { Heading2, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useUser } from '../lib/auth.tsx';
import { useMessages } from '../lib/i18n.tsx';
import { RouterLink } from '../lib/router.tsx';
import { isAdmin } from '../lib/types.ts';
import { core } from '../i18n/core.ts';
import { PageTitle, useLoader } from '../components/page.tsx';
import { fetchQueueCounts } from './cases/queue.tsx';
import { cm } from './cases/messages.ts';
import { PublicAddress } from '../components/public-address.tsx';
import { fetchOrganisations } from '../lib/organisations.ts';

/** The public form of each organisation the user handles complaints for, to pass on. */
function PublicForms({ ids }: { ids: string[] }) {
  const orgs = useLoader((signal) => fetchOrganisations(signal), [ids.join(',')]);
  return (
    <>
      {(orgs.data ?? [])
        .filter((o) => ids.includes(o.id))
        .map((o) => (
          <PublicAddress key={o.id} slug={o.slug} organisation={o.name} headingId={`home-form-${o.id}`} />
        ))}
    </>
  );
}

/** New work and this week's deadlines, at a glance, each a link to its view of the work queue. */
function WorkAtAGlance() {
  const t = useMessages(cm);
  const counts = useLoader((signal) => fetchQueueCounts(signal), []);
  if (!counts.data) return null;
  return (
    <section aria-labelledby="home-work">
      <Heading2 id="home-work">{t.home.title}</Heading2>
      <UnorderedList data-testid="home-counts">
        <UnorderedListItem>
          <RouterLink href="/cases?view=unassigned">{t.home.unassigned(counts.data.unassigned)}</RouterLink>
        </UnorderedListItem>
        <UnorderedListItem>
          <RouterLink href="/cases?view=week">{t.home.week(counts.data.week)}</RouterLink>
        </UnorderedListItem>
        {counts.data.overdue > 0 ? (
          <UnorderedListItem>
            <RouterLink href="/cases?view=overdue">{t.home.overdue(counts.data.overdue)}</RouterLink>
          </UnorderedListItem>
        ) : null}
      </UnorderedList>
    </section>
  );
}

export function HomePage() {
  const t = useMessages(core);
  const user = useUser();
  const handling = [...new Set(user.memberships.filter((m) => ['admin', 'complaints-officer', 'manager', 'quality-officer'].includes(m.role)).map((m) => m.organisationId))];
  return (
    <>
      <PageTitle>{t.home.title}</PageTitle>
      <Paragraph lead>{t.home.welcome(user.name)}</Paragraph>
      {user.memberships.some((m) => m.role !== 'oversight') ? <WorkAtAGlance /> : null}
      {handling.length ? <PublicForms ids={handling} /> : null}
      <Heading2>{t.home.memberships}</Heading2>
      {user.platformAdmin ? <Paragraph>{t.home.platformAdmin}</Paragraph> : null}
      {user.memberships.length === 0 ? (
        <Paragraph>{t.home.noMemberships}</Paragraph>
      ) : (
        <UnorderedList className="kw-memberships">
          {user.memberships.map((m) => (
            <UnorderedListItem key={`${m.organisationId}:${m.role}:${m.teamId ?? ''}`}>{t.home.membership(t.roles[m.role] ?? m.role, m.organisationName)}</UnorderedListItem>
          ))}
        </UnorderedList>
      )}
      {isAdmin(user) ? (
        <>
          <Heading2>{t.home.adminTasks}</Heading2>
          <UnorderedList>
            <UnorderedListItem>
              <RouterLink href="/admin/organisations">{t.nav.organisations}</RouterLink>
            </UnorderedListItem>
            <UnorderedListItem>
              <RouterLink href="/admin/users">{t.nav.users}</RouterLink>
            </UnorderedListItem>
            <UnorderedListItem>
              <RouterLink href="/admin/audit">{t.nav.audit}</RouterLink>
            </UnorderedListItem>
          </UnorderedList>
        </>
      ) : null}
    </>
  );
}
