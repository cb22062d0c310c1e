import { useEffect } from 'react';
import { matchPath, navigate } from '../../lib/router.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { OrganisationCreatePage, OrganisationDetailPage, OrganisationsPage } from './organisations.tsx';
import { UserCreatePage, UserDetailPage, UsersPage } from './users.tsx';
import { AuditPage } from './audit.tsx';

/** Routes under /admin; one lazy chunk for all back-office administration. */
export default function AdminPages({ pathname }: { pathname: string }) {
  const path = pathname.replace(/\/+$/, '') || '/';
  useEffect(() => {
    if (path === '/admin') navigate('/admin/organisations', { replace: true });
  }, [path]);

  if (path === '/admin/organisations') return <OrganisationsPage />;
  if (path === '/admin/organisations/new') return <OrganisationCreatePage />;
  let params = matchPath('/admin/organisations/:id', path);
  if (params?.id) return <OrganisationDetailPage key={params.id} id={params.id} />;
  if (path === '/admin/users') return <UsersPage />;
  if (path === '/admin/users/new') return <UserCreatePage />;
  params = matchPath('/admin/users/:id', path);
  if (params?.id) return <UserDetailPage key={params.id} id={params.id} />;
  if (path === '/admin/audit') return <AuditPage />;
  if (path === '/admin') return null;
  return <NotFoundPage />;
}
