import { useEffect, useState } from 'react';
import { Button, Paragraph, TableCell, TableRow } from '@utrecht/component-library-react';
import { api, query } from '../../lib/api.ts';
import { formatDateTime, useLocale, useMessages } from '../../lib/i18n.tsx';
import { useSearchParams } from '../../lib/router.tsx';
import type { AuditEntry, Page } from '../../lib/types.ts';
import { HeadedTable, LoadError, Loading, PageTitle, useLoader } from '../../components/page.tsx';
import { admin } from './messages.ts';
import { OrganisationFilter } from './filter.tsx';

export function AuditPage() {
  const t = useMessages(admin);
  const { locale } = useLocale();
  const params = useSearchParams();
  const organisationId = params.get('organisationId') ?? '';
  const first = useLoader((signal) => api<Page<AuditEntry>>(`/audit${query({ organisationId })}`, { signal }), [organisationId]);
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
      const page = await api<Page<AuditEntry>>(`/audit${query({ organisationId, cursor: more.nextCursor })}`);
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
      <OrganisationFilter
        formId="audit-filter"
        path="/admin/audit"
        organisationId={organisationId}
        label={t.audit.organisation}
        allLabel={t.audit.allOrganisations}
        submitLabel={t.audit.filter}
      />
      {first.error ? <LoadError error={first.error} retry={first.reload} /> : null}
      {first.loading ? <Loading /> : null}
      {first.data && !first.loading ? (
        items.length === 0 ? (
          <Paragraph>{t.audit.empty}</Paragraph>
        ) : (
          <>
            <HeadedTable label={t.audit.tableLabel} columns={[t.audit.at, t.audit.actor, t.audit.action, t.audit.entity, t.audit.ip]}>
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
            </HeadedTable>
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
