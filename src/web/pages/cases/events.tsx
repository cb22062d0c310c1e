import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../lib/api.ts';
import { useMessages } from '../../lib/i18n.tsx';
import { OUTCOMES, todayIso } from '../../lib/cases.ts';
import type { CaseDetail, FullRegulation, RegulationLevel } from '../../lib/cases.ts';
import type { Organisation } from '../../lib/types.ts';
import { domain, label } from '../../i18n/domain.ts';
import { ErrorSummary, SelectField, TextField, useFormErrors } from '../../components/form.tsx';
import { CheckboxGroupField, RadioGroupField, TextAreaField } from '../../components/fields.tsx';
import { cm } from './messages.ts';
import { LetterPreview } from './draft.tsx';
import { dateOnly } from './light.tsx';
import { DECISION_PARTS, decisionReaders } from '../../../domain/disclosure.ts';
import { useLocale } from '../../lib/i18n.tsx';

interface Props {
  c: CaseDetail;
  type: string;
  regulation: FullRegulation;
  level: RegulationLevel | undefined;
  organisations: Pick<Organisation, 'id' | 'name'>[];
  onDone: (updated: CaseDetail, type: string) => void;
}

/** The order of the error summary: the order of the fields in the forms. */
const ERROR_ORDER = (points: number): string[] => [
  'admissible',
  'grounds',
  'at',
  'place',
  'report',
  'ground',
  ...Array.from({ length: points }, (_, i) => [`points.${i}.description`, `points.${i}.outcome`]).flat(),
  'outcome',
  'motivation',
  'weeks',
  'reason',
  'toLevel',
  'circumstances',
  'newFacts',
  'organisationId',
  'referralId',
  'on',
];

