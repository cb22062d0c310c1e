import './reports.css';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { DashboardPage } from './dashboard.tsx';
import { MeasureCreatePage, MeasuresPage } from './measures.tsx';
import { OversightPage } from './oversight.tsx';

/** Dashboard, measures register and oversight: process figures, one lazy chunk with its own CSS. */
export default function ReportPages({ pathname }: { pathname: string }) {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/dashboard') return <DashboardPage />;
  if (path === '/measures') return <MeasuresPage />;
  if (path === '/measures/new') return <MeasureCreatePage />;
  if (path === '/oversight') return <OversightPage />;
  return <NotFoundPage />;
}
