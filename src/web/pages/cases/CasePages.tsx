import { matchPath } from '../../lib/router.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { ApprovalsPage, WorkQueuePage } from './queue.tsx';
import { CasePage } from './case.tsx';
import { RegisterPage } from './register.tsx';
import { RegulationPage } from './regulation.tsx';
import { CommitteeQueuePage } from './committee-queue.tsx';

/** Back-office case handling: one lazy chunk. */
export default function CasePages({ pathname }: { pathname: string }) {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/cases') return <WorkQueuePage />;
  if (path === '/cases/new') return <RegisterPage />;
  if (path === '/approvals') return <ApprovalsPage />;
  if (path === '/regulation') return <RegulationPage />;
  if (path === '/committee') return <CommitteeQueuePage />;
  const params = matchPath('/cases/:id', path);
  if (params?.id) return <CasePage key={params.id} id={params.id} />;
  return <NotFoundPage />;
}
