import type { ReactNode } from 'react';
import { Heading2, Paragraph } from '@utrecht/component-library-react';
import { useMessages } from '../../lib/i18n.tsx';
import { core } from '../../i18n/core.ts';
import { domain, label } from '../../i18n/domain.ts';
import { DURATION_UNITS } from '../../../domain/calendar.ts';
import {
  ALL_COMPLAINANT_ROLES,
  CASE_KINDS,
  CATEGORY_IDS,
  CHANNELS,
  COMPLAINANT_ROLES,
  FLAGS,
  GROUND_CODES,
  HEARING_SKIP_GROUNDS,
  LAW_REGIMES,
  LETTER_KINDS,
  OUTCOMES,
  ROLES,
  TERM_ANCHORS,
} from '../../../domain/vocabulary.ts';
import { TERM_MET_BY } from '../../../domain/regulation.schema.ts';
import { DECISION_PARTS } from '../../../domain/disclosure.ts';
import { getAt, type Path } from './draft.ts';
import { AddButton, CheckboxInput, ChoiceList, Group, ItemControls, LinesInput, NumberInput, PresenceToggle, SelectInput, SourceInput, TextInput, useEditor } from './fields.tsx';
import { re } from './messages.ts';

/**
 * One section per part of the regulation format (regulation.schema.ts), in the
 * order of the schema. A new field of the format is one more field component
 * in the section of its part; a new part is one more section in SECTIONS.
 */
const opts = (values: readonly string[], labels: Record<string, string>) => values.map((v) => ({ value: v, label: label(labels, v) }));

type Obj = Record<string, unknown>;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="kw-section kw-editor-section" aria-labelledby={`section-${id}`}>
      <Heading2 id={`section-${id}`}>{title}</Heading2>
      {children}
    </section>
  );
}

function General() {
  const t = useMessages(re);
  const g = t.general;
  const { draft, update } = useEditor();
  const regimes = list(draft.regimes);
  return (
    <Section id="general" title={g.title}>
      <TextInput at={['name']} label={g.name} />
      <TextInput at={['id']} label={g.id} description={g.idHint} />
      <SelectInput
        at={['organisationType']}
        label={g.organisationType}
        options={opts(['municipality', 'care-provider', 'social-team', 'youth-care', 'other'], g.organisationTypes)}
      />
      <TextInput at={['adoptedOn']} type="date" label={g.adoptedOn} />
      <TextInput at={['description']} label={g.description} multiline />
      <TextInput at={['descriptionNl']} label={g.descriptionNl} multiline />
      <fieldset className="utrecht-form-fieldset kw-choices kw-editor-choices">
        <legend className="utrecht-form-fieldset__legend kw-legend">{g.regimes}</legend>
        <div className="utrecht-form-field-description">{g.regimesHint}</div>
        {LAW_REGIMES.map((law) => {
          const index = regimes.findIndex((r) => r.law === law);
          return (
            <div key={law}>
              <PresenceToggleInList
                label={label(g.laws, law)}
                checked={index >= 0}
                id={`regime-${law}`}
                onChange={(on) => update(['regimes'], on ? [...regimes, { law, source: '' }] : regimes.filter((r) => r.law !== law))}
              />
              {index >= 0 ? <SourceInput at={['regimes', index]} /> : null}
            </div>
          );
        })}
      </fieldset>
      <Group at={['documents']} legend={g.documents} level={3}>
        {list(draft.documents).map((_, i) => {
          const at: Path = ['documents', i];
          const name = g.document(i + 1);
          return (
            <Group key={i} at={at} legend={name}>
              <ItemControls at={['documents']} index={i} count={list(draft.documents).length} name={name} />
              <TextInput at={[...at, 'id']} label={`${name}: ${g.documentId.toLowerCase()}`} />
              <TextInput at={[...at, 'title']} label={`${name}: ${g.documentTitle.toLowerCase()}`} />
              <TextInput at={[...at, 'url']} type="url" label={`${name}: ${g.documentUrl.toLowerCase()}`} />
            </Group>
          );
        })}
      </Group>
      <AddButton at={['documents']} label={g.addDocument} item={() => ({ id: '', title: '' })} />
    </Section>
  );
}

/** A checkbox that adds or removes an item of a list (a law, a kind). */
function PresenceToggleInList({ id, label: text, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (on: boolean) => void }) {
  const { formId } = useEditor();
  const full = `${formId}-${id}`;
  return (
    <div className="kw-choice">
      <input type="checkbox" className="utrecht-checkbox utrecht-checkbox--custom" id={full} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={full}>
        {text}
      </label>
    </div>
  );
}

/** Where a level's term may start (not the decision date: that is the objection term's). */
const LEVEL_ANCHORS = TERM_ANCHORS.filter((a) => a !== 'decision-date');

/** Length, unit, starting point, channels and the rest of one term at `at` (a term or a named term). */
function TermFields({ at, name, objection = false }: { at: Path; name: string; objection?: boolean }) {
  const t = useMessages(re);
  const d = useMessages(domain);
  const f = t.termFields;
  return (
    <>
      <div className="kw-editor-row">
        <NumberInput at={[...at, 'length']} label={`${name}: ${f.length.toLowerCase()}`} />
        <SelectInput at={[...at, 'unit']} label={`${name}: ${f.unit.toLowerCase()}`} options={opts(DURATION_UNITS, d.units)} />
      </div>
      <SelectInput
        at={[...at, 'from']}
        label={`${name}: ${f.from.toLowerCase()}`}
        options={opts(objection ? ['decision-date'] : LEVEL_ANCHORS, f.froms)}
        description={objection ? undefined : f.fromHint}
      />
      <CheckboxInput at={[...at, 'atw']} label={f.atw} />
      <CheckboxInput at={[...at, 'asSoonAsPossible']} label={f.asSoonAsPossible} />
      {objection ? null : (
        <ChoiceList at={[...at, 'channels']} legend={`${name}: ${f.channels.toLowerCase()}`} description={f.channelsHint} options={opts(CHANNELS, d.channels)} removeWhenEmpty />
      )}
      <SourceInput at={at} />
    </>
  );
}

