import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Paragraph, TableCell, TableRow } from '@utrecht/component-library-react';
import { api, query } from '../../lib/api.ts';
import { useUser } from '../../lib/auth.tsx';
import { useLocale, useMessages } from '../../lib/i18n.tsx';
import { navigate, RouterLink, useSearchParams } from '../../lib/router.tsx';
import { addDays, CASE_KINDS, CATEGORY_IDS, STATUS_IDS, todayIso } from '../../lib/cases.ts';
import type { CaseListItem } from '../../lib/cases.ts';
import { domain, label } from '../../i18n/domain.ts';
import { SelectField, TextField, useFormErrors } from '../../components/form.tsx';
import { HeadedTable, LoadError, Loading, PageTitle, RouterButtonLink, useLoader } from '../../components/page.tsx';
import { fetchMyOrganisations } from './data.ts';
import { fetchMembers } from '../../lib/members.ts';
import { dateOnly, DeadlineLight } from './light.tsx';
import { cm } from './messages.ts';

const VIEWS = ['mine', 'team', 'all', 'unassigned', 'week', 'overdue'] as const;
type View = (typeof VIEWS)[number];
const FILTERS = ['organisationId', 'kind', 'level', 'status', 'category', 'q'] as const;

function viewQuery(view: View, today: string): Record<string, string> {
  switch (view) {
    case 'mine':
      return { assigned: 'me', open: 'true' };
    case 'team':
      return { team: 'mine', open: 'true' };
    case 'unassigned':
      return { assigned: 'none', open: 'true' };
    case 'week':
      return { dueBefore: addDays(today, 7), open: 'true' };
    case 'overdue':
      return { overdue: 'true', open: 'true' };
    default:
      return { open: 'true' };
  }
}

export type QueueCounts = Record<View, number>;

/** How many open cases each view holds. */
export function fetchQueueCounts(signal?: AbortSignal): Promise<QueueCounts> {
  return api<QueueCounts>('/cases/counts', signal ? { signal } : {});
}

interface ListState {
  items: CaseListItem[];
  nextCursor: string | null;
}

/** The table of cases; shared by the work queue and the approvals inbox. */
function CaseTable({ items, levelNames, names }: { items: CaseListItem[]; levelNames: Map<string, string>; names: Map<string, string> }) {
  const t = useMessages(cm);
  const d = useMessages(domain);
  const { locale } = useLocale();
  const user = useUser();
  return (
    <HeadedTable
      label={t.queue.tableLabel}
      className="kw-cases"
      columns={[t.queue.reference, t.queue.complainant, t.queue.kind, t.queue.status, t.queue.received, t.queue.nextDue, t.queue.handler]}
    >
      {items.map((c) => (
        <TableRow key={c.id}>
          <TableCell>
            <RouterLink href={`/cases/${encodeURIComponent(c.id)}`}>{c.reference}</RouterLink>
          </TableCell>
          <TableCell>{c.complainantName === undefined ? '—' : (c.complainantName ?? t.queue.anonymous)}</TableCell>
          <TableCell>
            {label(d.kinds, c.kind)}
            <br />
            <span className="kw-muted">{levelNames.get(c.level) ?? c.level}</span>
          </TableCell>
          <TableCell>{label(d.statuses, c.status)}</TableCell>
          <TableCell>{dateOnly(locale, c.receivedOn)}</TableCell>
          <TableCell>{c.nextDue ? <DeadlineLight deadline={{ due: c.nextDue, status: c.overdue ? 'missed' : 'open' }} /> : '—'}</TableCell>
          <TableCell>{c.handlerUserId === user.id ? user.name : c.handlerUserId ? (names.get(c.handlerUserId) ?? t.queue.someone) : t.queue.unassignedShort}</TableCell>
        </TableRow>
      ))}
    </HeadedTable>
  );
}

function useOrgContexts() {
  const user = useUser();
  return useLoader((signal) => fetchMyOrganisations(user, signal), [user.id]);
}

