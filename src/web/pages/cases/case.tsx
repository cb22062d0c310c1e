import { useEffect, useRef, useState } from 'react';
import { RouterLink } from '../../lib/router.tsx';
import { query } from '../../lib/api.ts';
import type { FormEvent } from 'react';
import { Alert, Button, Heading2, Link, Paragraph, TableCell, TableRow } from '@utrecht/component-library-react';
import { api, apiUpload } from '../../lib/api.ts';
import { useUser } from '../../lib/auth.tsx';
import { formatDateTime, useLocale, useMessages } from '../../lib/i18n.tsx';
import { suggestedStep } from '../../lib/cases.ts';
import type { CaseDetail, DocumentOut, FullRegulation, LetterOut } from '../../lib/cases.ts';
import { MEASURE_MANAGERS } from '../../lib/types.ts';
import type { Member, Organisation } from '../../lib/types.ts';
import { domain, label } from '../../i18n/domain.ts';
import { CheckboxField, ErrorSummary, SelectField, useFormErrors } from '../../components/form.tsx';
import { FileField } from '../../components/fields.tsx';
import { HeadedTable, LoadError, Loading, PageTitle, StatusMessage, useLoader } from '../../components/page.tsx';
import { fetchColleagues, fetchRegulation, fetchTransferPartners } from './data.ts';
import { EventForm } from './events.tsx';
import { dateOnly, DeadlineLight, SourceRef, useExplanation } from './light.tsx';
import { DecisionDraft } from './draft.tsx';
import { ConfidantsSection } from './confidants.tsx';
import { cm } from './messages.ts';

interface Loaded {
  c: CaseDetail;
  regulation: FullRegulation;
  documents: DocumentOut[];
  letters: LetterOut[];
  /** Where the case may be transferred: the organisation's named transfer partners. */
  organisations: Pick<Organisation, 'id' | 'name'>[];
  colleagues: Member[];
}

async function loadCase(id: string, signal: AbortSignal): Promise<Loaded> {
  const c = await api<CaseDetail>(`/cases/${encodeURIComponent(id)}`, { signal });
  const dossier = c.view !== 'process';
  const [regulation, documents, letters, organisations, colleagues] = await Promise.all([
    fetchRegulation(c.regulation.id, c.regulation.version),
    dossier ? api<{ items: DocumentOut[] }>(`/cases/${encodeURIComponent(id)}/documents`, { signal }).then((r) => r.items) : Promise.resolve([]),
    dossier ? api<{ items: LetterOut[] }>(`/cases/${encodeURIComponent(id)}/letters`, { signal }).then((r) => r.items) : Promise.resolve([]),
    fetchTransferPartners(c.organisationId, signal).catch(() => []),
    fetchColleagues(c.organisationId),
  ]);
  return { c, regulation, documents, letters, organisations, colleagues };
}