/** The Amsterdam day of a hearing time: wall time as written, an instant converted. */
function amsterdamDay(at: string): string {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(at)) return at.slice(0, 10);
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(at)).map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}`;
}

interface Point {
  description: string;
  outcome: string;
}

/**
 * One small form per event type, validated in the browser; the server checks
 * again against the case and its regulation and answers 409 with a reason,
 * which the error summary shows.
 */
export function EventForm({ c, type, regulation, level, organisations, onDone }: Props) {
  const t = useMessages(cm);
  const d = useMessages(domain);
  const form = useFormErrors(`event-${type}`);
  const [v, setV] = useState<Record<string, string>>({ on: '', weeks: '6' });
  const [grounds, setGrounds] = useState<string[]>([]);
  const [points, setPoints] = useState<Point[]>([]);
  const [busy, setBusy] = useState(false);
  // A field's error goes once the person changes that field.
  const set = (key: string) => (value: string) => {
    setV((s) => ({ ...s, [key]: value }));
    form.clearField(key);
  };
  /** The props that tie a field to `v[path]`. */
  const bind = (path: string) => ({ form, path, value: v[path] ?? '', onChange: set(path) });
  const today = todayIso();
  const { locale } = useLocale();
  // The day the hearing was planned for: "held" cannot be earlier.
  const planned = [...c.events].reverse().find((e) => e.type === 'hearing-scheduled' || e.type === 'hearing-held' || e.type === 'hearing-skipped');
  const plannedOn = planned?.type === 'hearing-scheduled' && typeof planned.data?.at === 'string' ? amsterdamDay(planned.data.at) : undefined;

  const rules = level?.admissibility ?? regulation.admissibility;
  const groundOptions = [
    ...((rules.timeLimits?.length ?? 0) > 0 ? [{ code: 'time-limit', source: rules.timeLimits?.[0]?.source ?? '' }] : []),
    ...(rules.grounds ?? []).map((g) => ({ code: g.code, source: g.source })),
  ];
  const outcomes = level?.outcomes ?? [...OUTCOMES];
  const outcomeOptions = outcomes.map((o) => ({ value: o, label: label(d.outcomes, o) }));

  function build(): { errors: Record<string, string>; body: Record<string, unknown> } {
    const errors: Record<string, string> = {};
    const body: Record<string, unknown> = { type };
    const text = (key: string) => (v[key] ?? '').trim();
    /** Required text: an error when empty. */
    const req = (key: string, message: string) => {
      if (!text(key)) errors[key] = message;
      return text(key);
    };
    /** Optional text: sent under the same name when filled in. */
    const opt = (key: string) => {
      if (text(key)) body[key] = text(key);
    };
    switch (type) {
      case 'contacted':
        opt('note');
        break;
      case 'admissibility-decided':
        if (!v.admissible) errors.admissible = t.ev.admissibleRequired;
        body.admissible = v.admissible === 'yes';
        if (v.admissible === 'no') {
          if (grounds.length === 0) errors.grounds = t.ev.groundsRequired;
          body.grounds = grounds;
        }
        break;
      case 'hearing-scheduled': {
        // Sent as Amsterdam wall time ('YYYY-MM-DDTHH:mm'), whatever the browser's time zone.
        const at = req('at', t.ev.atRequired);
        if (at) body.at = at.slice(0, 16);
        opt('place');
        break;
      }
      case 'hearing-held':
        if (level?.hearing?.reportRequired) req('report', t.ev.reportRequired);
        opt('report');
        if (plannedOn && (v.on || today) < plannedOn) errors.on = t.ev.heldBefore(dateOnly(locale, plannedOn));
        break;
      case 'hearing-skipped':
        body.ground = req('ground', t.ev.chooseField(t.ev.ground));
        break;
      case 'mediation':
        opt('agreements');
        break;
      case 'decided': {
        // Every row that was added counts: an empty one is named, not silently dropped.
        points.forEach((p, i) => {
          if (!p.description.trim()) errors[`points.${i}.description`] = t.ev.pointDescriptionRequired(i + 1);
          if (!p.outcome) errors[`points.${i}.outcome`] = t.ev.pointOutcomeRequired(i + 1);
        });
        body.outcome = req('outcome', t.ev.chooseField(t.ev.outcome));
        body.motivation = req('motivation', t.ev.motivationRequired);
        if (points.length) body.points = points.map((p) => ({ description: p.description.trim(), outcome: p.outcome }));
        const recs = text('recommendations')
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean);
        if (recs.length) body.recommendations = recs;
        break;
      }
      case 'decision-returned':
      case 'paused':
      case 'resumed':
        body.reason = req('reason', t.ev.reasonRequired);
        break;
      case 'extended': {
        const weeks = Number(v.weeks);
        if (!Number.isInteger(weeks) || weeks < 1 || weeks > 52) errors.weeks = t.ev.weeksInvalid;
        body.weeks = weeks;
        body.reason = req('reason', t.ev.reasonRequired);
        if (v.consentOn) body.consent = { recordedOn: v.consentOn };
        break;
      }
      case 'escalated':
        body.toLevel = req('toLevel', t.ev.chooseField(t.ev.toLevel));
        break;
      case 'withdrawn':
        opt('reason');
        break;
      case 'reopened':
        body.circumstances = req('circumstances', t.ev.reasonRequired);
        if (regulation.reopening?.onlyWithNewFacts) body.newFacts = req('newFacts', t.ev.newFactsRequired);
        break;
      case 'transferred':
        body.organisationId = req('organisationId', t.ev.chooseField(t.ev.organisation));
        break;
      case 'referred':
        body.referralId = req('referralId', t.ev.chooseField(t.ev.referralRoute));
        opt('reason');
        break;
    }
    if (v.on) {
      if (v.on > today) errors.on = t.register.dateInFuture;
      body.on = v.on;
    }
    return { errors, body };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { errors, body } = build();
    if (form.showClientErrors(errors, ERROR_ORDER(points.length))) return;
    setBusy(true);
    try {
      const updated = await api<CaseDetail>(`/cases/${encodeURIComponent(c.id)}/events`, { method: 'POST', body });
      form.clear();
      onDone(updated, type);
    } catch (error) {
      form.showServerError(error, {
        referralId: t.ev.referralRoute,
        motivation: t.ev.motivation,
        reason: t.ev.reason,
        report: t.ev.report,
        at: t.ev.at,
        place: t.ev.place,
        weeks: t.ev.weeks,
        circumstances: t.ev.circumstances,
        newFacts: t.ev.newFacts,
        outcome: t.ev.outcome,
        on: t.ev.on,
        ...Object.fromEntries(
          points.flatMap((_, i) => [
            [`points.${i}.description`, `${t.ev.point(i + 1)}: ${t.ev.pointDescription}`],
            [`points.${i}.outcome`, `${t.ev.point(i + 1)}: ${t.ev.pointOutcome}`],
          ]),
        ),
      });
    } finally {
      setBusy(false);
    }
  }

  const escalation = (level?.escalatesTo ?? []).map((id) => ({ value: id, label: regulation.levels.find((l) => l.id === id)?.name ?? id }));

  return (
    <form className="kw-form kw-event-form" noValidate onSubmit={submit} aria-label={label(d.events, type)}>
      <ErrorSummary form={form} />
      {type === 'contacted' ? <TextAreaField {...bind('note')} label={t.ev.note} required={false} rows={3} /> : null}
      {type === 'admissibility-decided' ? (
        <>
          <RadioGroupField
            {...bind('admissible')}
            legend={t.ev.admissible}
            options={[
              { value: 'yes', label: t.ev.yes },
              { value: 'no', label: t.ev.no },
            ]}
          />
          {v.admissible === 'no' ? (
            <CheckboxGroupField
              form={form}
              path="grounds"
              legend={t.ev.grounds}
              values={grounds}
              onChange={setGrounds}
              options={groundOptions.map((g) => ({ value: g.code, label: `${label(d.grounds, g.code)} ${g.source.startsWith('[') ? g.source : `[${g.source}]`}` }))}
            />
          ) : null}
        </>
      ) : null}
      {type === 'hearing-scheduled' ? (
        <>
          <TextField {...bind('at')} label={t.ev.at} description={t.ev.atHint} type="datetime-local" required />
          <TextField {...bind('place')} label={t.ev.place} description={t.ev.placeHint} required={false} maxLength={300} />
        </>
      ) : null}
      {type === 'hearing-held' ? <TextAreaField {...bind('report')} label={t.ev.report} required={!!level?.hearing?.reportRequired} rows={5} /> : null}
      {type === 'hearing-skipped' ? (
        <SelectField
          {...bind('ground')}
          label={t.ev.ground}
          placeholder=""
          options={(level?.hearing?.skipGrounds ?? []).map((g) => ({ value: g, label: label(d.skipGrounds, g) }))}
          required
        />
      ) : null}
      {type === 'mediation' ? <TextAreaField {...bind('agreements')} label={t.ev.agreements} required={false} rows={4} /> : null}
      {type === 'decided' ? (
        <>
          <DecisionReaders regulation={regulation} levelId={c.level} />
          <fieldset>
            <legend className="kw-legend">{t.ev.points}</legend>
            {points.map((p, i) => (
              <div key={i} className="kw-point">
                <TextField
                  form={form}
                  path={`points.${i}.description`}
                  label={`${t.ev.point(i + 1)}: ${t.ev.pointDescription}`}
                  value={p.description}
                  onChange={(description) => {
                    setPoints(points.map((q, j) => (j === i ? { ...q, description } : q)));
                    form.clearField(`points.${i}.description`);
                  }}
                />
                <SelectField
                  form={form}
                  path={`points.${i}.outcome`}
                  label={`${t.ev.point(i + 1)}: ${t.ev.pointOutcome}`}
                  value={p.outcome}
                  placeholder=""
                  options={outcomeOptions}
                  onChange={(outcome) => {
                    setPoints(points.map((q, j) => (j === i ? { ...q, outcome } : q)));
                    form.clearField(`points.${i}.outcome`);
                  }}
                />
                <Button appearance="subtle-button" onClick={() => setPoints(points.filter((_, j) => j !== i))}>
                  {t.ev.removePoint(i + 1)}
                </Button>
              </div>
            ))}
            <div>
              <Button appearance="secondary-action-button" onClick={() => setPoints([...points, { description: '', outcome: '' }])}>
                {t.ev.addPoint}
              </Button>
            </div>
          </fieldset>
          <SelectField {...bind('outcome')} label={t.ev.outcome} placeholder="" options={outcomeOptions} required />
          <TextAreaField {...bind('motivation')} label={t.ev.motivation} required rows={5} />
          <TextAreaField {...bind('recommendations')} label={t.ev.recommendations} description={t.ev.recommendationsHint} required={false} rows={3} />
        </>
      ) : null}
      {type === 'decision-returned' || type === 'paused' || type === 'resumed' ? (
        level?.pause?.reasons && type === 'paused' ? (
          <SelectField {...bind('reason')} label={t.ev.reason} placeholder="" options={level.pause.reasons.map((r) => ({ value: r, label: r }))} required />
        ) : (
          <TextAreaField {...bind('reason')} label={t.ev.reason} required rows={3} />
        )
      ) : null}
      {type === 'extended' ? (
        <>
          <TextField {...bind('weeks')} label={t.ev.weeks} type="number" min={1} max={52} required />
          <TextAreaField {...bind('reason')} label={t.ev.reason} required rows={3} />
          <TextField {...bind('consentOn')} label={t.ev.consentOn} type="date" max={today} required={false} />
        </>
      ) : null}
      {type === 'escalated' ? <SelectField {...bind('toLevel')} label={t.ev.toLevel} placeholder="" options={escalation} required /> : null}
      {type === 'withdrawn' ? <TextAreaField {...bind('reason')} label={t.ev.reason} required={false} rows={3} /> : null}
      {type === 'reopened' ? (
        <TextAreaField {...bind('circumstances')} label={regulation.reopening?.onlyWithNewFacts ? t.ev.reopenReason : t.ev.circumstances} required rows={3} />
      ) : null}
      {type === 'reopened' && regulation.reopening?.onlyWithNewFacts ? (
        <TextAreaField {...bind('newFacts')} label={t.ev.newFacts} description={t.ev.newFactsHint(regulation.reopening.source)} required rows={3} />
      ) : null}
      {type === 'transferred' ? (
        <SelectField
          {...bind('organisationId')}
          label={t.ev.organisation}
          description={t.ev.partnersHint}
          placeholder=""
          options={organisations.filter((o) => o.id !== c.organisationId).map((o) => ({ value: o.id, label: o.name }))}
          required
        />
      ) : null}
      {type === 'referred' ? (
        <>
          <SelectField
            {...bind('referralId')}
            label={t.ev.referralRoute}
            description={t.ev.referralHint}
            placeholder=""
            options={(regulation.referrals ?? []).map((r) => ({ value: r.id, label: r.name }))}
            required
          />
          <TextAreaField {...bind('reason')} label={t.ev.referralReason} description={t.ev.referralReasonHint} required={false} rows={3} />
        </>
      ) : null}
      {type === 'acknowledged' || type === 'closed' || type === 'complainant-unreachable' || type === 'decision-approved' ? (
        <Paragraph>{t.ev.confirm(label(d.events, type))}</Paragraph>
      ) : null}
      <TextField {...bind('on')} label={t.ev.on} type="date" max={today} {...(type === 'hearing-held' && plannedOn ? { min: plannedOn } : {})} required={false} />
      <LetterPreview
        caseId={c.id}
        auto={type === 'decision-approved'}
        body={() => {
          const { errors, body } = build();
          return form.showClientErrors(errors, ERROR_ORDER(points.length)) ? null : body;
        }}
      />
      <div className="kw-actions">
        <Button type="submit" appearance="primary-action-button" disabled={busy}>
          {label(d.events, type)}: {t.ev.submit}
        </Button>
      </div>
    </form>
  );
}

/** On the decision form: which parts of the decision go to the complainant, which to the respondent, which stay internal (issue 13). */
function DecisionReaders({ regulation, levelId }: { regulation: FullRegulation; levelId: string }) {
  const t = useMessages(cm);
  const readers = decisionReaders(regulation, levelId);
  const who = (r: string[]) => (r.length === 2 ? 'both' : (r[0] ?? 'none'));
  return (
    <div className="kw-decision-readers" data-testid="decision-readers">
      <p className="utrecht-paragraph">
        <strong>{t.ev.partsTitle}:</strong>{' '}
        {DECISION_PARTS.map((part) => `${t.ev.partNames[part]} ${t.ev.partReaders[who(readers[part])]?.[part === 'recommendations' ? 1 : 0]}.`).join(' ')} {t.ev.partsSource}
      </p>
    </div>
  );
}
