import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Heading2, Paragraph, TableCell, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { api, query } from '../../lib/api.ts';
import { useUser } from '../../lib/auth.tsx';
import { useLocale, useMessages } from '../../lib/i18n.tsx';
import { navigate, RouterLink, useSearchParams } from '../../lib/router.tsx';
import { fetchMembers } from '../../lib/members.ts';
import { MEASURE_MANAGERS, MEASURE_ROLES } from '../../lib/types.ts';
import type { Member, Organisation } from '../../lib/types.ts';
import { addDays, todayIso } from '../../lib/cases.ts';
import { CheckboxField, ErrorSummary, SelectField, TextField, useFormErrors } from '../../components/form.tsx';
import { TextAreaField } from '../../components/fields.tsx';
import { HeadedTable, LoadError, Loading, PageTitle, RouterButtonLink, StatusMessage, useFlash, useLoader } from '../../components/page.tsx';
import { fetchRegulation } from '../cases/data.ts';
import { dateOnly, useOrganisationsWithRole } from './common.tsx';
import { rm } from './messages.ts';
import { MEASURE_STATES } from './types.ts';
import type { Measure, Statement } from './types.ts';

async function loadRegister(org: Organisation, filters: { state: string; late: string }, signal: AbortSignal) {
  const [measures, members, regulation] = await Promise.all([
    api<{ items: Measure[] }>(`/measures${query({ organisationId: org.id, state: filters.state, late: filters.late })}`, { signal }),
    fetchMembers(org.id),
    fetchRegulation(org.regulationId).catch(() => null),
  ]);
  const jeugdwet = regulation?.regimes?.some((r) => r.law === 'jeugdwet') ?? false;
  const statements = jeugdwet ? (await api<{ items: Statement[] }>(`/measures/statements${query({ organisationId: org.id })}`, { signal })).items : null;
  return { measures: measures.items, members, statements };
}

export function MeasuresPage() {
  const t = useMessages(rm);
  const params = useSearchParams();
  const orgs = useOrganisationsWithRole(MEASURE_ROLES);
  if (orgs.loading && !orgs.data) return <Loading />;
  if (orgs.error) return <LoadError error={orgs.error} retry={orgs.reload} />;
  const org = orgs.choices.find((o) => o.id === params.get('organisationId')) ?? orgs.choices[0];
  const state = (MEASURE_STATES as readonly string[]).includes(params.get('state') ?? '') ? (params.get('state') as string) : '';
  const late = params.get('late') === 'true' ? 'true' : '';
  return (
    <>
      <PageTitle>{t.measures.title}</PageTitle>
      <Paragraph>{t.measures.intro}</Paragraph>
      {org ? <Register key={`${org.id}-${state}-${late}`} org={org} choices={orgs.choices} state={state} late={late} /> : <Paragraph>{t.measures.noOrganisation}</Paragraph>}
    </>
  );
}