function TermEditor({ at, name, objection = false, initial }: { at: Path; name: string; objection?: boolean; initial?: () => Obj }) {
  const t = useMessages(re);
  const f = t.termFields;
  const { draft } = useEditor();
  const present = getAt(draft, at) !== undefined;
  return (
    <div className="kw-editor-term">
      {objection ? null : (
        <PresenceToggle at={at} label={f.has(name)} initial={initial ?? (() => ({ length: 5, unit: 'working-days', from: 'received', atw: false, source: '' }))} />
      )}
      {present ? (
        <Group at={at} legend={name}>
          <TermFields at={at} name={name} objection={objection} />
        </Group>
      ) : null}
    </div>
  );
}

/** More terms at a level, each with its own name and the event that meets it (issue 9 §2.1). */
function NamedTerms({ levelAt, short }: { levelAt: Path; short: string }) {
  const t = useMessages(re);
  const _d = useMessages(domain);
  const n = t.namedTerms;
  const { draft } = useEditor();
  const at: Path = [...levelAt, 'namedTerms'];
  const terms = list(getAt(draft, at));
  return (
    <>
      <Group at={at} legend={`${short}: ${n.title.toLowerCase()}`}>
        <Paragraph>{n.hint}</Paragraph>
        {terms.map((term, i) => {
          const itemAt: Path = [...at, i];
          const name = `${short}, ${n.term(i + 1)}`;
          return (
            <Group key={i} at={itemAt} legend={`${name}: ${String(term.name ?? '') || n.unnamed}`}>
              <ItemControls at={at} index={i} count={terms.length} name={name} />
              <TextInput at={[...itemAt, 'name']} label={`${name}: ${n.name.toLowerCase()}`} />
              <TextInput at={[...itemAt, 'id']} label={`${name}: ${n.id.toLowerCase()}`} description={t.general.idHint} />
              <SelectInput at={[...itemAt, 'metBy']} label={`${name}: ${n.metBy.toLowerCase()}`} options={opts(TERM_MET_BY, n.metByOptions)} />
              <TermFields at={itemAt} name={name} />
            </Group>
          );
        })}
      </Group>
      <AddButton
        at={at}
        label={`${short}: ${n.add.toLowerCase()}`}
        item={() => ({ id: `termijn-${terms.length + 1}`, name: '', metBy: 'contacted', length: 1, unit: 'weeks', from: 'received', atw: false, source: '' })}
      />
    </>
  );
}

function KindRule({ index, kind }: { index: number; kind: string }) {
  const t = useMessages(re);
  const d = useMessages(domain);
  const k = t.kinds;
  const { draft } = useEditor();
  const at: Path = ['kinds', index];
  const contacts = list(draft.contacts).map((c) => ({ value: String(c.id ?? ''), label: String(c.name ?? c.id ?? '') }));
  return (
    <Group at={at} legend={label(d.kinds, kind)}>
      {kind === 'compliment' ? <SelectInput at={[...at, 'passTo']} label={k.passTo} options={opts(['employee', 'team'], k.passToOptions)} /> : null}
      {kind === 'dissatisfaction' ? <CheckboxInput at={[...at, 'registerWhenSolved']} label={k.registerWhenSolved} /> : null}
      {kind === 'signal' ? <CheckboxInput at={[...at, 'notifyBoardAtOnce']} label={k.notifyBoardAtOnce} /> : null}
      {kind === 'objection' ? (
        <>
          <SelectInput at={[...at, 'referTo']} label={k.referTo} options={contacts} placeholder="" />
          <TermEditor at={[...at, 'term']} name={k.objectionTerm} objection />
        </>
      ) : null}
      <SourceInput at={at} />
    </Group>
  );
}

const NEW_KIND: Record<string, () => Obj> = {
  compliment: () => ({ kind: 'compliment', passTo: 'employee', source: '' }),
  dissatisfaction: () => ({ kind: 'dissatisfaction', registerWhenSolved: false, source: '' }),
  complaint: () => ({ kind: 'complaint', source: '' }),
  signal: () => ({ kind: 'signal', notifyBoardAtOnce: false, source: '' }),
  objection: () => ({ kind: 'objection', referTo: '', term: { length: 6, unit: 'weeks', from: 'decision-date', atw: true, source: 'Awb 6:7' }, source: '' }),
};

function Kinds() {
  const t = useMessages(re);
  const d = useMessages(domain);
  const k = t.kinds;
  const { draft, update } = useEditor();
  const kinds = list(draft.kinds);
  return (
    <Section id="kinds" title={k.title}>
      <Group at={['kinds']} legend={k.title} level={3}>
        {CASE_KINDS.map((kind) => {
          const index = kinds.findIndex((r) => r.kind === kind);
          return (
            <div key={kind}>
              <PresenceToggleInList
                id={`kind-${kind}`}
                label={k.accepted(label(d.kinds, kind))}
                checked={index >= 0}
                onChange={(on) => update(['kinds'], on ? [...kinds, NEW_KIND[kind]!()] : kinds.filter((r) => r.kind !== kind))}
              />
              {index >= 0 ? <KindRule index={index} kind={kind} /> : null}
            </div>
          );
        })}
      </Group>
      <PresenceToggle at={['anonymous']} label={t.present(k.anonymous)} initial={() => ({ becomes: 'signal', source: '' })} />
      {draft.anonymous ? (
        <Group at={['anonymous']} legend={k.anonymous}>
          <SelectInput at={['anonymous', 'becomes']} label={k.becomes} options={opts(['signal', 'complaint', 'not-accepted'], k.becomesOptions)} />
          <SourceInput at={['anonymous']} />
        </Group>
      ) : null}
      <PresenceToggle at={['complainantRoles']} label={t.present(k.complainantRoles)} initial={() => ({ allowed: [...COMPLAINANT_ROLES], source: '' })} />
      {draft.complainantRoles ? null : <Paragraph>{k.complainantRolesDefault(COMPLAINANT_ROLES.map((r) => label(d.complainantRoles, r).toLowerCase()).join(', '))}</Paragraph>}
      {draft.complainantRoles ? (
        <Group at={['complainantRoles']} legend={k.complainantRoles}>
          <ChoiceList at={['complainantRoles', 'allowed']} legend={k.allowedRoles} options={opts(ALL_COMPLAINANT_ROLES, d.complainantRoles)} />
          <SourceInput at={['complainantRoles']} />
        </Group>
      ) : null}
    </Section>
  );
}