/** Names of the colleagues in the user's organisations, to show who handles a case. */
function useColleagueNames(): Map<string, string> {
  const user = useUser();
  const orgIds = [...new Set(user.memberships.filter((m) => m.role !== 'oversight').map((m) => m.organisationId))];
  const members = useLoader(() => Promise.all(orgIds.map((id) => fetchMembers(id))), [orgIds.join(',')]);
  return new Map((members.data ?? []).flat().map((m) => [m.id, m.name]));
}

export function WorkQueuePage() {
  const t = useMessages(cm);
  const d = useMessages(domain);
  const params = useSearchParams();
  const user = useUser();
  const hasTeam = user.memberships.some((m) => m.teamId);
  const views = VIEWS.filter((v) => v !== 'team' || hasTeam);
  const counts = useLoader((signal) => fetchQueueCounts(signal), [params.toString()]);
  const asked = (views as readonly string[]).includes(params.get('view') ?? '') ? (params.get('view') as View) : null;
  // Without a chosen view, open on the new work when cases wait for a handler.
  const view: View | null = asked ?? (counts.data ? (counts.data.unassigned > 0 ? 'unassigned' : 'mine') : counts.error ? 'mine' : null);
  const names = useColleagueNames();
  const today = todayIso();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const orgs = useOrgContexts();
  const form = useFormErrors('filters');
  const [draft, setDraft] = useState(filters);
  const [more, setMore] = useState<ListState | null>(null);
  const search = params.toString();

  // biome-ignore lint/correctness/useExhaustiveDependencies: the form follows the address (search), not each keystroke of the filters
  useEffect(() => {
    setDraft(filters);
    setMore(null);
  }, [search]);

  const base = { ...viewQuery(view ?? 'mine', today), ...filters };
  if (filters.status) delete (base as Record<string, string>).open;
  const list = useLoader((signal) => (view ? api<ListState>(`/cases${query({ ...base, limit: '50' })}`, { signal }) : new Promise<ListState>(() => undefined)), [search, view]);
  const overdue = useLoader((signal) => api<ListState>(`/cases${query({ overdue: 'true', open: 'true', limit: '200' })}`, { signal }), []);

  const levels = new Map<string, string>();
  const categories = new Map<string, string>();
  for (const o of orgs.data ?? []) {
    for (const l of o.regulation.levels) levels.set(l.id, l.name);
    for (const c of o.regulation.categories) categories.set(c.id, c.name);
  }

  function apply(event: FormEvent) {
    event.preventDefault();
    navigate(`/cases${query({ view: view ?? 'mine', ...draft })}`);
  }

  const items = [...(list.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.nextCursor : (list.data?.nextCursor ?? null);
  const overdueN = overdue.data ? `${overdue.data.items.length}${overdue.data.nextCursor ? '+' : ''}` : null;

  return (
    <>
      <PageTitle>{t.queue.title}</PageTitle>
      <div className="kw-queue-head">
        {overdueN !== null ? (
          <RouterLink href="/cases?view=overdue" className={`kw-overdue ${overdueN === '0' ? 'kw-overdue--none' : ''}`} data-testid="overdue-count">
            {overdueN === '0' ? t.queue.noneOverdue : t.queue.overdueCount(overdueN)}
          </RouterLink>
        ) : null}
        <RouterButtonLink href="/cases/new" appearance="secondary-action-button">
          {t.queue.register}
        </RouterButtonLink>
      </div>
      <nav aria-label={t.queue.views} className="kw-tabs">
        <ul>
          {views.map((v) => (
            <li key={v}>
              <RouterLink
                href={`/cases${query({ view: v, ...filters })}`}
                className={v === view ? 'kw-tab kw-tab--active' : 'kw-tab'}
                aria-current={v === view ? 'page' : undefined}
              >
                {t.queue.view[v]}
                {counts.data ? <span className="kw-tab__count"> ({counts.data[v]})</span> : null}
              </RouterLink>
            </li>
          ))}
        </ul>
      </nav>
      <details className="kw-filters" open={FILTERS.some((f) => filters[f])}>
        <summary>{t.queue.filters}</summary>
        {/* biome-ignore lint/a11y/useSemanticElements: role="search" on the form is announced everywhere; <search> not yet by every screen reader */}
        <form className="kw-toolbar" role="search" onSubmit={apply} aria-label={t.queue.filters}>
          <TextField form={form} path="q" label={t.queue.search} description={t.queue.searchHint} value={draft.q} onChange={(q) => setDraft({ ...draft, q })} />
          {(orgs.data?.length ?? 0) > 1 ? (
            <SelectField
              form={form}
              path="organisationId"
              label={t.queue.organisation}
              value={draft.organisationId}
              placeholder={t.queue.all}
              options={(orgs.data ?? []).map((o) => ({ value: o.organisation.id, label: o.organisation.name }))}
              onChange={(organisationId) => setDraft({ ...draft, organisationId })}
            />
          ) : null}
          <SelectField
            form={form}
            path="kind"
            label={t.queue.kind}
            value={draft.kind}
            placeholder={t.queue.all}
            options={CASE_KINDS.map((k) => ({ value: k, label: label(d.kinds, k) }))}
            onChange={(kind) => setDraft({ ...draft, kind })}
          />
          <SelectField
            form={form}
            path="level"
            label={t.queue.level}
            value={draft.level}
            placeholder={t.queue.all}
            options={[...levels].map(([value, name]) => ({ value, label: name }))}
            onChange={(level) => setDraft({ ...draft, level })}
          />
          <SelectField
            form={form}
            path="status"
            label={t.queue.status}
            value={draft.status}
            placeholder={t.queue.all}
            options={STATUS_IDS.map((s) => ({ value: s, label: label(d.statuses, s) }))}
            onChange={(status) => setDraft({ ...draft, status })}
          />
          <SelectField
            form={form}
            path="category"
            label={t.queue.category}
            value={draft.category}
            placeholder={t.queue.all}
            options={CATEGORY_IDS.map((c) => ({ value: c, label: categories.get(c) ?? label(d.categories, c) }))}
            onChange={(category) => setDraft({ ...draft, category })}
          />
          <div className="kw-actions">
            <Button type="submit" appearance="primary-action-button">
              {t.queue.apply}
            </Button>
            <RouterLink href={`/cases${query({ view: view ?? 'mine' })}`}>{t.queue.reset}</RouterLink>
          </div>
        </form>
      </details>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {list.loading ? <Loading /> : null}
      {list.data && view ? (
        <>
          <Paragraph role="status" className="kw-count">
            {t.queue.view[view]}: {t.queue.count(items.length)}
            {cursor ? '+' : ''}
          </Paragraph>
          {items.length === 0 ? <Paragraph>{t.queue.empty}</Paragraph> : <CaseTable items={items} levelNames={levels} names={names} />}
          {cursor ? (
            <Button
              appearance="secondary-action-button"
              onClick={async () => {
                const page = await api<ListState>(`/cases${query({ ...base, limit: '50', cursor })}`);
                setMore({ items: [...(more?.items ?? []), ...page.items], nextCursor: page.nextCursor });
              }}
            >
              {t.queue.more}
            </Button>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** The four-eyes inbox: decisions waiting for a second person. */
export function ApprovalsPage() {
  const t = useMessages(cm);
  const orgs = useOrgContexts();
  const names = useColleagueNames();
  const list = useLoader((signal) => api<ListState>(`/cases${query({ status: 'decision-pending-approval', limit: '200' })}`, { signal }), []);
  const levels = new Map<string, string>();
  for (const o of orgs.data ?? []) for (const l of o.regulation.levels) levels.set(l.id, l.name);
  return (
    <>
      <PageTitle>{t.approvals.title}</PageTitle>
      <Paragraph>{t.approvals.intro}</Paragraph>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {list.loading ? <Loading /> : null}
      {list.data ? list.data.items.length === 0 ? <Paragraph>{t.approvals.empty}</Paragraph> : <CaseTable items={list.data.items} levelNames={levels} names={names} /> : null}
    </>
  );
}
