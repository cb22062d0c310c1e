import { Fragment } from 'react';
import { Heading2, Link, Paragraph, TableCell, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { api, query } from '../../lib/api.ts';
import { formatDateTime, useLocale, useMessages } from '../../lib/i18n.tsx';
import { RouterLink, useSearchParams } from '../../lib/router.tsx';
import type { Organisation } from '../../lib/types.ts';
import { figureColumns, HeadedTable, LoadError, Loading, PageTitle, useLoader } from '../../components/page.tsx';
import { dateOnly, OrgYearPicker, useOrganisationsWithRole, yearOf } from './common.tsx';
import { ReportLinks } from './dashboard.tsx';
import { rm } from './messages.ts';
import { reportHref } from './types.ts';
import type { HalfYearReport, ProviderRow } from './types.ts';

/** The municipality's view of the providers it oversees: process figures only, no case content [001 §2A]. */
export function OversightPage() {
  const t = useMessages(rm);
  const params = useSearchParams();
  const year = yearOf(params.get('year'));
  const orgs = useOrganisationsWithRole(['oversight']);
  if (orgs.loading && !orgs.data) return <Loading />;
  if (orgs.error) return <LoadError error={orgs.error} retry={orgs.reload} />;
  const { choices } = orgs;
  const org = choices.find((o) => o.id === params.get('organisationId')) ?? choices[0];
  return (
    <>
      <PageTitle>{t.oversight.title}</PageTitle>
      <Paragraph>{t.oversight.intro}</Paragraph>
      {!org ? (
        <Paragraph>{t.oversight.noOrganisation}</Paragraph>
      ) : (
        <>
          <OrgYearPicker
            key={`${org.id}-${year}`}
            path="/oversight"
            options={choices.map((o) => ({ value: o.id, label: o.name }))}
            organisationId={org.id}
            year={year}
            orgLabel={t.picker.municipality}
          />
          <Providers key={`${org.id}-${year}`} municipality={org} year={year} />
        </>
      )}
    </>
  );
}

function HalfYearCell({ report }: { report: HalfYearReport | undefined }) {
  const t = useMessages(rm);
  const { locale } = useLocale();
  if (!report) return <>—</>;
  return (
    <span className={report.late ? 'kw-late-report' : undefined} data-testid={`half-year-${report.half}`} data-late={report.late ? 'true' : 'false'}>
      <span className="kw-block">{t.oversight.lastDay(dateOnly(locale, report.lastDay))}</span>
      <span className="kw-block">{report.deliveredAt ? t.oversight.deliveredAt(formatDateTime(locale, report.deliveredAt)) : t.oversight.notDelivered}</span>
      {report.late ? <strong className="kw-late kw-block">{t.oversight.late}</strong> : null}
    </span>
  );
}

function ProviderReportLinks({ provider: p, year }: { provider: ProviderRow; year: number }) {
  const t = useMessages(rm);
  return (
    <ul className="kw-plain-list kw-compact">
      <li>
        <Link href={reportHref('annual', { organisationId: p.id, year, format: 'pdf' })}>{t.oversight.annualOf(p.name)} (PDF)</Link>
      </li>
      {[1, 2].map((half) => (
        <li key={half}>
          <Link href={reportHref('half-year', { organisationId: p.id, year, half, format: 'pdf' })}>{t.oversight.halfOf(p.name, half)} (PDF)</Link>
        </li>
      ))}
    </ul>
  );
}

function Providers({ municipality, year }: { municipality: Organisation; year: number }) {
  const t = useMessages(rm);
  const data = useLoader(
    (signal) => api<{ items: ProviderRow[] }>(`/oversight/providers${query({ organisationId: municipality.id, year: String(year) })}`, { signal }),
    [municipality.id, year],
  );
  if (data.loading && !data.data) return <Loading />;
  if (data.error) return <LoadError error={data.error} retry={data.reload} />;
  const items = data.data?.items ?? [];
  const late = items.reduce((n, p) => n + p.halfYearReports.filter((r) => r.late).length, 0);
  return (
    <>
      <section aria-labelledby="providers" className="kw-section">
        <Heading2 id="providers">
          {t.oversight.providers} – {municipality.name} {year}
        </Heading2>
        {items.length === 0 ? (
          <Paragraph>{t.oversight.empty}</Paragraph>
        ) : (
          <>
            <Paragraph className={late ? 'kw-overdue' : 'kw-overdue kw-overdue--none'} data-testid="late-reports">
              {late ? t.oversight.lateSummary(late) : t.oversight.noneLate}
            </Paragraph>
            <div className="kw-wide-only">
              <HeadedTable
                label={t.oversight.tableLabel}
                className="kw-providers"
                caption
                columns={[
                  t.oversight.provider,
                  ...figureColumns(
                    t.oversight.openCases,
                    t.oversight.overdueCases,
                    t.oversight.deadlinesMet,
                    t.oversight.deadlinesMissed,
                    t.oversight.measuresOpen,
                    t.oversight.measuresLate,
                  ),
                  t.oversight.halfYear(1),
                  t.oversight.halfYear(2),
                  t.oversight.reports,
                ]}
              >
                {items.map((p) => (
                  <TableRow key={p.id} data-testid="provider-row">
                    <TableHeaderCell scope="row">
                      <RouterLink href={`/dashboard${query({ organisationId: p.id, year: String(year) })}`}>
                        {p.name}
                        <span className="kw-visually-hidden"> ({t.oversight.dashboard})</span>
                      </RouterLink>
                    </TableHeaderCell>
                    <TableCell className="kw-num">{p.openCases}</TableCell>
                    <TableCell className={`kw-num${p.overdueCases ? ' kw-late' : ''}`}>{p.overdueCases}</TableCell>
                    <TableCell className="kw-num">{p.deadlinesMet}</TableCell>
                    <TableCell className={`kw-num${p.deadlinesMissed ? ' kw-late' : ''}`}>{p.deadlinesMissed}</TableCell>
                    <TableCell className="kw-num">{p.measuresOpen}</TableCell>
                    <TableCell className={`kw-num${p.measuresLate ? ' kw-late' : ''}`}>{p.measuresLate}</TableCell>
                    <TableCell>
                      <HalfYearCell report={p.halfYearReports.find((r) => r.half === 1)} />
                    </TableCell>
                    <TableCell>
                      <HalfYearCell report={p.halfYearReports.find((r) => r.half === 2)} />
                    </TableCell>
                    <TableCell>
                      <ProviderReportLinks provider={p} year={year} />
                    </TableCell>
                  </TableRow>
                ))}
              </HeadedTable>
            </div>
            <ul className="kw-narrow-only kw-provider-cards">
              {items.map((p) => (
                <li key={p.id} className="kw-card" data-testid="provider-card">
                  <h3 className="utrecht-heading-3">
                    <RouterLink href={`/dashboard${query({ organisationId: p.id, year: String(year) })}`}>
                      {p.name}
                      <span className="kw-visually-hidden"> ({t.oversight.dashboard})</span>
                    </RouterLink>
                  </h3>
                  <dl className="kw-dl">
                    <dt>{t.oversight.openCases}</dt>
                    <dd>{p.openCases}</dd>
                    <dt>{t.oversight.overdueCases}</dt>
                    <dd className={p.overdueCases ? 'kw-late' : undefined}>{p.overdueCases}</dd>
                    <dt>{t.oversight.deadlinesMet}</dt>
                    <dd>{p.deadlinesMet}</dd>
                    <dt>{t.oversight.deadlinesMissed}</dt>
                    <dd className={p.deadlinesMissed ? 'kw-late' : undefined}>{p.deadlinesMissed}</dd>
                    <dt>{t.oversight.measuresOpen}</dt>
                    <dd>{p.measuresOpen}</dd>
                    <dt>{t.oversight.measuresLate}</dt>
                    <dd className={p.measuresLate ? 'kw-late' : undefined}>{p.measuresLate}</dd>
                    {[1, 2].map((half) => (
                      <Fragment key={half}>
                        <dt>{t.oversight.halfYear(half)}</dt>
                        <dd>
                          <HalfYearCell report={p.halfYearReports.find((r) => r.half === half)} />
                        </dd>
                      </Fragment>
                    ))}
                  </dl>
                  <ProviderReportLinks provider={p} year={year} />
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section aria-labelledby="wide" className="kw-section">
        <Heading2 id="wide">{t.oversight.wide}</Heading2>
        <ReportLinks organisationId={municipality.id} year={year} includeProviders />
      </section>
    </>
  );
}