function Intake() {
  const t = useMessages(re);
  const d = useMessages(domain);
  const i = t.intake;
  const { draft } = useEditor();
  const intake = draft.intake as Obj | undefined;
  const perKind = list(intake?.perKind);
  const kinds = list(draft.kinds).map((k) => String(k.kind));
  return (
    <Section id="intake" title={i.title}>
      <PresenceToggle at={['intake']} label={t.present(i.rules)} initial={() => ({ channels: [...CHANNELS], writtenSignatureRequired: false, free: true, source: '' })} />
      {intake ? (
        <Group at={['intake']} legend={i.rules}>
          <ChoiceList at={['intake', 'channels']} legend={i.channels} options={opts(CHANNELS, d.channels)} />
          <CheckboxInput at={['intake', 'writtenSignatureRequired']} label={i.writtenSignatureRequired} description={i.writtenSignatureHint} />
          <CheckboxInput at={['intake', 'representativeAuthorisationRequired']} label={i.representativeAuthorisationRequired} description={i.representativeAuthorisationHint} />
          <Group at={['intake', 'perKind']} legend={i.perKind}>
            <Paragraph>{i.perKindHint}</Paragraph>
            {perKind.map((rule, n) => {
              const at: Path = ['intake', 'perKind', n];
              const name = i.perKindRule(n + 1);
              return (
                <Group key={n} at={at} legend={`${name}: ${label(d.kinds, String(rule.kind ?? ''))}`}>
                  <ItemControls at={['intake', 'perKind']} index={n} count={perKind.length} name={name} />
                  <SelectInput at={[...at, 'kind']} label={`${name}: ${i.kind.toLowerCase()}`} options={opts(kinds.length ? kinds : CASE_KINDS, d.kinds)} />
                  <ChoiceList at={[...at, 'channels']} legend={`${name}: ${i.channels.toLowerCase()}`} options={opts(CHANNELS, d.channels)} />
                  <SourceInput at={at} />
                </Group>
              );
            })}
          </Group>
          <AddButton
            at={['intake', 'perKind']}
            label={i.addPerKind}
            item={() => ({ kind: kinds.includes('complaint') ? 'complaint' : (kinds[0] ?? 'complaint'), channels: ['web', 'email', 'post'], source: '' })}
          />
          {intake.repairTerm ? null : <Paragraph>{i.repairTermDefault}</Paragraph>}
          <TermEditor at={['intake', 'repairTerm']} name={i.repairTerm} initial={() => ({ length: 2, unit: 'weeks', from: 'received', atw: true, source: 'Awb 4:5' })} />
          <CheckboxInput at={['intake', 'free']} label={i.free} />
          <SourceInput at={['intake']} />
        </Group>
      ) : (
        <Paragraph>{i.none}</Paragraph>
      )}
    </Section>
  );
}