function Register({ org, choices, state, late }: { org: Organisation; choices: Organisation[]; state: string; late: string }) {
  const t = useMessages(rm);
  const { locale } = useLocale();
  const user = useUser();
  const initialFlash = useFlash();
  const [flash, setFlash] = useState<string | null>(initialFlash);
  const [editing, setEditing] = useState<Measure | null>(null);
  const data = useLoader((signal) => loadRegister(org, { state, late }, signal), [org.id, state, late]);
  const filterForm = useFormErrors('measure-filters');
  const [draft, setDraft] = useState({ organisationId: org.id, state, late: late === 'true' });
  const flashRef = useRef<HTMLDivElement>(null);
  const roles = user.memberships.filter((m) => m.organisationId === org.id).map((m) => m.role);
  const manages = roles.some((r) => MEASURE_MANAGERS.includes(r));

  useEffect(() => {
    if (flash) flashRef.current?.focus();
  }, [flash]);

  function applyFilters(event: FormEvent) {
    event.preventDefault();
    navigate(`/measures${query({ organisationId: draft.organisationId, state: draft.state, late: draft.late ? 'true' : '' })}`);
  }

  const members = data.data?.members ?? [];
  const ownerName = (id: string | null) =>
    id === null ? '—' : id === user.id ? `${members.find((m) => m.id === id)?.name ?? user.name}` : (members.find((m) => m.id === id)?.name ?? t.measures.unknownOwner);
  const items = data.data?.measures ?? [];
  const lateN = items.filter((m) => m.late).length;

  return (
    <>
      <div ref={flashRef} tabIndex={-1} className="kw-flash">
        {flash ? <StatusMessage>{flash}</StatusMessage> : null}
      </div>
      <div className="kw-queue-head">
        {data.data ? (
          <span className={`kw-overdue ${lateN === 0 ? 'kw-overdue--none' : ''}`} data-testid="measures-late">
            {t.measures.lateCount(lateN)}
          </span>
        ) : null}
        {manages ? (
          <RouterButtonLink href={`/measures/new${query({ organisationId: org.id })}`} appearance="secondary-action-button">
            {t.measures.register}
          </RouterButtonLink>
        ) : null}
      </div>
      <details className="kw-filters" open={!!(state || late || choices.length > 1)}>
        <summary>{t.measures.filters}</summary>
        <form className="kw-toolbar" onSubmit={applyFilters} aria-label={t.measures.filters}>
          {choices.length > 1 ? (
            <SelectField
              form={filterForm}
              path="organisationId"
              label={t.picker.organisation}
              value={draft.organisationId}
              options={choices.map((o) => ({ value: o.id, label: o.name }))}
              onChange={(organisationId) => setDraft({ ...draft, organisationId })}
            />
          ) : null}
          <SelectField
            form={filterForm}
            path="state"
            label={t.measures.state}
            value={draft.state}
            placeholder={t.measures.all}
            options={MEASURE_STATES.map((s) => ({ value: s, label: t.measureStates[s] ?? s }))}
            onChange={(s) => setDraft({ ...draft, state: s })}
          />
          <CheckboxField form={filterForm} path="late" label={t.measures.lateOnly} checked={draft.late} onChange={(v) => setDraft({ ...draft, late: v })} />
          <div className="kw-actions">
            <Button type="submit" appearance="primary-action-button">
              {t.picker.show}
            </Button>
          </div>
        </form>
      </details>

      {data.error ? <LoadError error={data.error} retry={data.reload} /> : null}
      {data.loading && !data.data ? <Loading /> : null}
      {data.data ? (
        <>
          <Paragraph role="status" className="kw-count">
            {org.name}: {t.measures.count(items.length)}
          </Paragraph>
          {items.length === 0 ? (
            <Paragraph>{t.measures.empty}</Paragraph>
          ) : (
            <HeadedTable
              label={t.measures.tableLabel}
              className="kw-measures"
              caption
              columns={[t.measures.measure, t.measures.owner, t.measures.dueOn, t.measures.state, t.measures.actions]}
            >
              {items.map((m) => (
                <TableRow key={m.id} className={m.late ? 'kw-row--late' : undefined} data-testid="measure-row">
                  <TableHeaderCell scope="row" className="kw-measure-title">
                    {m.title}
                    {m.recommendation ? <span className="kw-muted kw-block">{m.recommendation}</span> : null}
                    {m.evidence ? <span className="kw-block kw-evidence">✓ {m.evidence}</span> : null}
                    {m.caseId ? (
                      <span className="kw-block">
                        <RouterLink href={`/cases/${encodeURIComponent(m.caseId)}`}>
                          {t.measures.caseLink}
                          <span className="kw-visually-hidden">: {m.title}</span>
                        </RouterLink>
                      </span>
                    ) : null}
                  </TableHeaderCell>
                  <TableCell>{ownerName(m.ownerUserId)}</TableCell>
                  <TableCell>
                    {dateOnly(locale, m.dueOn)}
                    {m.late ? <strong className="kw-late kw-block">{t.measures.late}</strong> : null}
                  </TableCell>
                  <TableCell data-testid="measure-state">
                    {t.measureStates[m.state] ?? m.state}
                    {m.doneOn ? <span className="kw-muted kw-block">{t.measures.doneOn(dateOnly(locale, m.doneOn))}</span> : null}
                  </TableCell>
                  <TableCell>
                    {manages || m.ownerUserId === user.id ? (
                      <Button appearance="secondary-action-button" onClick={() => setEditing(m)} aria-label={t.measures.followUpOf(m.title)}>
                        {t.measures.followUp}
                      </Button>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </HeadedTable>
          )}
          {editing ? (
            <FollowUp
              key={editing.id}
              measure={editing}
              members={members}
              onCancel={() => setEditing(null)}
              onSaved={(m) => {
                setEditing(null);
                if (data.data) data.setData({ ...data.data, measures: data.data.measures.map((x) => (x.id === m.id ? m : x)) });
                setFlash(t.measures.saved(m.title));
              }}
            />
          ) : null}
          {data.data.statements ? <Statements items={data.data.statements} organisationId={org.id} /> : null}
        </>
      ) : null}
    </>
  );
}

function FollowUp({ measure, members, onCancel, onSaved }: { measure: Measure; members: Member[]; onCancel: () => void; onSaved: (m: Measure) => void }) {
  const t = useMessages(rm);
  const form = useFormErrors('follow-up');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [v, setV] = useState({ state: measure.state as string, evidence: measure.evidence ?? '', dueOn: measure.dueOn, ownerUserId: measure.ownerUserId ?? '' });
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    headingRef.current?.focus();
    headingRef.current?.scrollIntoView({ block: 'start' });
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    const evidence = v.evidence.trim();
    if (v.state === 'done' && !evidence) errors.evidence = t.measures.evidenceRequired;
    else if (evidence && evidence.length < 3) errors.evidence = t.measures.evidenceShort;
    if (!v.dueOn) errors.dueOn = t.create.dueRequired;
    if (form.showClientErrors(errors, ['state', 'evidence', 'dueOn', 'ownerUserId'])) return;
    const body: Record<string, string> = {};
    if (v.state !== measure.state) body.state = v.state;
    if (evidence && evidence !== (measure.evidence ?? '')) body.evidence = evidence;
    if (v.dueOn !== measure.dueOn) body.dueOn = v.dueOn;
    if (v.ownerUserId && v.ownerUserId !== measure.ownerUserId) body.ownerUserId = v.ownerUserId;
    if (Object.keys(body).length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    try {
      onSaved(await api<Measure>(`/measures/${encodeURIComponent(measure.id)}`, { method: 'PATCH', body }));
    } catch (error) {
      form.showServerError(error, { state: t.measures.state, evidence: t.measures.evidence, dueOn: t.measures.dueOn, ownerUserId: t.measures.owner });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="follow-up-title" className="kw-section kw-event-form">
      <Heading2 id="follow-up-title" ref={headingRef} tabIndex={-1} className="kw-confirm__title">
        {t.measures.followUpOf(measure.title)}
      </Heading2>
      <form className="kw-form" onSubmit={submit} noValidate>
        <ErrorSummary form={form} />
        <SelectField
          form={form}
          path="state"
          label={t.measures.state}
          value={v.state}
          options={MEASURE_STATES.map((s) => ({ value: s, label: t.measureStates[s] ?? s }))}
          onChange={(state) => setV({ ...v, state })}
        />
        <TextAreaField
          form={form}
          path="evidence"
          label={t.measures.evidence}
          description={t.measures.evidenceHint}
          value={v.evidence}
          onChange={(evidence) => setV({ ...v, evidence })}
          required={v.state === 'done'}
          rows={3}
          maxLength={5000}
        />
        <TextField form={form} path="dueOn" type="date" label={t.measures.dueOn} value={v.dueOn} onChange={(dueOn) => setV({ ...v, dueOn })} required />
        {members.length > 0 ? (
          <SelectField
            form={form}
            path="ownerUserId"
            label={t.measures.owner}
            value={v.ownerUserId}
            options={members.map((m) => ({ value: m.id, label: m.name }))}
            onChange={(ownerUserId) => setV({ ...v, ownerUserId })}
          />
        ) : null}
        <div className="kw-actions">
          <Button type="submit" appearance="primary-action-button" disabled={busy}>
            {t.measures.save}
          </Button>
          <Button type="button" appearance="secondary-action-button" onClick={onCancel}>
            {t.measures.cancel}
          </Button>
        </div>
      </form>
    </section>
  );
}

function Statements({ items, organisationId }: { items: Statement[]; organisationId: string }) {
  const t = useMessages(rm);
  const { locale } = useLocale();
  return (
    <section aria-labelledby="statements" className="kw-section">
      <Heading2 id="statements">{t.measures.statements}</Heading2>
      <Paragraph>{t.measures.statementsIntro}</Paragraph>
      {items.length === 0 ? (
        <Paragraph>{t.measures.statementsEmpty}</Paragraph>
      ) : (
        <HeadedTable label={t.measures.statements} columns={[t.measures.reference, t.measures.opinionOn, t.measures.statementDue, t.measures.stated]}>
          {items.map((s) => (
            <TableRow key={`${s.caseId}-${s.opinionOn}`} className={s.late ? 'kw-row--late' : undefined}>
              <TableHeaderCell scope="row">
                <RouterLink href={`/cases/${encodeURIComponent(s.caseId)}`}>{s.reference}</RouterLink>
              </TableHeaderCell>
              <TableCell>{dateOnly(locale, s.opinionOn)}</TableCell>
              <TableCell>
                {dateOnly(locale, s.dueOn)}
                {s.late ? <strong className="kw-late kw-block">{t.measures.late}</strong> : null}
                <span className="kw-muted kw-block">[{s.source}]</span>
              </TableCell>
              <TableCell>
                {s.stated ? t.measures.yes : t.measures.no}
                {!s.stated ? (
                  <>
                    {' '}
                    <RouterLink href={`/measures/new${query({ organisationId, caseId: s.caseId, reference: s.reference })}`}>
                      {t.measures.register}
                      <span className="kw-visually-hidden">: {s.reference}</span>
                    </RouterLink>
                  </>
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </HeadedTable>
      )}
    </section>
  );
}

export function MeasureCreatePage() {
  const t = useMessages(rm);
  const params = useSearchParams();
  const orgs = useOrganisationsWithRole(MEASURE_MANAGERS);
  if (orgs.loading && !orgs.data) return <Loading />;
  if (orgs.error) return <LoadError error={orgs.error} retry={orgs.reload} />;
  const preset = orgs.choices.find((o) => o.id === params.get('organisationId'));
  return (
    <>
      <PageTitle>{t.create.title}</PageTitle>
      {orgs.choices.length === 0 ? (
        <Paragraph>{t.measures.noOrganisation}</Paragraph>
      ) : (
        <CreateForm
          choices={orgs.choices}
          initialOrg={(preset ?? orgs.choices[0])!.id}
          caseId={params.get('caseId') ?? ''}
          reference={params.get('reference') ?? ''}
          recommendation={params.get('recommendation') ?? ''}
        />
      )}
    </>
  );
}

function CreateForm({
  choices,
  initialOrg,
  caseId,
  reference,
  recommendation,
}: {
  choices: Organisation[];
  initialOrg: string;
  caseId: string;
  reference: string;
  recommendation: string;
}) {
  const t = useMessages(rm);
  const form = useFormErrors('measure');
  const [v, setV] = useState({ organisationId: initialOrg, title: '', recommendation, ownerUserId: '', dueOn: addDays(todayIso(), 90) });
  const members = useLoader(() => fetchMembers(v.organisationId), [v.organisationId]);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof v) => (value: string) => {
    setV((old) => ({ ...old, [key]: value }));
    form.clearField(key);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!v.organisationId) errors.organisationId = t.create.organisationRequired;
    if (v.title.trim().length < 3) errors.title = t.create.titleRequired;
    if (!v.ownerUserId) errors.ownerUserId = t.create.ownerRequired;
    if (!v.dueOn) errors.dueOn = t.create.dueRequired;
    if (form.showClientErrors(errors, ['organisationId', 'title', 'recommendation', 'ownerUserId', 'dueOn'])) return;
    setBusy(true);
    try {
      const created = await api<Measure>('/measures', {
        method: 'POST',
        body: {
          organisationId: v.organisationId,
          ...(caseId ? { caseId } : {}),
          title: v.title.trim(),
          ...(v.recommendation.trim() ? { recommendation: v.recommendation.trim() } : {}),
          ownerUserId: v.ownerUserId,
          dueOn: v.dueOn,
        },
      });
      navigate(`/measures${query({ organisationId: created.organisationId })}`, { state: { flash: t.measures.created(created.title) } });
    } catch (error) {
      form.showServerError(error, {
        title: t.create.measureTitle,
        recommendation: t.create.recommendation,
        ownerUserId: t.create.owner,
        dueOn: t.create.dueOn,
        caseId: t.measures.case,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Paragraph>{t.create.intro}</Paragraph>
      {caseId ? (
        <Paragraph data-testid="measure-case">
          {t.create.fromCase(reference || caseId)} <RouterLink href={`/cases/${encodeURIComponent(caseId)}`}>{t.measures.caseLink}</RouterLink>
        </Paragraph>
      ) : null}
      <form className="kw-form" onSubmit={submit} noValidate>
        <ErrorSummary form={form} />
        {choices.length > 1 && !caseId ? (
          <SelectField
            form={form}
            path="organisationId"
            label={t.create.organisation}
            value={v.organisationId}
            options={choices.map((o) => ({ value: o.id, label: o.name }))}
            onChange={set('organisationId')}
            required
          />
        ) : null}
        <TextField
          form={form}
          path="title"
          label={t.create.measureTitle}
          description={t.create.measureTitleHint}
          value={v.title}
          onChange={set('title')}
          required
          maxLength={300}
        />
        <TextAreaField
          form={form}
          path="recommendation"
          label={t.create.recommendation}
          description={t.create.recommendationHint}
          value={v.recommendation}
          onChange={set('recommendation')}
          required={false}
          rows={3}
          maxLength={5000}
        />
        <SelectField
          form={form}
          path="ownerUserId"
          label={t.create.owner}
          description={t.create.ownerHint}
          value={v.ownerUserId}
          placeholder=""
          options={(members.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
          onChange={set('ownerUserId')}
          required
        />
        <TextField form={form} path="dueOn" type="date" label={t.create.dueOn} value={v.dueOn} onChange={set('dueOn')} required min={todayIso()} />
        <div className="kw-actions">
          <Button type="submit" appearance="primary-action-button" disabled={busy}>
            {t.create.submit}
          </Button>
          <RouterLink href={`/measures${query({ organisationId: v.organisationId })}`}>{t.create.back}</RouterLink>
        </div>
      </form>
    </>
  );
}
