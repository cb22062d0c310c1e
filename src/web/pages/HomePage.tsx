import { Heading2, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useUser } from '../lib/auth.tsx';
import { useMessages } from '../lib/i18n.tsx';
import { RouterLink } from '../lib/router.tsx';
import { isAdmin } from '../lib/types.ts';
import { core } from '../i18n/core.ts';
import { PageTitle } from '../components/page.tsx';

export function HomePage() {
  const t = useMessages(core);
  const user = useUser();
  return (
    <>
      <PageTitle>{t.home.title}</PageTitle>
      <Paragraph lead>{t.home.welcome(user.name)}</Paragraph>
      <Heading2>{t.home.memberships}</Heading2>
      {user.platformAdmin ? <Paragraph>{t.home.platformAdmin}</Paragraph> : null}
      {user.memberships.length === 0 ? (
        <Paragraph>{t.home.noMemberships}</Paragraph>
      ) : (
        <UnorderedList className="kw-memberships">
          {user.memberships.map((m) => (
            <UnorderedListItem key={`${m.organisationId}:${m.role}:${m.teamId ?? ''}`}>
              {t.home.membership(t.roles[m.role] ?? m.role, m.organisationName)}
            </UnorderedListItem>
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