function LevelEditor({ index, count }: { index: number; count: number }) {
  const t = useMessages(re);
  const c = useMessages(core);
  const d = useMessages(domain);
  const l = t.levels;
  const { draft } = useEditor();
  const levels = list(draft.levels);
  const level = levels[index] ?? {};
  const at: Path = ['levels', index];
  const higher = levels.slice(index + 1).map((x) => ({ value: String(x.id ?? ''), label: String(x.name || x.id || '') }));
  const contacts = list(draft.contacts).map((x) => ({ value: String(x.id ?? ''), label: String(x.name ?? x.id ?? '') }));
  const kinds = list(draft.kinds).map((k) => String(k.kind));
  const hearing = level.hearing as Obj | undefined;
  const short = l.levelShort(index + 1);
  return (
    <Group at={at} legend={l.level(index + 1, String(level.name ?? ''))} level={3}>
      <ItemControls at={['levels']} index={index} count={count} name={short} />
      <TextInput at={[...at, 'name']} label={`${short}: ${l.name.toLowerCase()}`} />
      <TextInput at={[...at, 'id']} label={`${short}: ${l.id.toLowerCase()}`} />
      <SelectInput at={[...at, 'handlerRole']} label={`${short}: ${l.handlerRole.toLowerCase()}`} options={opts(ROLES, c.roles as Record<string, string>)} />
      <SelectInput at={[...at, 'body']} label={`${short}: ${l.body.toLowerCase()}`} options={opts(['internal', 'external-committee', 'ombudsman', 'dispute-body'], l.bodies)} />
      <CheckboxInput at={[...at, 'independent']} label={l.independent} />
      <SelectInput at={[...at, 'contactId']} label={`${short}: ${l.contactId.toLowerCase()}`} options={contacts} placeholder={l.none} />
      <CheckboxInput at={[...at, 'entry']} label={l.entry} />
      <ChoiceList at={[...at, 'kinds']} legend={`${short}: ${l.kinds.toLowerCase()}`} options={opts(kinds, d.kinds)} />
      {higher.length ? <ChoiceList at={[...at, 'escalatesTo']} legend={`${short}: ${l.escalatesTo.toLowerCase()}`} options={higher} /> : <Paragraph>{l.escalatesToNone}</Paragraph>}
      <SelectInput at={[...at, 'scope']} label={`${short}: ${l.scope.toLowerCase()}`} options={opts(['content', 'process-only'], l.scopes)} />
      <LevelWayOfWorking at={at} short={short} />

      <Group at={[...at, 'terms']} legend={`${short}: ${l.terms.toLowerCase()}`}>
        {(['acknowledgement', 'firstContact', 'admissibilityNotice', 'decision'] as const).map((key) => (
          <TermEditor key={key} at={[...at, 'terms', key]} name={`${short}, ${label(l.term, key).toLowerCase()}`} />
        ))}
      </Group>
      <NamedTerms levelAt={at} short={short} />

      <PresenceToggle
        at={[...at, 'extension']}
        label={t.present(`${short}: ${l.extension.toLowerCase()}`)}
        initial={() => ({ allowed: true, maxWeeks: 4, writtenNoticeTo: ['complainant', 'respondent'], beforeExpiry: true, furtherWithWrittenConsent: false, source: '' })}
      />
      {level.extension ? (
        <Group at={[...at, 'extension']} legend={`${short}: ${l.extension.toLowerCase()}`}>
          <CheckboxInput at={[...at, 'extension', 'allowed']} label={l.extensionAllowed} />
          <NumberInput at={[...at, 'extension', 'maxWeeks']} label={`${short}: ${l.maxWeeks.toLowerCase()}`} />
          <ChoiceList at={[...at, 'extension', 'writtenNoticeTo']} legend={l.writtenNoticeTo} options={opts(['complainant', 'respondent'], l.noticeTo)} />
          <CheckboxInput at={[...at, 'extension', 'beforeExpiry']} label={l.beforeExpiry} />
          <CheckboxInput at={[...at, 'extension', 'furtherWithWrittenConsent']} label={l.furtherWithWrittenConsent} />
          <SourceInput at={[...at, 'extension']} />
        </Group>
      ) : null}

      <PresenceToggle at={[...at, 'pause']} label={t.present(`${short}: ${l.pause.toLowerCase()}`)} initial={() => ({ allowed: true, source: '' })} />
      {level.pause ? (
        <Group at={[...at, 'pause']} legend={`${short}: ${l.pause.toLowerCase()}`}>
          <CheckboxInput at={[...at, 'pause', 'allowed']} label={l.pauseAllowed} />
          <LinesInput at={[...at, 'pause', 'reasons']} label={l.pauseReasons} />
          <SourceInput at={[...at, 'pause']} />
        </Group>
      ) : null}

      <PresenceToggle
        at={[...at, 'hearing']}
        label={t.present(`${short}: ${l.hearing.toLowerCase()}`)}
        initial={() => ({ mode: 'optional', skipGrounds: [], reportRequired: false, source: '' })}
      />
      {hearing ? (
        <Group at={[...at, 'hearing']} legend={`${short}: ${l.hearing.toLowerCase()}`}>
          <SelectInput at={[...at, 'hearing', 'mode']} label={`${short}: ${l.hearingMode.toLowerCase()}`} options={opts(['required', 'optional', 'none'], l.hearingModes)} />
          {hearing.mode === 'required' || list(hearing.skipGrounds).length ? (
            <ChoiceList at={[...at, 'hearing', 'skipGrounds']} legend={l.skipGrounds} options={opts(HEARING_SKIP_GROUNDS, d.skipGrounds)} />
          ) : null}
          <CheckboxInput at={[...at, 'hearing', 'reportRequired']} label={l.reportRequired} />
          <SourceInput at={[...at, 'hearing']} />
          {hearing.mode === 'required' ? (
            <>
              <PresenceToggle
                at={[...at, 'hearing', 'notRequiredFor']}
                label={t.present(`${short}: ${l.hearingNotRequiredFor.toLowerCase()}`)}
                initial={() => ({ outcomes: ['resolved'], source: '' })}
              />
              {hearing.notRequiredFor ? (
                <Group at={[...at, 'hearing', 'notRequiredFor']} legend={`${short}: ${l.hearingNotRequiredFor.toLowerCase()}`}>
                  <ChoiceList at={[...at, 'hearing', 'notRequiredFor', 'outcomes']} legend={l.outcomes} options={opts(OUTCOMES, d.outcomes)} />
                  <SourceInput at={[...at, 'hearing', 'notRequiredFor']} />
                </Group>
              ) : null}
            </>
          ) : null}
        </Group>
      ) : null}

      <PresenceToggle at={[...at, 'coordinator']} label={t.present(`${short}: ${l.coordinator.toLowerCase()}`)} initial={() => ({ role: 'complaints-officer', source: '' })} />
      {level.coordinator ? (
        <Group at={[...at, 'coordinator']} legend={`${short}: ${l.coordinator.toLowerCase()}`}>
          <SelectInput at={[...at, 'coordinator', 'role']} label={`${short}: ${l.coordinatorRole.toLowerCase()}`} options={opts(ROLES, c.roles as Record<string, string>)} />
          <SourceInput at={[...at, 'coordinator']} />
        </Group>
      ) : null}

      <PresenceToggle
        at={[...at, 'ifRespondentIsHandler']}
        label={t.present(`${short}: ${l.ifRespondentIsHandler.toLowerCase()}`)}
        initial={() => ({ handlerRole: 'complaints-officer', source: '' })}
      />
      {level.ifRespondentIsHandler ? (
        <Group at={[...at, 'ifRespondentIsHandler']} legend={`${short}: ${l.ifRespondentIsHandler.toLowerCase()}`}>
          <SelectInput
            at={[...at, 'ifRespondentIsHandler', 'handlerRole']}
            label={`${short}: ${l.ifRespondentIsHandlerRole.toLowerCase()}`}
            options={opts(ROLES, c.roles as Record<string, string>)}
          />
          <SourceInput at={[...at, 'ifRespondentIsHandler']} />
        </Group>
      ) : null}

      {list(draft.domains).length ? (
        <ChoiceList
          at={[...at, 'domains']}
          legend={`${short}: ${l.domains.toLowerCase()}`}
          options={list(draft.domains).map((x) => ({ value: String(x.id ?? ''), label: String(x.name ?? x.id ?? '') }))}
          removeWhenEmpty
        />
      ) : null}

      <PresenceToggle at={[...at, 'mediation']} label={t.present(`${short}: ${l.mediation.toLowerCase()}`)} initial={() => ({ available: true, source: '' })} />
      {level.mediation ? (
        <Group at={[...at, 'mediation']} legend={`${short}: ${l.mediation.toLowerCase()}`}>
          <CheckboxInput at={[...at, 'mediation', 'available']} label={l.mediationAvailable} />
          <SourceInput at={[...at, 'mediation']} />
        </Group>
      ) : null}

      <PresenceToggle at={[...at, 'fourEyes']} label={t.present(`${short}: ${l.fourEyes.toLowerCase()}`)} initial={() => ({ required: true, source: '' })} />
      {level.fourEyes ? (
        <Group at={[...at, 'fourEyes']} legend={`${short}: ${l.fourEyes.toLowerCase()}`}>
          <CheckboxInput at={[...at, 'fourEyes', 'required']} label={l.fourEyesRequired} />
          <SourceInput at={[...at, 'fourEyes']} />
        </Group>
      ) : null}

      <Committee at={at} short={short} />

      <PresenceToggle at={[...at, 'outcomes']} label={`${short}: ${l.outcomes.toLowerCase()}`} initial={() => [...OUTCOMES]} />
      {level.outcomes ? (
        <ChoiceList at={[...at, 'outcomes']} legend={`${short}: ${l.outcomes.toLowerCase()}`} options={opts(OUTCOMES, d.outcomes)} />
      ) : (
        <Paragraph>{l.outcomesAll}</Paragraph>
      )}

      <PresenceToggle
        at={[...at, 'unreachable']}
        label={t.present(`${short}: ${l.unreachable.toLowerCase()}`)}
        initial={() => ({ after: { length: 2, unit: 'months' }, from: 'last-contact', source: '' })}
      />
      {level.unreachable ? (
        <Group at={[...at, 'unreachable']} legend={`${short}: ${l.unreachable.toLowerCase()}`}>
          <div className="kw-editor-row">
            <NumberInput at={[...at, 'unreachable', 'after', 'length']} label={`${l.unreachableAfter}`} />
            <SelectInput at={[...at, 'unreachable', 'after', 'unit']} label={t.termFields.unit} options={opts(DURATION_UNITS, d.units)} />
          </div>
          <SelectInput at={[...at, 'unreachable', 'from']} label={l.unreachableFrom} options={opts(['received', 'last-contact'], l.unreachableFroms)} />
          <SourceInput at={[...at, 'unreachable']} />
        </Group>
      ) : null}

      <PresenceToggle at={[...at, 'admissibility']} label={`${short}: ${t.admissibility.levelOverride.toLowerCase()}`} initial={() => ({ timeLimits: [], grounds: [] })} />
      {level.admissibility ? <AdmissibilityRules base={[...at, 'admissibility']} prefix={`${short}, `} /> : null}

      <SourceInput at={at} />
    </Group>
  );
}

