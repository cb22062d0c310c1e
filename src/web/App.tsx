import { lazy, Suspense, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { Button, PageFooter, PageHeader, Paragraph, SkipLink } from '@utrecht/component-library-react';
import { AuthProvider, useAuth } from './lib/auth.tsx';
import { LocaleProvider, useLocale, useMessages } from './lib/i18n.tsx';
import { matchPath, navigate, RouterLink, RouterProvider, safeNext, useLocation } from './lib/router.tsx';
import { isAdmin, MEASURE_ROLES, orgsWithRole, REPORT_ROLES, worksWithCases } from './lib/types.ts';
import type { User } from './lib/types.ts';
import { core } from './i18n/core.ts';
import { api } from './lib/api.ts';
import { Loading } from './components/page.tsx';
import { brandTokens, BrandProvider, useBrand } from './lib/brand.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { ForbiddenPage, NotFoundPage } from './pages/NotFoundPage.tsx';

// Back-office pages are separate chunks, fetched on first use.
const AdminPages = lazy(() => import('./pages/admin/AdminPages.tsx'));
const AccountPage = lazy(() => import('./pages/account/AccountPage.tsx'));
const CasePages = lazy(() => import('./pages/cases/CasePages.tsx'));
// Dashboard, measures register and oversight: process figures, one chunk.
const ReportPages = lazy(() => import('./pages/reports/ReportPages.tsx'));
// The citizen's pages (no login): a chunk of their own, small and without back-office code.
const PublicPages = lazy(() => import('./pages/public/PublicPages.tsx'));
// The regulation editor carries the domain's checker and calendar: a chunk of its own.
const RegulationEditorPage = lazy(() => import('./pages/regulation-editor/RegulationEditorPage.tsx'));

/** Paths for citizens: the form per organisation, the status page behind the secret link, a lost link. */
export function isPublicPath(pathname: string): boolean {
  return pathname.startsWith('/o/') || pathname.startsWith('/status/') || pathname.startsWith('/vertrouwenspersoon/') || pathname === '/status-link';
}

export function App() {
  return (
    <LocaleProvider>
      <RouterProvider>
        <AuthProvider>
          <Root />
        </AuthProvider>
      </RouterProvider>
    </LocaleProvider>
  );
}

function Root() {
  const location = useLocation();
  if (isPublicPath(location.pathname)) {
    return (
      <BrandProvider>
        <Layout user={null} publicPage>
          <Suspense fallback={<Loading />}>
            <PublicPages pathname={location.pathname} />
          </Suspense>
        </Layout>
      </BrandProvider>
    );
  }
  return <BackOffice />;
}

function BackOffice() {
  const { state } = useAuth();
  const location = useLocation();
  const onLogin = location.pathname === '/login';

  useEffect(() => {
    if (state.status === 'anonymous' && !onLogin) {
      const next = location.pathname + location.search;
      navigate(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`, {
        replace: true,
        state: state.expired ? { expired: true } : null,
      });
    } else if (state.status === 'authenticated' && onLogin) {
      navigate(safeNext(new URLSearchParams(location.search).get('next')), { replace: true });
    } else if (state.status === 'authenticated' && state.mustEnrolSecondFactor && location.pathname !== '/account') {
      // Until the required second factor is set up, the API refuses everything else.
      navigate('/account', { replace: true });
    }
  }, [state, onLogin, location.pathname, location.search]);

  if (state.status === 'loading') {
    return (
      <Layout user={null}>
        <Loading />
      </Layout>
    );
  }
  if (state.status === 'anonymous') {
    return <Layout user={null}>{onLogin ? <LoginPage /> : <Loading />}</Layout>;
  }
  return (
    <Layout user={state.user}>
      <Suspense fallback={<Loading />}>
        <Routes user={state.user} pathname={state.mustEnrolSecondFactor ? '/account' : location.pathname} />
      </Suspense>
    </Layout>
  );
}

function Routes({ user, pathname }: { user: User; pathname: string }) {
  if (pathname === '/' || pathname === '/login') return <HomePage />;
  if (matchPath('/account', pathname)) return <AccountPage />;
  if (pathname === '/cases' || pathname === '/cases/new' || pathname === '/approvals') {
    // Oversight sees process figures, never a work queue with names [001 §2A].
    if (!worksWithCases(user)) return <ForbiddenPage />;
    return <CasePages pathname={pathname} />;
  }
  if (matchPath('/regulation/edit', pathname)) {
    if (!isAdmin(user)) return <ForbiddenPage />;
    return <RegulationEditorPage />;
  }
  if (pathname.startsWith('/cases/') || pathname.startsWith('/regulation') || pathname === '/committee') {
    // A case page shows what the API allows: process data only for oversight.
    return <CasePages pathname={pathname} />;
  }
  if (pathname === '/dashboard' || pathname === '/measures' || pathname.startsWith('/measures/') || pathname === '/oversight') {
    return <ReportPages pathname={pathname} />;
  }
  if (pathname === '/admin' || pathname.startsWith('/admin/')) {
    if (!isAdmin(user)) return <ForbiddenPage />;
    return <AdminPages pathname={pathname} />;
  }
  return <NotFoundPage />;
}

function Layout({ user, children, publicPage = false }: { user: User | null; children: ReactNode; publicPage?: boolean }) {
  const t = useMessages(core);
  const { locale, setLocale } = useLocale();
  const { logout } = useAuth();
  const other = locale === 'nl' ? 'en' : 'nl';
  // A provider's public pages carry its own name, logo and colours, not the installation's.
  const brand = useBrand();

  return (
    <div className={`utrecht-document kw-app${publicPage ? ' kw-app--public' : ''}`} style={publicPage ? brandTokens(brand?.color ?? null) : undefined}>
      <div className="kw-skip">
        <SkipLink href="#main">{t.skipLink}</SkipLink>
      </div>
      <PageHeader className="kw-header">
        <div className="kw-header__bar">
          {publicPage ? (
            <span className="kw-brand" data-testid="brand">
              {brand?.logo ? <img className="kw-brand__logo" src={brand.logo} alt="" /> : null}
              {brand?.name ?? t.appName}
            </span>
          ) : (
            <RouterLink href="/" className="kw-brand">
              {t.appName}
            </RouterLink>
          )}
          <div className="kw-header__tools">
            {user ? <span className="kw-user">{t.signedInAs(user.name)}</span> : null}
            <Button appearance="subtle-button" lang={other} onClick={() => setLocale(other)} className="kw-lang">
              {t.switchLanguage}
            </Button>
            {user ? (
              <Button
                appearance="secondary-action-button"
                onClick={async () => {
                  await logout().catch(() => undefined);
                  navigate('/login', { state: { flash: 'loggedOut' } });
                }}
              >
                {t.logout}
              </Button>
            ) : null}
          </div>
        </div>
        {user ? <MainNav user={user} /> : null}
      </PageHeader>
      <main id="main" tabIndex={-1} className="kw-main">
        {children}
      </main>
      <PageFooter className="kw-footer" data-testid="footer">
        {publicPage && brand ? <Paragraph>{[brand.name, brand.phone, brand.email].filter(Boolean).join(' · ')}</Paragraph> : <Paragraph>{t.footer}</Paragraph>}
      </PageFooter>
    </div>
  );
}

/** Whether the user sits on a shared complaints committee (issue 9 §2.4): its cases get a page of their own. */
function useSitsOnCommittee(userId: string): boolean {
  const [sits, setSits] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: asked again when the signed-in user changes
  useEffect(() => {
    const controller = new AbortController();
    api<{ items: { you: { member: boolean } }[] }>('/committees', { signal: controller.signal }).then(
      (r) => setSits(r.items.some((c) => c.you.member)),
      () => setSits(false),
    );
    return () => controller.abort();
  }, [userId]);
  return sits;
}

function MainNav({ user }: { user: User }) {
  const t = useMessages(core);
  const { pathname } = useLocation();
  const onCommittee = useSitsOnCommittee(user.id);
  const items: { href: string; label: string }[] = [{ href: '/', label: t.nav.home }];
  if (worksWithCases(user)) {
    items.push({ href: '/cases', label: t.nav.cases }, { href: '/cases/new', label: t.nav.register }, { href: '/approvals', label: t.nav.approvals });
  }
  if (orgsWithRole(user, REPORT_ROLES).length > 0 || user.platformAdmin) items.push({ href: '/dashboard', label: t.nav.dashboard });
  if (orgsWithRole(user, MEASURE_ROLES).length > 0) items.push({ href: '/measures', label: t.nav.measures });
  if (orgsWithRole(user, ['oversight']).length > 0) items.push({ href: '/oversight', label: t.nav.oversight });
  if (onCommittee) items.push({ href: '/committee', label: t.nav.committee });
  if (user.memberships.length > 0) items.push({ href: '/regulation', label: t.nav.regulation });
  if (isAdmin(user)) {
    items.push({ href: '/admin/organisations', label: t.nav.organisations }, { href: '/admin/users', label: t.nav.users }, { href: '/admin/audit', label: t.nav.audit });
  }
  items.push({ href: '/account', label: t.nav.account });
  return (
    <nav aria-label={t.mainNav} className="kw-nav">
      <ul className="kw-nav__list">
        {items.map((item) => {
          const active =
            item.href === '/'
              ? pathname === '/'
              : pathname === item.href ||
                (pathname.startsWith(`${item.href}/`) && !items.some((o) => o.href !== item.href && o.href.startsWith(`${item.href}/`) && pathname.startsWith(o.href)));
          return (
            <li key={item.href} className="kw-nav__item">
              <RouterLink
                href={item.href}
                className={active ? 'kw-nav__link kw-nav__link--active' : 'kw-nav__link'}
                aria-current={pathname === item.href ? 'page' : active ? 'true' : undefined}
              >
                {item.label}
              </RouterLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
