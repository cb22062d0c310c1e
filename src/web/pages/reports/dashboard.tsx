import { Fragment, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Heading2, Link, Paragraph, TableCell, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { api, query } from '../../lib/api.ts';
import { useUser } from '../../lib/auth.tsx';
import { formatDateTime, useLocale, useMessages } from '../../lib/i18n.tsx';
import { RouterLink, useSearchParams } from '../../lib/router.tsx';
import { MEASURE_MANAGERS, MEASURE_ROLES, orgsWithRole, REPORT_ROLES } from '../../lib/types.ts';
import type { Organisation, User } from '../../lib/types.ts';
import { todayIso } from '../../lib/cases.ts';
import { fetchOrganisations } from '../../lib/organisations.ts';
import { domain } from '../../i18n/domain.ts';
import { ErrorSummary, SelectField, useFormErrors } from '../../components/form.tsx';
import { figureColumns, HeadedTable, LoadError, Loading, PageTitle, useLoader } from '../../components/page.tsx';
import {
  anySuppressed,
  CellValue,
  CountCell,
  CountTableView,
  dateOnly,
  Figure,
  MonthChart,
  OrgYearPicker,
  PercentValue,
  SuppressionFootnote,
  TableFootnote,
  yearOf,
} from './common.tsx';
import { rm } from './messages.ts';
import { fetchRegulation } from '../cases/data.ts';
import { annualPublicDue, reportHref, sumCells } from './types.ts';
import type { DeliveryState, PublicDue, Report, Trends } from './types.ts';

/** The organisations whose figures the user may see: own reporting roles, and the providers under a municipality they oversee. */
export function dashboardOrganisations(user: User, orgs: Organisation[]): Organisation[] {
  if (user.platformAdmin) return orgs;
  const direct = new Set(orgsWithRole(user, REPORT_ROLES));
  const oversight = new Set(orgsWithRole(user, ['oversight']));
  return orgs.filter((o) => direct.has(o.id) || oversight.has(o.id) || (o.parentId !== null && oversight.has(o.parentId)));
}

async function loadFigures(organisationId: string, year: number, signal: AbortSignal) {
  const [report, trends] = await Promise.all([
    api<Report>(`/reports/annual${query({ organisationId, year: String(year) })}`, { signal }),
    api<Trends>(`/reports/trends${query({ organisationId, year: String(year) })}`, { signal }),
  ]);
  return { report, trends };
}

export function DashboardPage() {
  const t = useMessages(rm);
  const user = useUser();
  const params = useSearchParams();
  const year = yearOf(params.get('year'));
  const orgs = useLoader((signal) => fetchOrganisations(signal), [user.id]);

  if (orgs.loading && !orgs.data) return <Loading />;
  if (orgs.error) return <LoadError error={orgs.error} retry={orgs.reload} />;
  const choices = dashboardOrganisations(user, orgs.data ?? []);
  const direct = orgsWithRole(user, REPORT_ROLES);
  const wanted = params.get('organisationId');
  const org = choices.find((o) => o.id === wanted) ?? choices.find((o) => direct.includes(o.id)) ?? choices[0];

  return (
    <>
      <PageTitle>{t.dashboard.title}</PageTitle>
      {!org ? (
        <Paragraph>{t.dashboard.noOrganisation}</Paragraph>
      ) : (
        <>
          <OrgYearPicker
            key={`${org.id}-${year}`}
            path="/dashboard"
            options={choices.map((o) => ({ value: o.id, label: o.name }))}
            organisationId={org.id}
            year={year}
            orgLabel={t.picker.organisation}
          />
          <Figures key={`${org.id}-${year}`} org={org} year={year} parentName={orgs.data?.find((o) => o.id === org.parentId)?.name ?? null} />
        </>
      )}
    </>
  );
}

function Figures({ org, year, parentName }: { org: Organisation; year: number; parentName: string | null }) {
  const t = useMessages(rm);
  const d = useMessages(domain);
  const { locale } = useLocale();
  const user = useUser();
  const data = useLoader((signal) => loadFigures(org.id, year, signal), [org.id, year]);
  if (data.loading && !data.data) return <Loading />;
  if (data.error) return <LoadError error={data.error} retry={data.reload} />;
  if (!data.data) return null;
  const { report, trends } = data.data;

  const decision = report.deadlines.find((x) => x.kind === 'decision');
  const openMeasures = sumCells(report.measures.rows.filter((r) => r.key === 'planned' || r.key === 'in-progress').map((r) => r.count));
  const months = t.months;
  const roles = user.memberships.filter((m) => m.organisationId === org.id).map((m) => m.role);
  // The organisation itself delivers its half-year reports and publishes its annual report (admins, quality and complaints officers).
  const canPublish = roles.some((r) => MEASURE_MANAGERS.includes(r));
  const canDeliver = org.parentId !== null && canPublish;
  const seesMeasures = roles.some((r) => MEASURE_ROLES.includes(r));
  const categoryLabels = d.categories;

  return (
    <>
      <Paragraph lead>{t.dashboard.intro(org.name, year)}</Paragraph>

      <section aria-labelledby="key-figures" className="kw-section">
        <Heading2 id="key-figures">{t.dashboard.keyFigures}</Heading2>
        <dl className="kw-figures-grid">
          <Figure label={t.dashboard.received} testId="dashboard-total">
            <CellValue cell={report.totals.total} />
          </Figure>
          <Figure label={t.dashboard.decisionOnTime} testId="dashboard-on-time">
            <PercentValue cell={decision?.percentMet} />
          </Figure>
          <Figure label={t.dashboard.measuresOpen} testId="dashboard-measures-open">
            <CellValue cell={openMeasures} />
          </Figure>
          <Figure label={t.dashboard.measuresLate} testId="dashboard-measures-late" {...(report.measures.overdue.value ? { tone: 'bad' as const } : {})}>
            <CellValue cell={report.measures.overdue} />
          </Figure>
        </dl>
      </section>

      <section aria-labelledby="per-month" className="kw-section">
        <Heading2 id="per-month">{t.dashboard.perMonth}</Heading2>
        <div className="kw-chart-grid">
          <MonthChart
            caption={t.dashboard.receivedPerMonth(year)}
            months={months}
            monthNames={t.monthsLong}
            series={[{ label: t.dashboard.received, cells: trends.months.map((m) => m.received) }]}
            total={[trends.totals.received]}
          />
          <MonthChart
            caption={t.dashboard.deadlinesPerMonth(year)}
            months={months}
            monthNames={t.monthsLong}
            series={[
              { label: t.dashboard.met, cells: trends.months.map((m) => m.deadlinesMet) },
              { label: t.dashboard.missed, cells: trends.months.map((m) => m.deadlinesMissed) },
            ]}
            total={[trends.totals.deadlinesMet, trends.totals.deadlinesMissed]}
          />
        </div>
      </section>

      <section aria-labelledby="breakdowns" className="kw-section">
        <Heading2 id="breakdowns">{t.dashboard.breakdown}</Heading2>
        <div className="kw-table-grid">
          <CountTableView table={report.totals} caption={t.dashboard.byKind} labels={t.kinds} headers={[t.dashboard.kind, t.dashboard.count]} totalLabel={t.dashboard.total} />
          <CountTableView
            table={report.byOutcome}
            caption={t.dashboard.byOutcome}
            labels={t.outcomes}
            headers={[t.dashboard.outcome, t.dashboard.count]}
            totalLabel={t.dashboard.total}
          />
          <CountTableView
            table={report.byCategory}
            caption={t.dashboard.byCategory}
            labels={categoryLabels}
            headers={[t.dashboard.category, t.dashboard.count]}
            totalLabel={t.dashboard.total}
            note={t.dashboard.byCategoryNote}
          />
          <CountTableView table={report.byLevel} caption={t.dashboard.byLevel} labels={t.levels} headers={[t.dashboard.level, t.dashboard.count]} totalLabel={t.dashboard.total} />
        </div>
      </section>

      <section aria-labelledby="deadlines" className="kw-section">
        <Heading2 id="deadlines">{t.dashboard.deadlines}</Heading2>
        <HeadedTable
          label={t.dashboard.deadlines}
          className="kw-figures"
          caption
          columns={[t.dashboard.deadlineKind, ...figureColumns(t.dashboard.met, t.dashboard.missed, t.dashboard.open, t.dashboard.total, t.dashboard.percentMet)]}
        >
          {report.deadlines.map((row) => (
            <TableRow key={row.kind}>
              <TableHeaderCell scope="row">{t.deadlineKinds[row.kind] ?? row.label}</TableHeaderCell>
              <CountCell cell={row.met} />
              <CountCell cell={row.missed} />
              <CountCell cell={row.open} />
              <CountCell cell={row.total} />
              <TableCell className="kw-num">
                <PercentValue cell={row.percentMet} />
              </TableCell>
            </TableRow>
          ))}
        </HeadedTable>
        <TableFootnote show={anySuppressed(report.deadlines.flatMap((r) => [r.met, r.missed, r.open, r.total, r.percentMet]))} />
        <h3 className="utrecht-heading-3">{t.dashboard.leadTimes}</h3>
        <HeadedTable
          label={t.dashboard.leadTimes}
          className="kw-figures"
          caption
          columns={[t.dashboard.kind, ...figureColumns(t.dashboard.closed, t.dashboard.open, t.dashboard.median, t.dashboard.p90)]}
        >
          {report.leadTimes.map((row) => (
            <TableRow key={row.kind}>
              <TableHeaderCell scope="row">{t.kinds[row.kind] ?? row.label}</TableHeaderCell>
              <CountCell cell={row.closed} />
              <CountCell cell={row.open} />
              <CountCell cell={row.medianDays} />
              <CountCell cell={row.p90Days} />
            </TableRow>
          ))}
        </HeadedTable>
        <TableFootnote show={anySuppressed(report.leadTimes.flatMap((r) => [r.closed, r.open, r.medianDays, r.p90Days]))} />
      </section>

      <section aria-labelledby="measures" className="kw-section">
        <Heading2 id="measures">{t.dashboard.measures}</Heading2>
        <CountTableView
          captionHidden
          table={report.measures}
          caption={t.dashboard.measures}
          labels={t.measureStates}
          headers={[t.dashboard.state, t.dashboard.count]}
          totalLabel={t.dashboard.total}
        />
        <dl className="kw-dl">
          <dt>{t.dashboard.overdue}</dt>
          <dd>
            <CellValue cell={report.measures.overdue} />
          </dd>
          <dt>{t.dashboard.doneLate}</dt>
          <dd>
            <CellValue cell={report.measures.doneLate} />
          </dd>
          <dt>{t.dashboard.recommendations}</dt>
          <dd>
            <CellValue cell={report.recommendations} />
          </dd>
        </dl>
        {seesMeasures ? (
          <Paragraph>
            <RouterLink href={`/measures${query({ organisationId: org.id })}`}>{t.dashboard.toRegister}</RouterLink>
          </Paragraph>
        ) : null}
      </section>

      {report.confidants || report.referrals ? (
        <section aria-labelledby="confidants-referrals" className="kw-section">
          <Heading2 id="confidants-referrals">{t.dashboard.confidantsAndReferrals}</Heading2>
          {report.confidants ? (
            <dl className="kw-dl" data-testid="report-confidants">
              <dt>{t.dashboard.confidantSupported}</dt>
              <dd>
                <CellValue cell={report.confidants.supported} />
              </dd>
              <dt>{t.dashboard.confidantRecommendations}</dt>
              <dd>
                <CellValue cell={report.confidants.recommendations} />
              </dd>
            </dl>
          ) : null}
          {report.referrals ? (
            <>
              <Paragraph>{t.dashboard.referralsIntro}</Paragraph>
              <CountTableView
                table={report.referrals}
                caption={t.dashboard.referrals}
                labels={{}}
                headers={[t.dashboard.route, t.dashboard.count]}
                totalLabel={t.dashboard.referralsTotal}
              />
              <TableFootnote show={anySuppressed([...report.referrals.rows.map((r) => r.count), ...(report.referrals.total ? [report.referrals.total] : [])])} />
            </>
          ) : null}
        </section>
      ) : null}

      <SuppressionFootnote />
      <Paragraph className="kw-muted">{t.dashboard.madeOn(dateOnly(locale, report.madeOn))}</Paragraph>

      <section aria-labelledby="downloads" className="kw-section">
        <Heading2 id="downloads">{t.dashboard.reports}</Heading2>
        <ReportLinks organisationId={org.id} year={year} />
      </section>

      {org.parentId !== null || canPublish ? <Deliveries org={org} year={year} parentName={parentName} canDeliver={canDeliver} canPublish={canPublish} /> : null}
    </>
  );
}

export function ReportLinks({ organisationId, year, includeProviders = false }: { organisationId: string; year: number; includeProviders?: boolean }) {
  const t = useMessages(rm);
  const items: { label: string; kind: 'annual' | 'half-year'; half?: number }[] = [
    { label: t.dashboard.annual(year), kind: 'annual' },
    { label: t.dashboard.halfYear(year, 1), kind: 'half-year', half: 1 },
    { label: t.dashboard.halfYear(year, 2), kind: 'half-year', half: 2 },
  ];
  return (
    <ul className="kw-plain-list kw-downloads">
      {items.map((item) => (
        <li key={item.label}>
          <span className="kw-downloads__name">{item.label}:</span>{' '}
          {(['pdf', 'csv'] as const).map((format, i) => (
            <span key={format}>
              {i > 0 ? ' · ' : ''}
              <Link
                href={reportHref(item.kind, { organisationId, year, format, includeProviders, ...(item.half ? { half: item.half } : {}) })}
                download={format === 'csv' ? '' : undefined}
              >
                {t.dashboard.download(item.label, format === 'pdf' ? t.dashboard.pdf : t.dashboard.csv)}
              </Link>
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
}

async function loadDeliveries(org: Organisation, year: number, withRegulation: boolean, signal: AbortSignal) {
  const [state, regulation] = await Promise.all([
    api<DeliveryState>(`/reports/half-year/deliveries${query({ organisationId: org.id, year: String(year) })}`, { signal }),
    withRegulation ? fetchRegulation(org.regulationId).catch(() => null) : Promise.resolve(null),
  ]);
  return { state, due: annualPublicDue(regulation, year) };
}

/** Half-year reports to the municipality [001 art. 11.1] and the public annual report (Jeugdwet 4.3.1), as the server records them. */
function Deliveries({ org, year, parentName, canDeliver, canPublish }: { org: Organisation; year: number; parentName: string | null; canDeliver: boolean; canPublish: boolean }) {
  const data = useLoader((signal) => loadDeliveries(org, year, canPublish, signal), [org.id, year, canPublish]);
  if (data.loading && !data.data) return <Loading />;
  if (data.error) return <LoadError error={data.error} retry={data.reload} />;
  if (!data.data) return null;
  const { state, due } = data.data;
  const update = (next: Partial<DeliveryState>) => data.setData({ due, state: { ...state, ...next } });
  return (
    <>
      {org.parentId !== null ? (
        <HalfYears
          org={org}
          year={year}
          parentName={parentName}
          canDeliver={canDeliver}
          items={state.items}
          onDelivered={(half, deliveredAt) => update({ items: state.items.map((i) => (i.half === half ? { ...i, deliveredAt } : i)) })}
        />
      ) : null}
      {canPublish ? <Publish org={org} year={year} annual={state.annual} due={due} onPublished={(publishedAt) => update({ annual: { ...state.annual, publishedAt } })} /> : null}
    </>
  );
}

function HalfYears({
  org,
  year,
  parentName,
  canDeliver,
  items,
  onDelivered,
}: {
  org: Organisation;
  year: number;
  parentName: string | null;
  canDeliver: boolean;
  items: DeliveryState['items'];
  onDelivered: (half: number, deliveredAt: string) => void;
}) {
  const t = useMessages(rm);
  const { locale } = useLocale();
  const form = useFormErrors('deliver');
  const month = new Date().getMonth() + 1;
  const [half, setHalf] = useState(month <= 6 ? '1' : '2');
  const [busy, setBusy] = useState(false);
  const today = todayIso();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const r = await api<{ year: number; half: number; deliveredAt: string }>('/reports/half-year/deliver', {
        method: 'POST',
        body: { organisationId: org.id, year, half: Number(half) },
      });
      form.clear();
      onDelivered(r.half, r.deliveredAt);
    } catch (error) {
      form.showServerError(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="deliver" className="kw-section">
      <Heading2 id="deliver">{canDeliver ? t.dashboard.deliverTitle : t.dashboard.halfYearsTitle}</Heading2>
      <Paragraph>{t.dashboard.deliverIntro(parentName ?? t.dashboard.theMunicipality)}</Paragraph>
      {/* Announced when a delivery changes it. */}
      <div aria-live="polite">
        <dl className="kw-dl">
          {items.map((item) => {
            const late = !item.deliveredAt && item.lastDay !== null && today > item.lastDay;
            return (
              <Fragment key={item.half}>
                <dt>{item.half === 1 ? t.dashboard.half1 : t.dashboard.half2}</dt>
                <dd data-testid={`half-year-status-${item.half}`} data-late={late ? 'true' : 'false'}>
                  <span className="kw-block">{item.lastDay ? t.dashboard.lastDay(dateOnly(locale, item.lastDay)) : t.dashboard.noLastDay}</span>
                  <span className="kw-block">{item.deliveredAt ? t.dashboard.deliveredOn(formatDateTime(locale, item.deliveredAt)) : t.dashboard.notDelivered}</span>
                  {late ? <strong className="kw-late kw-block">{t.dashboard.late}</strong> : null}
                </dd>
              </Fragment>
            );
          })}
        </dl>
      </div>
      {canDeliver ? (
        <form className="kw-toolbar" onSubmit={submit} noValidate>
          <ErrorSummary form={form} />
          <SelectField
            form={form}
            path="half"
            label={`${t.dashboard.half} ${year}`}
            value={half}
            options={[
              { value: '1', label: t.dashboard.half1 },
              { value: '2', label: t.dashboard.half2 },
            ]}
            onChange={setHalf}
          />
          <div className="kw-actions">
            <Button type="submit" appearance="primary-action-button" disabled={busy}>
              {t.dashboard.deliver}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function Publish({
  org,
  year,
  annual,
  due,
  onPublished,
}: {
  org: Organisation;
  year: number;
  annual: DeliveryState['annual'];
  due: PublicDue | null;
  onPublished: (publishedAt: string) => void;
}) {
  const t = useMessages(rm);
  const { locale } = useLocale();
  const form = useFormErrors('publish');
  const [busy, setBusy] = useState(false);
  const late = !annual.publishedAt && due !== null && todayIso() > due.lastDay;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const r = await api<{ organisationId: string; year: number; publishedAt: string }>('/reports/annual/publish', { method: 'POST', body: { organisationId: org.id, year } });
      form.clear();
      onPublished(r.publishedAt);
    } catch (error) {
      form.showServerError(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="publish" className="kw-section">
      <Heading2 id="publish">{t.dashboard.publishTitle}</Heading2>
      <Paragraph>{t.dashboard.publishIntro(year)}</Paragraph>
      <Paragraph>{t.dashboard.publishPrivacy}</Paragraph>
      {due ? (
        <Paragraph data-testid="annual-due">
          {t.dashboard.publishDue(year, dateOnly(locale, due.lastDay))} <span className="kw-muted">{due.source.startsWith('[') ? due.source : `[${due.source}]`}</span>
          {late ? (
            <>
              {' '}
              <strong className="kw-late">{t.dashboard.late}</strong>
            </>
          ) : null}
        </Paragraph>
      ) : null}
      {/* Announced when publishing changes it. */}
      <div aria-live="polite" data-testid="annual-publication">
        {annual.publishedAt ? (
          <Paragraph>
            {t.dashboard.publishedOn(formatDateTime(locale, annual.publishedAt))} <Link href={annual.publicUrl}>{t.dashboard.publicLink(year)}</Link>
          </Paragraph>
        ) : (
          <Paragraph>{t.dashboard.notPublished(year)}</Paragraph>
        )}
      </div>
      <form className="kw-toolbar" onSubmit={submit} noValidate>
        <ErrorSummary form={form} />
        {annual.publishedAt ? <Paragraph className="kw-muted">{t.dashboard.republishHint}</Paragraph> : null}
        <div className="kw-actions">
          <Button type="submit" appearance={annual.publishedAt ? 'secondary-action-button' : 'primary-action-button'} disabled={busy}>
            {annual.publishedAt ? t.dashboard.republish(year) : t.dashboard.publish(year)}
          </Button>
        </div>
      </form>
    </section>
  );
}
