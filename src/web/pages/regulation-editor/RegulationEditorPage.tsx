import { useMemo, useState } from 'react';
import type { ChangeEvent, ReactNode } from 'react';
import {
  Alert,
  Button,
  FormField,
  FormFieldDescription,
  FormLabel,
  Heading2,
  Heading3,
  Paragraph,
  Select,
  SelectOption,
  TableCell,
  TableRow,
  Textbox,
} from '@utrecht/component-library-react';
import { api, ApiError } from '../../lib/api.ts';
import { useUser } from '../../lib/auth.tsx';
import { formatDateTime, useLocale, useMessages } from '../../lib/i18n.tsx';
import { navigate, RouterLink, useSearchParams } from '../../lib/router.tsx';
import type { Organisation, User } from '../../lib/types.ts';
import { fetchOrganisations } from '../../lib/organisations.ts';
import { label } from '../../i18n/domain.ts';
import { HeadedTable, LoadError, Loading, PageTitle, StatusMessage, useLoader } from '../../components/page.tsx';
import { messageForError } from '../../components/form.tsx';
import { core } from '../../i18n/core.ts';
import { dateOnly, useExplanation } from '../cases/light.tsx';
import type { CaseDeadline } from '../../lib/cases.ts';
import { check, forSaving, groupFindings, parentPaths, previewDeadlines, setAt, startDraft, type Draft, type Finding, type Path } from './draft.ts';
import { EditorContext, idFor, type EditorState } from './fields.tsx';
import { SECTIONS } from './sections.tsx';
import { re } from './messages.ts';
import { findingInDutch } from './findings-nl.ts';
import './editor.css';

interface Overview {
  organisationId: string;
  current: { id: string; version: number; name: string; preset: boolean };
  versions: { id: string; version: number; name: string; basedOn: string; createdAt: string; createdBy: string | null }[];
  cases: { regulationId: string; version: number; name: string; open: number; total: number }[];
}

interface Summary {
  id: string;
  name: string;
  version: number;
  organisationId: string | null;
}

const FORM_ID = 'regulation';

function adminOrganisations(user: User, all: Organisation[]): Organisation[] {
  if (user.platformAdmin) return all;
  const mine = new Set(user.memberships.filter((m) => m.role === 'admin').map((m) => m.organisationId));
  return all.filter((o) => mine.has(o.id));
}

/** /regulation/edit?organisation=ID: write, check, preview, save and adopt the organisation's regulation. */
export default function RegulationEditorPage() {
  const t = useMessages(re);
  const user = useUser();
  const params = useSearchParams();
  const orgs = useLoader(async (signal) => adminOrganisations(user, await fetchOrganisations(signal)), [user.id]);
  const chosen = params.get('organisation') ?? orgs.data?.[0]?.id ?? '';
  const organisation = orgs.data?.find((o) => o.id === chosen);

  return (
    <>
      <PageTitle>{t.title}</PageTitle>
      <Paragraph>
        <RouterLink href="/regulation">{t.backToRegulation}</RouterLink>
      </Paragraph>
      <Paragraph>{t.intro}</Paragraph>
      {orgs.loading ? <Loading /> : null}
      {orgs.error ? <LoadError error={orgs.error} retry={orgs.reload} /> : null}
      {orgs.data && orgs.data.length > 1 ? (
        <FormField className="kw-editor-field">
          <div className="utrecht-form-field__label">
            <FormLabel htmlFor="editor-organisation">{t.organisation}</FormLabel>
          </div>
          <div className="utrecht-form-field__input">
            <Select
              id="editor-organisation"
              value={chosen}
              onChange={(e: ChangeEvent<HTMLSelectElement>) => navigate(`/regulation/edit?organisation=${encodeURIComponent(e.target.value)}`, { replace: true })}
            >
              {orgs.data.map((o) => (
                <SelectOption key={o.id} value={o.id}>
                  {o.name}
                </SelectOption>
              ))}
            </Select>
          </div>
        </FormField>
      ) : null}
      {organisation ? <OrganisationEditor key={organisation.id} organisation={organisation} /> : null}
    </>
  );
}

