import { useEffect, useState } from 'react';
import {
  Button,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { api, query } from '../../lib/api.ts';
import { formatDateTime, useLocale, useMessages } from '../../lib/i18n.tsx';
import { navigate, useSearchParams } from '../../lib/router.tsx';
import type { AuditEntry, Page } from '../../lib/types.ts';
import { SelectField, useFormErrors } from '../../components/form.tsx';
import { LoadError, Loading, PageTitle, ScrollTable, useLoader } from '../../components/page.tsx';
import { admin } from './messages.ts';
import { fetchOrganisations } from './data.ts';

export function AuditPage() {
  const t = useMessages(admin);
  const { locale } = useLocale();
  const params = useSearchParams();
  const organisationId = params.get('organisationId') ?? '';
  const [filter, setFilter] = useState(organisationId);
  const filterForm = useFormErrors('audit-filter');
  useEffect(() => setFilter(organisationId), [organisationId]);
  const organisations = useLoader((signal) => fetchOrganisations(signal), []);
  const first = useLoader(
    (signal) => api<Page<AuditEntry>>('/audit' + query({ organisationId }), { signal }),
    [organisationId],
  );
  const [more, setMore] = useState<{ items: AuditEntry[]; nextCursor: string | null }>({ items: [], nextCursor: null });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);

  useEffect(() => {
    setMore({ items: [], nextCursor: first.data?.nextCursor ?? null });
  }, [first.data]);

  const items = [...(first.data?.items ?? []), ...more.items];

  async function loadMore() {
    if (!more.nextCursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api<Page<AuditEntry>>('/audit' + query({ organisationId, cursor: more.nextCursor }));
      setMore((m) => ({ items: [...m.items, ...page.items], nextCursor: page.nextCursor ?? null }));
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <>
      <PageTitle>{t.audit.title}</PageTitle>
      <Paragraph>{t.audit.intro}</Paragraph>
      <form
        className="kw-toolbar"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          navigate('/admin/audit' + query({ organisationId: filter }));
        }}
      >
        <SelectField
          form={filterForm}
          path="organisationId"
          label={t.audit.organisation}
          value={filter}
          onChange={setFilter}
          placeholder={t.audit.allOrganisations}
          options={(organisations.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
        />
        <Button type="submit" appearance="secondary-action-button">
          {t.audit.filter}
        </Button>
      </form>
      {first.error ? <LoadError error={first.error} retry={first.reload} /> : null}
      {first.loading ? <Loading /> : null}
      {first.data && !first.loading ? (
        items.length === 0 ? (
          <Paragraph>{t.audit.empty}</Paragraph>
        ) : (
          <>
            <ScrollTable label={t.audit.tableLabel}>
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">{t.audit.at}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t.audit.actor}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t.audit.action}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t.audit.entity}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t.audit.ip}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {items.map((entry) => (
                    <TableRow key={entry.id}>
                      <TableCell>{formatDateTime(locale, entry.at)}</TableCell>
                      <TableCell>{entry.actorEmail ?? t.audit.system}</TableCell>
                      <TableCell>
                        <code className="utrecht-code">{entry.action}</code>
                      </TableCell>
                      <TableCell>{[entry.entityType, entry.entityId].filter(Boolean).join(' ')}</TableCell>
                      <TableCell>{entry.ip ?? ''}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </ScrollTable>
            {moreError ? <LoadError error={moreError} retry={loadMore} /> : null}
            {more.nextCursor ? (
              <div className="kw-actions">
                <Button appearance="secondary-action-button" busy={loadingMore} disabled={loadingMore} onClick={loadMore}>
                  {t.audit.more}
                </Button>
              </div>
            ) : null}
          </>
        )
      ) : null}
    </>
  );
}