/** Whether the level decides or advises, settles informally, and who may start here (issue 9 §2.3, §2.6). */
function LevelWayOfWorking({ at, short }: { at: Path; short: string }) {
  const t = useMessages(re);
  const d = useMessages(domain);
  const l = t.levels;
  return (
    <>
      <SelectInput at={[...at, 'gives']} label={`${short}: ${l.gives.toLowerCase()}`} options={opts(['decision', 'advice'], l.givesOptions)} description={l.givesHint} />
      <CheckboxInput at={[...at, 'informal']} label={`${short}: ${l.informal.toLowerCase()}`} description={l.informalHint} />
      <CheckboxInput at={[...at, 'entryOnRequest']} label={`${short}: ${l.entryOnRequest.toLowerCase()}`} description={l.entryOnRequestHint} />
      <ChoiceList
        at={[...at, 'entryChannels']}
        legend={`${short}: ${l.entryChannels.toLowerCase()}`}
        description={l.entryChannelsHint}
        options={opts(CHANNELS, d.channels)}
        removeWhenEmpty
      />
    </>
  );
}

/** The composition of the committee that handles a level (Jeugdwet 4.2.1). */
function Committee({ at, short }: { at: Path; short: string }) {
  const t = useMessages(re);
  const l = t.levels;
  const { draft } = useEditor();
  const committeeAt: Path = [...at, 'committee'];
  return (
    <>
      <PresenceToggle at={committeeAt} label={t.present(`${short}: ${l.committee.toLowerCase()}`)} initial={() => ({ members: 3, independentChair: true, source: '' })} />
      {getAt(draft, committeeAt) ? (
        <Group at={committeeAt} legend={`${short}: ${l.committee.toLowerCase()}`}>
          <NumberInput at={[...committeeAt, 'members']} label={`${short}: ${l.committeeMembers.toLowerCase()}`} />
          <CheckboxInput at={[...committeeAt, 'independentChair']} label={`${short}: ${l.independentChair.toLowerCase()}`} />
          <SourceInput at={committeeAt} />
        </Group>
      ) : null}
    </>
  );
}

function Levels() {
  const t = useMessages(re);
  const l = t.levels;
  const { draft } = useEditor();
  const levels = list(draft.levels);
  return (
    <Section id="levels" title={l.title}>
      <Paragraph>{l.hint}</Paragraph>
      <Group at={['levels']} legend={l.title} level={3}>
        {levels.map((_, i) => (
          <LevelEditor key={i} index={i} count={levels.length} />
        ))}
      </Group>
      <AddButton
        at={['levels']}
        label={l.addLevel}
        item={() => ({
          id: `niveau-${levels.length + 1}`,
          name: l.newLevelName,
          handlerRole: 'complaints-officer',
          body: 'internal',
          entry: false,
          kinds: list(draft.kinds).some((k) => k.kind === 'complaint') ? ['complaint'] : [],
          escalatesTo: [],
          terms: {},
          source: '',
        })}
      />
    </Section>
  );
}