function OrganisationEditor({ organisation }: { organisation: Organisation }) {
  const t = useMessages(re);
  const c = useMessages(core);
  const { locale } = useLocale();
  const base = `/organisations/${encodeURIComponent(organisation.id)}/regulation`;
  const data = useLoader(
    async (signal) => {
      const [overview, regulations] = await Promise.all([api<Overview>(base, { signal }), api<Summary[]>('/regulations', { signal })]);
      return { overview, regulations };
    },
    [organisation.id],
  );
  const [draft, setDraft] = useState<Draft | null>(null);
  const [basedOn, setBasedOn] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<ReactNode>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [serverFindings, setServerFindings] = useState<Finding[]>([]);
  const [busy, setBusy] = useState(false);

  const presets = (data.data?.regulations ?? []).filter((r) => r.organisationId === null);
  const own = (data.data?.regulations ?? []).filter((r) => r.organisationId === organisation.id);
  const [start, setStart] = useState('');
  const startValue = start || (own.find((r) => r.id === data.data?.overview.current.id) ? `own:${data.data?.overview.current.id}` : `preset:${presets[0]?.id ?? ''}`);

  async function begin() {
    setProblem(null);
    const [kind, id] = startValue.split(':') as ['preset' | 'own', string];
    try {
      const regulation = await api<Draft>(`/regulations/${encodeURIComponent(id)}`);
      const ownId = kind === 'preset' ? `${organisation.slug ?? organisation.id.toLowerCase()}-klachtenregeling`.replace(/[^a-z0-9-]+/g, '-') : null;
      setDraft(startDraft(regulation as never, ownId));
      setBasedOn(id);
      setServerFindings([]);
      setStatus(t.started(String(regulation.name ?? id)));
    } catch (error) {
      setProblem(messageForError(error, c));
    }
  }

  async function importFile(file: File | undefined) {
    if (!file) return;
    setProblem(null);
    try {
      const parsed = JSON.parse(await file.text()) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      setDraft(startDraft(parsed as never, null));
      setBasedOn(undefined);
      setServerFindings([]);
      setStatus(t.imported(file.name));
    } catch {
      setProblem(t.importInvalid);
    }
  }

  async function adopt(regulationId: string) {
    setProblem(null);
    setBusy(true);
    try {
      const overview = await api<Overview>(`${base}/adopt`, { method: 'POST', body: { regulationId } });
      if (data.data) data.setData({ ...data.data, overview });
      setStatus(t.adopted(overview.current.name, overview.current.version));
    } catch (error) {
      setProblem(messageForError(error, c));
    } finally {
      setBusy(false);
    }
  }

  async function save(checked: ReturnType<typeof check>) {
    if (!draft) return;
    setProblem(null);
    if (checked.findings.some((f) => f.severity === 'error')) {
      setProblem(t.saveBlocked);
      document.getElementById('editor-findings')?.focus();
      return;
    }
    setBusy(true);
    try {
      const stored = await api<Summary>('/regulations', {
        method: 'POST',
        body: { organisationId: organisation.id, regulation: forSaving(draft), ...(basedOn ? { basedOn } : {}) },
      });
      const [overview, regulations] = await Promise.all([api<Overview>(base), api<Summary[]>('/regulations')]);
      data.setData({ overview, regulations });
      setServerFindings([]);
      setStatus(
        <>
          {overview.current.id === stored.id ? t.savedInForce(stored.name, stored.version) : t.saved(stored.name, stored.version)}{' '}
          {overview.current.id !== stored.id ? (
            <Button appearance="secondary-action-button" onClick={() => void adopt(stored.id)}>
              {t.adoptNow}
            </Button>
          ) : null}
        </>,
      );
    } catch (error) {
      if (error instanceof ApiError && error.details.length) {
        setServerFindings(error.details.map((d) => ({ path: d.path.replace(/^regulation\./, ''), message: d.message, severity: 'error' as const })));
      }
      setProblem(messageForError(error, c));
    } finally {
      setBusy(false);
    }
  }

  if (data.loading && !data.data) return <Loading />;
  if (data.error) return <LoadError error={data.error} retry={data.reload} />;
  if (!data.data) return null;
  const { overview } = data.data;
  const nameOf = (id: string) => data.data?.regulations.find((r) => r.id === id)?.name ?? id;

  return (
    <>
      <div aria-live="polite">{status ? <StatusMessage>{status}</StatusMessage> : null}</div>
      {problem ? (
        <Alert type="error" role="alert">
          <Paragraph>{problem}</Paragraph>
        </Alert>
      ) : null}

      <section className="kw-section" aria-labelledby="editor-in-force">
        <Heading2 id="editor-in-force">{t.inForce}</Heading2>
        <Paragraph data-testid="in-force">
          {t.inForceText(overview.current.name, overview.current.version)} ({overview.current.preset ? t.preset : t.own})
        </Paragraph>
        <Paragraph>{t.adoptHint}</Paragraph>
        <Heading3>{t.versions}</Heading3>
        {overview.versions.length === 0 ? (
          <Paragraph>{t.versionsEmpty}</Paragraph>
        ) : (
          <HeadedTable label={t.versionsLabel} columns={[t.colName, t.colVersion, t.colBasedOn, t.colStored, t.colBy, t.colStatus]}>
            {overview.versions.map((v) => {
              const newest = overview.versions.find((x) => x.id === v.id)?.version === v.version;
              return (
                <TableRow key={`${v.id}@${v.version}`}>
                  <TableCell>{v.name}</TableCell>
                  <TableCell>{v.version}</TableCell>
                  <TableCell>{nameOf(v.basedOn)}</TableCell>
                  <TableCell>{formatDateTime(locale, v.createdAt)}</TableCell>
                  <TableCell>{v.createdBy ?? '—'}</TableCell>
                  <TableCell>
                    {overview.current.id === v.id && newest ? (
                      t.current
                    ) : newest && overview.current.id !== v.id ? (
                      <Button appearance="secondary-action-button" disabled={busy} onClick={() => void adopt(v.id)}>
                        {t.adopt(`${v.name} ${v.version}`)}
                      </Button>
                    ) : (
                      '—'
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </HeadedTable>
        )}
        <Heading3>{t.cases}</Heading3>
        {overview.cases.length === 0 ? (
          <Paragraph>{t.casesEmpty}</Paragraph>
        ) : (
          <HeadedTable label={t.casesLabel} columns={[t.colName, t.colVersion, { label: t.colOpen, className: 'kw-num' }, { label: t.colTotal, className: 'kw-num' }]}>
            {overview.cases.map((row) => (
              <TableRow key={`${row.regulationId}@${row.version}`}>
                <TableCell>{row.name}</TableCell>
                <TableCell>{row.version}</TableCell>
                <TableCell className="kw-num">{row.open}</TableCell>
                <TableCell className="kw-num">{row.total}</TableCell>
              </TableRow>
            ))}
          </HeadedTable>
        )}
      </section>

      <section className="kw-section" aria-labelledby="editor-start">
        <Heading2 id="editor-start">{t.start}</Heading2>
        <FormField className="kw-editor-field">
          <div className="utrecht-form-field__label">
            <FormLabel htmlFor="editor-start-from">{t.startFrom}</FormLabel>
          </div>
          <FormFieldDescription id="editor-start-from-description">
            {t.startFromHint}
            {draft ? ` ${t.startReplaces}` : ''}
          </FormFieldDescription>
          <div className="utrecht-form-field__input">
            <Select
              id="editor-start-from"
              value={startValue}
              aria-describedby="editor-start-from-description"
              onChange={(e: ChangeEvent<HTMLSelectElement>) => setStart(e.target.value)}
            >
              {own.map((r) => (
                <SelectOption key={r.id} value={`own:${r.id}`}>
                  {t.startOwn(r.name, r.version)}
                </SelectOption>
              ))}
              {presets.map((r) => (
                <SelectOption key={r.id} value={`preset:${r.id}`}>
                  {t.startPreset(r.name)}
                </SelectOption>
              ))}
            </Select>
          </div>
        </FormField>
        <div className="kw-actions">
          <Button appearance="primary-action-button" onClick={() => void begin()}>
            {t.startButton}
          </Button>
        </div>
        <FormField className="kw-editor-field">
          <div className="utrecht-form-field__label">
            <FormLabel htmlFor="editor-import">{t.importFile}</FormLabel>
          </div>
          <FormFieldDescription id="editor-import-description">{t.importHint}</FormFieldDescription>
          <div className="utrecht-form-field__input">
            <input
              id="editor-import"
              type="file"
              className="kw-file"
              accept=".json,application/json"
              aria-describedby="editor-import-description"
              onChange={(e) => void importFile(e.target.files?.[0])}
            />
          </div>
        </FormField>
      </section>

      {draft ? <Editor draft={draft} setDraft={setDraft} serverFindings={serverFindings} busy={busy} onSave={(checked) => void save(checked)} /> : null}
    </>
  );
}

function Editor({
  draft,
  setDraft,
  serverFindings,
  busy,
  onSave,
}: {
  draft: Draft;
  setDraft: (update: (d: Draft | null) => Draft | null) => void;
  serverFindings: Finding[];
  busy: boolean;
  onSave: (checked: ReturnType<typeof check>) => void;
}) {
  const t = useMessages(re);
  const { locale } = useLocale();
  const checked = useMemo(() => check(draft), [draft]);
  const findings = useMemo(() => {
    const all = [...checked.findings, ...serverFindings.filter((s) => !checked.findings.some((f) => f.path === s.path && f.message === s.message))];
    return locale === 'nl' ? all.map((f) => ({ ...f, message: findingInDutch(f.message) })) : all;
  }, [checked, serverFindings, locale]);
  const state: EditorState = useMemo(
    () => ({ formId: FORM_ID, draft, findings: groupFindings(findings), update: (path: Path, value: unknown) => setDraft((d) => (d ? setAt(d, path, value) : d)) }),
    [draft, findings, setDraft],
  );
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;

  function exportJson() {
    const blob = new Blob([`${JSON.stringify(forSaving(draft), null, 2)}\n`], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${typeof draft.id === 'string' ? draft.id : 'klachtenregeling'}.json`;
    document.body.append(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
  }

  return (
    <EditorContext value={state}>
      <div className="kw-editor">
        <nav aria-labelledby="editor-contents" className="kw-editor-contents">
          <Heading2 id="editor-contents">{t.contents}</Heading2>
          <ul className="kw-plain-list">
            {SECTIONS.map((s) => (
              <li key={s.id}>
                <a className="utrecht-link" href={`#section-${s.id}`}>
                  {s.title(t)}
                </a>
              </li>
            ))}
            <li>
              <a className="utrecht-link" href="#editor-preview-title">
                {t.preview.title}
              </a>
            </li>
          </ul>
        </nav>
        <div className="kw-editor-main">
          <Findings findings={findings} errors={errors} warnings={warnings} />
          <form className="kw-form kw-editor-form" noValidate onSubmit={(e) => e.preventDefault()} aria-label={t.title}>
            {SECTIONS.map(({ id, Component }) => (
              <Component key={id} />
            ))}
          </form>
          <Preview regulation={checked.regulation} />
          <div className="kw-actions kw-editor-save">
            <Button appearance="primary-action-button" busy={busy} disabled={busy} onClick={() => onSave(checked)}>
              {busy ? t.saving : t.save}
            </Button>
            <Button appearance="secondary-action-button" onClick={exportJson}>
              {t.export}
            </Button>
          </div>
        </div>
      </div>
    </EditorContext>
  );
}

/** The checker's findings, live: counts announced politely, each finding a link to its field. */
function Findings({ findings, errors, warnings }: { findings: Finding[]; errors: number; warnings: number }) {
  const t = useMessages(re);
  const go = (path: string) => {
    for (const p of [path, ...parentPaths(path)]) {
      const el = document.getElementById(idFor(FORM_ID, p));
      if (el) {
        el.focus();
        el.scrollIntoView({ block: 'center' });
        return;
      }
    }
  };
  return (
    <section className={`kw-section kw-editor-findings${errors ? ' kw-editor-findings--errors' : ''}`} aria-labelledby="editor-findings-title" id="editor-findings" tabIndex={-1}>
      <Heading2 id="editor-findings-title">{t.checkTitle}</Heading2>
      <Paragraph aria-live="polite" data-testid="check-counts">
        {findings.length === 0 ? t.checkOk : t.checkCounts(errors, warnings)}
      </Paragraph>
      {findings.length ? (
        <>
          <Paragraph>{t.checkHint}</Paragraph>
          <ul className="kw-plain-list kw-editor-findings__list">
            {findings.map((f, i) => (
              <li key={i} className={`kw-finding--${f.severity}`}>
                <a
                  className="utrecht-link"
                  href={`#${idFor(FORM_ID, f.path)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    go(f.path);
                  }}
                >
                  <strong>{f.severity === 'error' ? t.error : t.warning}:</strong> {f.message} <span className="kw-muted">({f.path})</span>
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function Preview({ regulation }: { regulation: ReturnType<typeof check>['regulation'] }) {
  const t = useMessages(re);
  const p = t.preview;
  const { locale } = useLocale();
  const explain = useExplanation();
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const levels = useMemo(() => (regulation && valid ? previewDeadlines(regulation, date) : []), [regulation, date, valid]);
  return (
    <section className="kw-section" aria-labelledby="editor-preview-title">
      <Heading2 id="editor-preview-title">{p.title}</Heading2>
      <Paragraph>{p.hint}</Paragraph>
      <FormField className="kw-editor-field">
        <div className="utrecht-form-field__label">
          <FormLabel htmlFor="editor-preview-date">{p.date}</FormLabel>
        </div>
        <div className="utrecht-form-field__input">
          <Textbox id="editor-preview-date" type="date" value={date} onChange={(e: ChangeEvent<HTMLInputElement>) => setDate(e.target.value)} />
        </div>
      </FormField>
      {!regulation ? <Paragraph>{p.invalid}</Paragraph> : null}
      {levels.map(({ level, terms }) => (
        <div key={level.id} className="kw-editor-preview-level">
          <Heading3>{level.name}</Heading3>
          {terms.length === 0 ? (
            <Paragraph>{p.noTerms}</Paragraph>
          ) : (
            <HeadedTable label={p.label(level.name)} columns={[p.colTerm, p.colDue, p.colExplanation]}>
              {terms.map((term) => (
                <TableRow key={term.named ? `named-${term.named.id}` : term.key}>
                  <TableCell>{term.named ? term.named.name || term.named.id : label(t.levels.term, term.key)}</TableCell>
                  <TableCell data-testid={term.named ? `preview-${level.id}-named-${term.named.id}` : `preview-${level.id}-${term.key}`}>{dateOnly(locale, term.due)}</TableCell>
                  <TableCell>
                    {explain({ explanation: term.explanation } as CaseDeadline)}
                    {term.explanation.skipped.length && term.explanation.unit === 'working-days'
                      ? ` (${term.explanation.skipped
                          .filter((s) => s.name)
                          .map((s) => s.name)
                          .join(', ')})`.replace(' ()', '')
                      : ''}
                    {term.assumedStart ? ` ${p.assumed(label(t.levels.term, term.assumedStart))}` : ''}
                    {term.fromEvent ? ` ${p.fromEvent(label(t.termFields.froms, term.fromEvent))}` : ''}
                    {term.extended ? ` ${p.extended(term.extended.weeks, dateOnly(locale, term.extended.due))}` : ''} <span className="kw-source">{term.explanation.source}</span>
                  </TableCell>
                </TableRow>
              ))}
            </HeadedTable>
          )}
        </div>
      ))}
    </section>
  );
}