export function CasePage({ id }: { id: string }) {
  const t = useMessages(cm);
  const d = useMessages(domain);
  const { locale } = useLocale();
  const user = useUser();
  const data = useLoader((signal) => loadCase(id, signal), [id]);
  const [flash, setFlash] = useState<string | null>(null);
  // null: the suggested next step is preselected.
  const [action, setAction] = useState<string | null>(null);
  const assignForm = useFormErrors('assign');
  const uploadForm = useFormErrors('upload');
  const actionForm = useFormErrors('action');
  const [assignee, setAssignee] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [shareUpload, setShareUpload] = useState(false);
  const [fileKey, setFileKey] = useState(0);
  const flashRef = useRef<HTMLDivElement>(null);
  const explain = useExplanation();

  useEffect(() => {
    if (flash) flashRef.current?.focus();
  }, [flash]);

  if (data.loading && !data.data) return <Loading />;
  if (data.error && !data.data) return <LoadError error={data.error} retry={data.reload} />;
  const loaded = data.data;
  if (!loaded) return null;
  const { c, regulation, documents, letters } = loaded;
  const level = regulation.levels.find((l) => l.id === c.level);
  const levelName = (idOf: string) => regulation.levels.find((l) => l.id === idOf)?.name ?? idOf;
  const canHandle = c.view === 'full';
  const ownDecision = c.status === 'decision-pending-approval' && c.decision?.by === user.id;
  const actions = c.allowedEvents.filter((e) => !(ownDecision && e === 'decision-approved'));
  const chosen = action ?? suggestedStep(c, actions);
  // The person complained about never handles the case [004 §1]: not offered, and said why.
  const respondentIds = new Set((c.respondents ?? []).map((r) => r.userId).filter((x): x is string => !!x));
  const assignable = loaded.colleagues.filter((u) => !respondentIds.has(u.id));
  const leftOut = loaded.colleagues.filter((u) => respondentIds.has(u.id));
  const facts = c.facts ?? {};
  // The recommendations of the latest decision (content: not in the process view).
  const lastDecided = [...c.events].reverse().find((e) => e.type === 'decided');
  const recommendations = Array.isArray(lastDecided?.data?.recommendations)
    ? (lastDecided.data.recommendations as unknown[]).filter((x): x is string => typeof x === 'string')
    : [];
  const canRegisterMeasure = c.view === 'full' && user.memberships.some((m) => m.organisationId === c.organisationId && MEASURE_MANAGERS.includes(m.role));

  function handlerLabel(userId: string | null): string {
    if (!userId) return t.detail.handlerNone;
    if (userId === user.id) return user.name;
    const colleague = loaded?.colleagues.find((u) => u.id === userId);
    return colleague ? colleague.name : t.detail.handlerOther(userId);
  }

  async function assign(handlerUserId: string) {
    try {
      const updated = await api<CaseDetail>(`/cases/${encodeURIComponent(c.id)}`, { method: 'PATCH', body: { handlerUserId } });
      if (loaded) data.setData({ ...loaded, c: updated });
      assignForm.clear();
      setFlash(t.detail.assigned);
      data.reload();
    } catch (error) {
      assignForm.showServerError(error, { handlerUserId: t.detail.assignTo });
    }
  }

  async function upload(event: FormEvent) {
    event.preventDefault();
    if (uploadForm.showClientErrors(file ? {} : { file: t.detail.fileRequired }) || !file) return;
    try {
      await apiUpload(`/cases/${encodeURIComponent(c.id)}/documents`, file, { shared: shareUpload ? 'true' : 'false' });
      setFlash(t.detail.uploaded(file.name));
      setFile(null);
      setFileKey((k) => k + 1);
      uploadForm.clear();
      data.reload();
    } catch (error) {
      uploadForm.showServerError(error, { file: t.detail.file });
    }
  }

  async function toggleShared(doc: DocumentOut) {
    try {
      await api(`/cases/${encodeURIComponent(c.id)}/documents/${encodeURIComponent(doc.id)}`, { method: 'PATCH', body: { shared: !doc.shared } });
      data.reload();
    } catch (error) {
      uploadForm.showServerError(error);
    }
  }

  const content = (documentId: string) => `/api/v1/cases/${encodeURIComponent(c.id)}/documents/${encodeURIComponent(documentId)}/content`;
  const openDeadlines = [...c.deadlines].sort((a, b) => (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1) || a.due.localeCompare(b.due));

  return (
    <>
      <PageTitle title={`${c.reference} – ${label(d.kinds, c.kind)}`}>
        {c.reference} <span className="kw-title-kind">{label(d.kinds, c.kind)}</span>
      </PageTitle>
      <div ref={flashRef} tabIndex={-1} className="kw-flash">
        {flash ? <StatusMessage>{flash}</StatusMessage> : null}
      </div>
      {c.view === 'process' ? <Paragraph>{t.detail.process}</Paragraph> : null}
      {c.failedMail?.length ? (
        <Alert type="warning">
          <Paragraph>{t.detail.failedMail}</Paragraph>
          <ul className="utrecht-unordered-list">
            {c.failedMail.map((m) => (
              <li className="utrecht-unordered-list__item" key={m.id}>
                {m.subject} → {m.to}
                {m.error ? ` (${m.error})` : ''}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <div className="kw-case-grid">
        <section aria-labelledby="summary" className="kw-card">
          <Heading2 id="summary">{t.detail.summary}</Heading2>
          <dl className="kw-dl">
            <dt>{t.detail.status}</dt>
            <dd data-testid="case-status">{label(d.statuses, c.status)}</dd>
            <dt>{t.detail.kind}</dt>
            <dd>
              {label(d.kinds, c.kind)} {c.reclassifiedFrom ? t.detail.reclassified(label(d.kinds, c.reclassifiedFrom)) : null}
            </dd>
            <dt>{t.detail.level}</dt>
            <dd data-testid="case-level">{levelName(c.level)}</dd>
            <dt>{t.detail.channel}</dt>
            <dd>{label(d.channels, c.channel)}</dd>
            <dt>{t.detail.received}</dt>
            <dd>{dateOnly(locale, c.receivedOn)}</dd>
            <dt>{t.detail.categories}</dt>
            <dd>{c.categories.length ? c.categories.map((x) => regulation.categories.find((k) => k.id === x)?.name ?? label(d.categories, x)).join(', ') : t.detail.none}</dd>
            <dt>{t.detail.handler}</dt>
            <dd data-testid="case-handler">{handlerLabel(c.handlerUserId)}</dd>
            {c.decision ? (
              <>
                <dt>{t.detail.decision}</dt>
                <dd>
                  {label(d.outcomes, c.decision.outcome)} ({dateOnly(locale, c.decision.on)})
                  {c.decision.approvedOn ? ` · ${t.detail.approvedBy} ${dateOnly(locale, c.decision.approvedOn)}` : ''}
                </dd>
              </>
            ) : null}
          </dl>
          {canHandle ? (
            <div className="kw-assign">
              <ErrorSummary form={assignForm} />
              <div className="kw-actions">
                {/* A handler works for the organisation; a shared committee's member does not (issue 9 §2.4). */}
                {c.handlerUserId !== user.id && user.memberships.some((m) => m.organisationId === c.organisationId) ? (
                  <Button appearance="secondary-action-button" onClick={() => void assign(user.id)}>
                    {t.detail.assignMe}
                  </Button>
                ) : null}
              </div>
              {assignable.length > 0 ? (
                <form
                  className="kw-toolbar"
                  onSubmit={(event) => {
                    event.preventDefault();
                    if (assignee) void assign(assignee);
                  }}
                >
                  <SelectField
                    form={assignForm}
                    path="handlerUserId"
                    label={t.detail.assignTo}
                    value={assignee}
                    placeholder=""
                    options={assignable.map((u) => ({ value: u.id, label: u.name }))}
                    onChange={setAssignee}
                    {...(leftOut.length ? { description: t.detail.respondentsLeftOut(leftOut.map((u) => u.name).join(', ')) } : {})}
                  />
                  <Button type="submit" appearance="secondary-action-button">
                    {t.detail.assign}
                  </Button>
                </form>
              ) : null}
            </div>
          ) : null}
        </section>
        <section aria-labelledby="deadlines" className="kw-card">
          <Heading2 id="deadlines">{t.detail.deadlines}</Heading2>
          {openDeadlines.length === 0 ? (
            <Paragraph>{t.detail.noDeadlines}</Paragraph>
          ) : (
            <ul className="kw-deadlines">
              {openDeadlines.map((dl) => (
                <li key={`${dl.kind}-${dl.level ?? ''}-${dl.due}`} className="kw-deadline">
                  <strong>
                    {label(d.deadlineKinds, dl.kind)}
                    {dl.level && dl.level !== c.level ? ` (${levelName(dl.level)})` : ''}
                  </strong>
                  <DeadlineLight deadline={dl} />
                  {dl.explanation ? <span className="kw-muted">{explain(dl)}</span> : null}
                  <span className="kw-muted">
                    {t.detail.rule}: <SourceRef source={dl.source} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      {c.view !== 'process' ? (
        <section aria-labelledby="content" className="kw-section">
          <Heading2 id="content">{t.detail.description}</Heading2>
          <Paragraph className="kw-pre">{c.description}</Paragraph>
          {c.desiredOutcome ? (
            <>
              <h3 className="utrecht-heading-3">{t.detail.desired}</h3>
              <Paragraph className="kw-pre">{c.desiredOutcome}</Paragraph>
            </>
          ) : null}
          {typeof facts.historySoFar === 'string' ? (
            <>
              <h3 className="utrecht-heading-3">{t.detail.history}</h3>
              <Paragraph className="kw-pre">{facts.historySoFar}</Paragraph>
            </>
          ) : null}
          {c.admissibility ? (
            <>
              <h3 className="utrecht-heading-3">{t.detail.admissibility}</h3>
              <Paragraph data-testid="admissibility-proposal">
                {t.detail.proposalIs(label(t.detail.proposal, c.admissibility.proposal))}
                {c.admissibility.decision ? ` ${c.admissibility.decision.admissible ? t.detail.decidedAdmissible : t.detail.decidedInadmissible}` : ''}
              </Paragraph>
              {c.admissibility.grounds.length > 0 ? (
                <>
                  <Paragraph>{t.detail.groundsFound}</Paragraph>
                  <ul className="kw-plain-list">
                    {c.admissibility.grounds.map((g) => (
                      <li key={g.code}>
                        {label(d.grounds, g.code)} <SourceRef source={g.source} />
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {(c.admissibility.toConsider ?? []).length > 0 ? (
                <>
                  <Paragraph>{t.detail.toConsider}</Paragraph>
                  <ul className="kw-plain-list" data-testid="to-consider">
                    {(c.admissibility.toConsider ?? []).map((g) => (
                      <li key={g.code}>
                        {label(d.grounds, g.code)} <SourceRef source={g.source} />
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </>
          ) : null}
        </section>
      ) : null}

      {/* Who complained and who is involved is for the handling side, not for a respondent or oversight. */}
      {c.view === 'full' ? (
        <section aria-labelledby="parties" className="kw-section">
          <Heading2 id="parties">{t.detail.parties}</Heading2>
          <dl className="kw-dl">
            <dt>{t.detail.complainant}</dt>
            <dd data-testid="complainant">
              {c.complainant ? (
                <>
                  {c.complainant.name} ({label(d.complainantRoles, c.complainant.role)}){c.complainant.email ? <div>{c.complainant.email}</div> : null}
                  {c.complainant.phone ? <div>{c.complainant.phone}</div> : null}
                  {c.complainant.address ? <div>{c.complainant.address}</div> : null}
                  {typeof facts.consentToInspect === 'boolean' ? (
                    <div>
                      {t.detail.consent}: {facts.consentToInspect ? '✓' : '✗'}
                    </div>
                  ) : null}
                </>
              ) : (
                t.detail.anonymous
              )}
            </dd>
            <dt>{t.detail.respondents}</dt>
            <dd>{c.respondents?.length ? c.respondents.map((r) => [r.name, r.department].filter(Boolean).join(', ')).join('; ') : t.detail.none}</dd>
            {c.helpers?.length ? (
              <>
                <dt>{t.detail.helpers}</dt>
                <dd>{c.helpers.map((h) => `${h.name ?? ''} (${label(d.helperRoles, h.role)})`).join('; ')}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}

      {c.view === 'full' ? <ConfidantsSection caseId={c.id} canHandle={canHandle} hasComplainant={!!c.complainant} onFlash={setFlash} /> : null}

      {c.view !== 'process' && c.status === 'decision-pending-approval' ? <DecisionDraft c={c} nameOf={handlerLabel} /> : null}

      {canHandle ? (
        <section aria-labelledby="actions" className="kw-section">
          <Heading2 id="actions">{t.detail.actions}</Heading2>
          {ownDecision ? <Paragraph>{t.detail.ownDecision}</Paragraph> : null}
          {actions.length === 0 ? (
            <Paragraph>{t.detail.noActions}</Paragraph>
          ) : (
            <>
              <div className="kw-form">
                <SelectField
                  form={actionForm}
                  path="type"
                  label={t.detail.chooseAction}
                  description={t.detail.actionsIntro}
                  value={chosen}
                  placeholder=""
                  options={actions.map((e) => ({ value: e, label: label(d.events, e) }))}
                  onChange={setAction}
                />
              </div>
              {chosen && actions.includes(chosen) ? (
                <EventForm
                  key={`${chosen}-${c.events.length}`}
                  c={c}
                  type={chosen}
                  regulation={regulation}
                  level={level}
                  organisations={loaded.organisations}
                  onDone={(updated, type) => {
                    setAction(null);
                    setFlash(t.detail.recorded(label(d.events, type)));
                    data.setData({ ...loaded, c: updated });
                    data.reload();
                  }}
                />
              ) : null}
            </>
          )}
        </section>
      ) : null}

      {recommendations.length > 0 ? (
        <section aria-labelledby="recommendations" className="kw-section">
          <Heading2 id="recommendations">{t.detail.recommendations}</Heading2>
          <ul className="kw-plain-list" data-testid="recommendations">
            {recommendations.map((r, i) => (
              <li key={i}>
                {r}
                {canRegisterMeasure ? (
                  <>
                    {' '}
                    <RouterLink href={`/measures/new${query({ organisationId: c.organisationId, caseId: c.id, reference: c.reference, recommendation: r })}`}>
                      {t.detail.registerMeasure}
                      <span className="kw-visually-hidden">: {r}</span>
                    </RouterLink>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="timeline" className="kw-section">
        <Heading2 id="timeline">{t.detail.timeline}</Heading2>
        <ol className="kw-timeline" data-testid="timeline">
          {c.events.some((e) => e.type === 'received') ? null : (
            <li>
              {dateOnly(locale, c.receivedOn)}: {label(d.events, 'received')} ({label(d.channels, c.channel)})
            </li>
          )}
          {c.events.map((e) => (
            <li key={e.id}>
              {dateOnly(locale, e.on)}: {label(d.events, e.type)}
              {e.type === 'escalated' && typeof e.data?.toLevel === 'string' ? ` → ${levelName(e.data.toLevel)}` : ''}
              {e.type === 'decided' && typeof e.data?.outcome === 'string' ? ` – ${label(d.outcomes, e.data.outcome)}` : ''}
              {e.type === 'hearing-scheduled' && typeof e.data?.at === 'string' ? ` – ${formatDateTime(locale, e.data.at)}` : ''}
              {e.actorUserId ? (
                <span className="kw-muted">
                  {' '}
                  · {t.detail.by} {e.actorUserId.startsWith('complainant:') ? t.detail.complainant : handlerLabel(e.actorUserId)}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      {c.view !== 'process' ? (
        <section aria-labelledby="letters" className="kw-section">
          <Heading2 id="letters">{t.detail.letters}</Heading2>
          {letters.length === 0 ? (
            <Paragraph>{t.detail.noLetters}</Paragraph>
          ) : (
            <ul className="kw-plain-list">
              {letters.map((l) => (
                <li key={l.id}>
                  {l.documentId ? (
                    <Link href={content(l.documentId)} target="_blank" rel="noopener">
                      {t.detail.open(`${label(d.letters, l.kind)} ${label(t.detail.to, l.recipient)}`)}
                    </Link>
                  ) : (
                    `${label(d.letters, l.kind)} ${label(t.detail.to, l.recipient)}`
                  )}{' '}
                  <span className="kw-muted">{formatDateTime(locale, l.createdAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {c.view !== 'process' ? (
        <section aria-labelledby="documents" className="kw-section">
          <Heading2 id="documents">{t.detail.documents}</Heading2>
          {documents.filter((x) => x.kind === 'upload').length === 0 ? (
            <Paragraph>{t.detail.noDocuments}</Paragraph>
          ) : (
            <HeadedTable label={t.detail.documents} columns={[t.detail.file, t.detail.state, t.detail.received]}>
              {documents
                .filter((x) => x.kind === 'upload')
                .map((x) => (
                  <TableRow key={x.id}>
                    <TableCell>
                      <Link href={content(x.id)} target="_blank" rel="noopener">
                        {t.detail.open(x.name)}
                      </Link>
                    </TableCell>
                    <TableCell>
                      {x.shared ? t.detail.shared : t.detail.internal}{' '}
                      {canHandle ? (
                        <Button appearance="subtle-button" onClick={() => void toggleShared(x)}>
                          {x.shared ? t.detail.makeInternal(x.name) : t.detail.makeShared(x.name)}
                        </Button>
                      ) : null}
                    </TableCell>
                    <TableCell>{formatDateTime(locale, x.createdAt)}</TableCell>
                  </TableRow>
                ))}
            </HeadedTable>
          )}
          {canHandle ? (
            <form className="kw-form" noValidate onSubmit={upload} aria-label={t.detail.upload}>
              <ErrorSummary form={uploadForm} />
              <FileField key={fileKey} form={uploadForm} path="file" label={t.detail.upload} onChange={(f) => setFile(f[0] ?? null)} />
              <CheckboxField form={uploadForm} path="shared" label={t.detail.shareUpload} checked={shareUpload} onChange={setShareUpload} />
              <div className="kw-actions">
                <Button type="submit" appearance="secondary-action-button">
                  {t.detail.uploadSubmit}
                </Button>
              </div>
            </form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