/** Time limits and grounds: the regulation's (`base` = ['admissibility']) or a level's own. */
function AdmissibilityRules({ base, prefix }: { base: Path; prefix: string }) {
  const t = useMessages(re);
  const d = useMessages(domain);
  const a = t.admissibility;
  const { draft } = useEditor();
  const limits = list(getAt(draft, [...base, 'timeLimits']));
  const grounds = list(getAt(draft, [...base, 'grounds']));
  return (
    <>
      <Group at={[...base, 'timeLimits']} legend={`${prefix}${a.timeLimits}`} level={prefix ? 4 : 3}>
        {limits.map((limit, i) => {
          const at: Path = [...base, 'timeLimits', i];
          const name = `${prefix}${a.timeLimit(i + 1)}`;
          return (
            <Group key={i} at={at} legend={name}>
              <ItemControls at={[...base, 'timeLimits']} index={i} count={limits.length} name={name} />
              <TextInput at={[...at, 'id']} label={`${name}: ${a.id.toLowerCase()}`} />
              <div className="kw-editor-row">
                <NumberInput at={[...at, 'length']} label={`${name}: ${t.termFields.length.toLowerCase()}`} />
                <SelectInput at={[...at, 'unit']} label={`${name}: ${t.termFields.unit.toLowerCase()}`} options={opts(DURATION_UNITS, d.units)} />
              </div>
              <SelectInput at={[...at, 'from']} label={`${name}: ${a.from.toLowerCase()}`} options={opts(['incident', 'known', 'last-contact'], a.froms)} />
              <PresenceToggle at={[...at, 'when']} label={`${name}: ${a.exception.toLowerCase()}`} initial={() => ({ flags: [] })} />
              {limit.when ? (
                <>
                  <ChoiceList at={[...at, 'when', 'flags']} legend={`${name}: ${a.whenFlags.toLowerCase()}`} options={opts(FLAGS, a.flags)} removeWhenEmpty />
                  <ChoiceList
                    at={[...at, 'when', 'complainantRoles']}
                    legend={`${name}: ${a.whenRoles.toLowerCase()}`}
                    options={opts(ALL_COMPLAINANT_ROLES, d.complainantRoles)}
                    removeWhenEmpty
                  />
                </>
              ) : null}
              <SourceInput at={at} />
            </Group>
          );
        })}
      </Group>
      <AddButton
        at={[...base, 'timeLimits']}
        label={`${prefix}${a.addTimeLimit}`}
        item={() => ({ id: `termijn-${limits.length + 1}`, length: 6, unit: 'months', from: 'known', source: '' })}
      />
      <Group at={[...base, 'grounds']} legend={`${prefix}${a.grounds}`} level={prefix ? 4 : 3}>
        {grounds.map((_, i) => {
          const at: Path = [...base, 'grounds', i];
          const name = `${prefix}${a.ground(i + 1)}`;
          return (
            <Group key={i} at={at} legend={name}>
              <ItemControls at={[...base, 'grounds']} index={i} count={grounds.length} name={name} />
              <SelectInput at={[...at, 'code']} label={`${name}: ${a.code.toLowerCase()}`} options={opts(GROUND_CODES, d.grounds)} />
              <SelectInput at={[...at, 'basis']} label={`${name}: ${a.basis.toLowerCase()}`} options={opts(['fact', 'judgement'], a.bases)} />
              <CheckboxInput at={[...at, 'stopsHandling']} label={`${name}: ${a.stopsHandling.toLowerCase()}`} />
              <SourceInput at={at} />
            </Group>
          );
        })}
      </Group>
      <AddButton
        at={[...base, 'grounds']}
        label={`${prefix}${a.addGround}`}
        item={() => ({ code: GROUND_CODES.find((g) => !grounds.some((x) => x.code === g)) ?? 'time-limit', basis: 'judgement', stopsHandling: false, source: '' })}
      />
    </>
  );
}

function Admissibility() {
  const t = useMessages(re);
  return (
    <Section id="admissibility" title={t.admissibility.title}>
      <AdmissibilityRules base={['admissibility']} prefix="" />
    </Section>
  );
}

function Categories() {
  const t = useMessages(re);
  const d = useMessages(domain);
  const c = t.categories;
  const { draft } = useEditor();
  const categories = list(draft.categories);
  return (
    <Section id="categories" title={c.title}>
      {draft.categories === undefined ? <Paragraph data-testid="categories-default">{c.default}</Paragraph> : null}
      <Group at={['categories']} legend={c.title} level={3}>
        {categories.map((cat, i) => {
          const at: Path = ['categories', i];
          const name = c.category(i + 1, String(cat.name ?? ''));
          const short = c.category(i + 1, '').replace(/:.*$/, '');
          return (
            <Group key={i} at={at} legend={name}>
              <ItemControls at={['categories']} index={i} count={categories.length} name={short} />
              <SelectInput at={[...at, 'id']} label={`${short}: ${c.id.toLowerCase()}`} options={opts(CATEGORY_IDS, d.categories)} />
              <TextInput at={[...at, 'name']} label={`${short}: ${c.name.toLowerCase()}`} />
              <SourceInput at={at} />
            </Group>
          );
        })}
      </Group>
      <AddButton
        at={['categories']}
        label={c.add}
        item={() => {
          const id = CATEGORY_IDS.find((x) => !categories.some((cat) => cat.id === x)) ?? 'other';
          return { id, name: label(d.categories, id), source: '' };
        }}
      />
    </Section>
  );
}

function Letters() {
  const t = useMessages(re);
  const d = useMessages(domain);
  const lt = t.letters;
  const { draft } = useEditor();
  const letters = list(draft.letters);
  const kindNames = { ...d.letters, ...lt.extraKinds };
  const contacts = list(draft.contacts).map((x) => ({ value: String(x.id ?? ''), label: String(x.name ?? x.id ?? '') }));
  const levels = list(draft.levels).map((x) => ({ value: String(x.id ?? ''), label: String(x.name || x.id || '') }));
  return (
    <Section id="letters" title={lt.title}>
      <Paragraph>{lt.hint}</Paragraph>
      <Group at={['letters']} legend={lt.title} level={3}>
        {letters.map((letter, i) => {
          const at: Path = ['letters', i];
          const short = lt.letter(i + 1, '').replace(/:.*$/, '');
          return (
            <Group key={i} at={at} legend={lt.letter(i + 1, label(kindNames, String(letter.kind ?? '')))}>
              <ItemControls at={['letters']} index={i} count={letters.length} name={short} />
              <SelectInput at={[...at, 'kind']} label={`${short}: ${lt.kind.toLowerCase()}`} options={opts(LETTER_KINDS, kindNames)} />
              <ChoiceList at={[...at, 'to']} legend={`${short}: ${lt.to.toLowerCase()}`} options={opts(['complainant', 'respondent'], t.levels.noticeTo)} />
              {contacts.length ? <ChoiceList at={[...at, 'names']} legend={`${short}: ${lt.names.toLowerCase()}`} options={contacts} /> : null}
              <PresenceToggle at={[...at, 'levels']} label={`${short}: ${lt.onlyAtLevels.toLowerCase()}`} initial={() => []} />
              {letter.levels ? <ChoiceList at={[...at, 'levels']} legend={`${short}: ${lt.levels.toLowerCase()}`} options={levels} /> : null}
              <LetterOwnText at={at} short={short} />
              {letter.kind === 'decision' ? <DecisionPartsChoice at={at} short={short} /> : null}
              <SourceInput at={at} />
            </Group>
          );
        })}
      </Group>
      <AddButton at={['letters']} label={lt.add} item={() => ({ kind: 'acknowledgement', to: ['complainant'], names: [], source: '' })} />
    </Section>
  );
}

/** The organisation's own words in a letter, beside the standard text (issue 9 §4). */
function LetterOwnText({ at, short }: { at: Path; short: string }) {
  const t = useMessages(re);
  const lt = t.letters;
  const { draft } = useEditor();
  const textAt: Path = [...at, 'text'];
  return (
    <>
      <PresenceToggle at={textAt} label={`${short}: ${lt.ownText.toLowerCase()}`} initial={() => ({ source: '' })} />
      {getAt(draft, textAt) ? (
        <Group at={textAt} legend={`${short}: ${lt.ownText.toLowerCase()}`}>
          <Paragraph>{lt.ownTextHint}</Paragraph>
          <TextInput at={[...textAt, 'intro']} label={`${short}: ${lt.intro.toLowerCase()}`} description={lt.introHint} multiline />
          <TextInput at={[...textAt, 'closing']} label={`${short}: ${lt.closing.toLowerCase()}`} description={lt.closingHint} multiline />
          <SourceInput at={textAt} />
        </Group>
      ) : null}
    </>
  );
}

/** Which parts of the decision the recipients of this decision letter read (issue 13). */
function DecisionPartsChoice({ at, short }: { at: Path; short: string }) {
  const t = useMessages(re);
  const lt = t.letters;
  const { draft } = useEditor();
  const partsAt: Path = [...at, 'parts'];
  return (
    <>
      <PresenceToggle at={partsAt} label={`${short}: ${lt.onlyParts.toLowerCase()}`} initial={() => [...DECISION_PARTS]} />
      {getAt(draft, partsAt) ? (
        <ChoiceList at={partsAt} legend={`${short}: ${lt.parts.toLowerCase()}`} description={lt.partsHint} options={opts(DECISION_PARTS, lt.partNames)} />
      ) : (
        <Paragraph>{lt.allParts}</Paragraph>
      )}
    </>
  );
}

function Contacts() {
  const t = useMessages(re);
  const ct = t.contacts;
  const { draft } = useEditor();
  const contacts = list(draft.contacts);
  return (
    <Section id="contacts" title={ct.title}>
      <Group at={['contacts']} legend={ct.title} level={3}>
        {contacts.map((contact, i) => {
          const at: Path = ['contacts', i];
          const short = ct.contact(i + 1, '').replace(/:.*$/, '');
          return (
            <Group key={i} at={at} legend={ct.contact(i + 1, String(contact.name ?? ''))}>
              <ItemControls at={['contacts']} index={i} count={contacts.length} name={short} />
              <TextInput at={[...at, 'id']} label={`${short}: ${ct.id.toLowerCase()}`} />
              <TextInput at={[...at, 'name']} label={`${short}: ${ct.name.toLowerCase()}`} />
              <SelectInput at={[...at, 'role']} label={`${short}: ${ct.role.toLowerCase()}`} options={opts(Object.keys(ct.roles), ct.roles)} />
              <LinesInput at={[...at, 'postalAddress']} label={`${short}: ${ct.postalAddress.toLowerCase()}`} />
              <TextInput at={[...at, 'email']} type="email" label={`${short}: ${ct.email.toLowerCase()}`} />
              <TextInput at={[...at, 'url']} type="url" label={`${short}: ${ct.url.toLowerCase()}`} />
              <TextInput at={[...at, 'phone']} label={`${short}: ${ct.phone.toLowerCase()}`} />
              <SourceInput at={at} />
            </Group>
          );
        })}
      </Group>
      <AddButton at={['contacts']} label={ct.add} item={() => ({ id: `contact-${contacts.length + 1}`, name: '', role: 'organisation', source: '' })} />
    </Section>
  );
}

function Retention() {
  const t = useMessages(re);
  const r = t.retention;
  const { draft } = useEditor();
  return (
    <Section id="retention" title={r.title}>
      {draft.retention ? null : <Paragraph data-testid="retention-default">{r.default}</Paragraph>}
      <PresenceToggle at={['retention']} label={r.own} initial={() => ({ length: 5, unit: 'years', from: 'closed', source: '' })} />
      {draft.retention ? (
        <Group at={['retention']} legend={r.title} level={3}>
          <Paragraph>{r.hint}</Paragraph>
          <div className="kw-editor-row">
            <NumberInput at={['retention', 'length']} label={r.length} />
            <SelectInput at={['retention', 'unit']} label={r.unit} options={opts(['months', 'years'], r.units)} />
          </div>
          <SourceInput at={['retention']} />
        </Group>
      ) : null}
    </Section>
  );
}

function Reports() {
  const t = useMessages(re);
  const r = t.reports;
  const { draft } = useEditor();
  const reports = list(draft.reports);
  return (
    <Section id="reports" title={r.title}>
      <Group at={['reports']} legend={r.title} level={3}>
        {reports.map((_, i) => {
          const at: Path = ['reports', i];
          const name = r.report(i + 1);
          return (
            <Group key={i} at={at} legend={name}>
              <ItemControls at={['reports']} index={i} count={reports.length} name={name} />
              <SelectInput at={[...at, 'period']} label={`${name}: ${r.period.toLowerCase()}`} options={opts(['year', 'half-year'], r.periods)} />
              <SelectInput at={[...at, 'to']} label={`${name}: ${r.to.toLowerCase()}`} options={opts(['public', 'internal', 'municipality', 'board'], r.tos)} />
              <LinesInput at={[...at, 'dueBefore']} label={`${name}: ${r.dueBefore}`} separator="comma" />
              <SourceInput at={at} />
            </Group>
          );
        })}
      </Group>
      <AddButton at={['reports']} label={r.add} item={() => ({ period: 'year', to: 'public', dueBefore: [], source: '' })} />
    </Section>
  );
}

/** Domains, reopening, confidants and referral (issue 9 §2.8–2.10, issue 12). */
function MoreRules() {
  const t = useMessages(re);
  const m = t.more;
  const { draft } = useEditor();
  const domains = list(draft.domains);
  const referrals = list(draft.referrals);
  const contacts = list(draft.contacts).map((x) => ({ value: String(x.id ?? ''), label: String(x.name ?? x.id ?? '') }));
  return (
    <Section id="more" title={m.title}>
      <Group at={['domains']} legend={m.domains} level={3}>
        <Paragraph>{m.domainsHint}</Paragraph>
        {domains.map((_, i) => {
          const at: Path = ['domains', i];
          const name = m.domain(i + 1);
          return (
            <Group key={i} at={at} legend={name}>
              <ItemControls at={['domains']} index={i} count={domains.length} name={name} />
              <TextInput at={[...at, 'id']} label={`${name}: ${m.id.toLowerCase()}`} />
              <TextInput at={[...at, 'name']} label={`${name}: ${m.name.toLowerCase()}`} />
              <SourceInput at={at} />
            </Group>
          );
        })}
      </Group>
      <AddButton at={['domains']} label={m.addDomain} item={() => ({ id: `domein-${domains.length + 1}`, name: '', source: '' })} />
      <PresenceToggle at={['reopening']} label={m.reopening} initial={() => ({ onlyWithNewFacts: true, source: '' })} />
      {draft.reopening ? (
        <Group at={['reopening']} legend={m.reopeningTitle} level={3}>
          <CheckboxInput at={['reopening', 'onlyWithNewFacts']} label={m.onlyWithNewFacts} />
          <SourceInput at={['reopening']} />
        </Group>
      ) : null}
      {draft.confidants ? null : <Paragraph data-testid="confidants-default">{m.confidantsDefault}</Paragraph>}
      <PresenceToggle at={['confidants']} label={m.confidants} initial={() => ({ allowed: true, source: '' })} />
      {draft.confidants ? (
        <Group at={['confidants']} legend={m.confidantsTitle} level={3}>
          <CheckboxInput at={['confidants', 'allowed']} label={m.confidantsAllowed} />
          <SourceInput at={['confidants']} />
        </Group>
      ) : null}
      <Group at={['referrals']} legend={m.referrals} level={3}>
        <Paragraph>{m.referralsHint}</Paragraph>
        {referrals.map((_, i) => {
          const at: Path = ['referrals', i];
          const name = m.referral(i + 1);
          return (
            <Group key={i} at={at} legend={name}>
              <ItemControls at={['referrals']} index={i} count={referrals.length} name={name} />
              <TextInput at={[...at, 'id']} label={`${name}: ${m.id.toLowerCase()}`} />
              <TextInput at={[...at, 'name']} label={`${name}: ${m.name.toLowerCase()}`} />
              {contacts.length ? <SelectInput at={[...at, 'contactId']} label={`${name}: ${m.contact.toLowerCase()}`} options={contacts} placeholder="—" /> : null}
              <TextInput at={[...at, 'url']} type="url" label={`${name}: ${m.url.toLowerCase()}`} />
              <TextInput at={[...at, 'email']} type="email" label={`${name}: ${m.email.toLowerCase()}`} />
              <TextInput at={[...at, 'phone']} label={`${name}: ${m.phone.toLowerCase()}`} />
              <SourceInput at={at} />
            </Group>
          );
        })}
      </Group>
      <AddButton at={['referrals']} label={m.addReferral} item={() => ({ id: `route-${referrals.length + 1}`, name: '', source: '' })} />
    </Section>
  );
}

/** The parts of the regulation, in the order of the format; the contents list links to them. */
export const SECTIONS: { id: string; title: (t: ReturnType<typeof useMessages<typeof re.nl>>) => string; Component: () => ReactNode }[] = [
  { id: 'general', title: (t) => t.general.title, Component: General },
  { id: 'kinds', title: (t) => t.kinds.title, Component: Kinds },
  { id: 'intake', title: (t) => t.intake.title, Component: Intake },
  { id: 'levels', title: (t) => t.levels.title, Component: Levels },
  { id: 'admissibility', title: (t) => t.admissibility.title, Component: Admissibility },
  { id: 'more', title: (t) => t.more.title, Component: MoreRules },
  { id: 'categories', title: (t) => t.categories.title, Component: Categories },
  { id: 'contacts', title: (t) => t.contacts.title, Component: Contacts },
  { id: 'letters', title: (t) => t.letters.title, Component: Letters },
  { id: 'retention', title: (t) => t.retention.title, Component: Retention },
  { id: 'reports', title: (t) => t.reports.title, Component: Reports },
];
