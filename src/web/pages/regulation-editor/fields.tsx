import { createContext, useContext } from 'react';
import type { ChangeEvent, ReactNode } from 'react';
import {
  Button,
  Checkbox,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Heading3,
  Heading4,
  Select,
  SelectOption,
  Textarea,
  Textbox,
} from '@utrecht/component-library-react';
import { useMessages } from '../../lib/i18n.tsx';
import { fieldId } from '../../components/form.tsx';
import { getAt, pathKey, type Draft, type Finding, type Path } from './draft.ts';
import { re } from './messages.ts';

/**
 * The editor's field components. Each takes the path of its value in the
 * regulation (`['levels', 0, 'terms', 'decision', 'length']`), reads and writes
 * the draft through the editor context, and shows the checker's findings for
 * that path next to itself, linked with aria-describedby.
 */
export interface EditorState {
  formId: string;
  draft: Draft;
  update: (path: Path, value: unknown) => void;
  findings: Map<string, Finding[]>;
}

export const EditorContext = createContext<EditorState | null>(null);
/** The name of the nearest group, so that repeated labels ("Bron") say whose they are. */
const GroupName = createContext<string>('');

export function useEditor(): EditorState {
  const ctx = useContext(EditorContext);
  if (!ctx) throw new Error('useEditor outside EditorContext');
  return ctx;
}

/** The DOM id of the field or group at this path (the check's findings link to it). */
export const idFor = (formId: string, path: Path | string) => fieldId(formId, typeof path === 'string' ? path : pathKey(path));

function FindingMessages({ id, findings }: { id: string; findings: Finding[] }) {
  const t = useMessages(re);
  if (findings.length === 0) return null;
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning');
  return (
    <>
      {errors.length ? (
        <FormFieldErrorMessage id={`${id}-error`} className="kw-finding">
          {errors.map((f, i) => (
            <span key={i} className="kw-finding__line">
              <strong>{t.error}:</strong> {f.message}
            </span>
          ))}
        </FormFieldErrorMessage>
      ) : null}
      {warnings.length ? (
        <div id={`${id}-warning`} className="kw-finding kw-finding--warning utrecht-form-field-description">
          {warnings.map((f, i) => (
            <span key={i} className="kw-finding__line">
              <strong>{t.warning}:</strong> {f.message}
            </span>
          ))}
        </div>
      ) : null}
    </>
  );
}

function describedBy(id: string, description: ReactNode, findings: Finding[]): string | undefined {
  const ids = [
    description ? `${id}-description` : '',
    findings.some((f) => f.severity === 'error') ? `${id}-error` : '',
    findings.some((f) => f.severity === 'warning') ? `${id}-warning` : '',
  ];
  return ids.filter(Boolean).join(' ') || undefined;
}

interface ShellProps {
  at: Path;
  label: ReactNode;
  description?: ReactNode | undefined;
  checkbox?: boolean;
  children: (field: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

function Shell({ at, label, description, checkbox, children }: ShellProps) {
  const { formId, findings } = useEditor();
  const id = idFor(formId, at);
  const own = findings.get(pathKey(at)) ?? [];
  const invalid = own.some((f) => f.severity === 'error');
  const field = { id, describedBy: describedBy(id, description, own), invalid };
  const labelNode = (
    <FormLabel htmlFor={id} type={checkbox ? 'checkbox' : undefined}>
      {label}
    </FormLabel>
  );
  const desc = description ? <FormFieldDescription id={`${id}-description`}>{description}</FormFieldDescription> : null;
  if (checkbox) {
    return (
      <FormField type="checkbox" invalid={invalid} className="kw-editor-field">
        <div className="utrecht-form-field__input">{children(field)}</div>
        <div className="utrecht-form-field__label">{labelNode}</div>
        {desc}
        <FindingMessages id={id} findings={own} />
      </FormField>
    );
  }
  return (
    <FormField invalid={invalid} className="kw-editor-field">
      <div className="utrecht-form-field__label">{labelNode}</div>
      {desc}
      <FindingMessages id={id} findings={own} />
      <div className="utrecht-form-field__input">{children(field)}</div>
    </FormField>
  );
}

interface BaseProps {
  at: Path;
  label: ReactNode;
  description?: ReactNode;
}

export function TextInput({ at, label, description, type = 'text', multiline = false }: BaseProps & { type?: 'text' | 'date' | 'email' | 'url'; multiline?: boolean }) {
  const { draft, update } = useEditor();
  const raw = getAt(draft, at);
  const value = typeof raw === 'string' ? raw : '';
  const set = (v: string) => update(at, v === '' ? undefined : v);
  return (
    <Shell at={at} label={label} description={description}>
      {(f) =>
        multiline ? (
          <Textarea id={f.id} value={value} rows={3} invalid={f.invalid} aria-describedby={f.describedBy} onChange={(e: ChangeEvent<HTMLTextAreaElement>) => set(e.target.value)} />
        ) : (
          <Textbox
            id={f.id}
            type={type}
            value={value}
            invalid={f.invalid}
            aria-describedby={f.describedBy}
            spellCheck={type === 'text' ? undefined : false}
            onChange={(e: ChangeEvent<HTMLInputElement>) => set(e.target.value)}
          />
        )
      }
    </Shell>
  );
}

/** A list of strings, one per line (postal address lines, pause reasons) or separated by commas. */
export function LinesInput({ at, label, description, separator = 'line' }: BaseProps & { separator?: 'line' | 'comma' }) {
  const { draft, update } = useEditor();
  const raw = getAt(draft, at);
  const list = Array.isArray(raw) ? (raw as string[]) : [];
  const joined = list.join(separator === 'line' ? '\n' : ', ');
  const set = (v: string) => {
    const items = v.split(separator === 'line' ? '\n' : ',').map((s) => (separator === 'comma' ? s.trim() : s));
    update(at, v.trim() === '' ? undefined : items);
  };
  return (
    <Shell at={at} label={label} description={description}>
      {(f) =>
        separator === 'line' ? (
          <Textarea
            id={f.id}
            value={joined}
            rows={3}
            invalid={f.invalid}
            aria-describedby={f.describedBy}
            onChange={(e: ChangeEvent<HTMLTextAreaElement>) => set(e.target.value)}
          />
        ) : (
          <Textbox id={f.id} value={joined} invalid={f.invalid} aria-describedby={f.describedBy} onChange={(e: ChangeEvent<HTMLInputElement>) => set(e.target.value)} />
        )
      }
    </Shell>
  );
}

export function NumberInput({ at, label, description }: BaseProps) {
  const { draft, update } = useEditor();
  const raw = getAt(draft, at);
  return (
    <Shell at={at} label={label} description={description}>
      {(f) => (
        <Textbox
          id={f.id}
          type="number"
          min={1}
          step={1}
          className="kw-editor-number"
          value={typeof raw === 'number' ? String(raw) : ''}
          invalid={f.invalid}
          aria-describedby={f.describedBy}
          onChange={(e: ChangeEvent<HTMLInputElement>) => update(at, e.target.value === '' ? undefined : Number(e.target.value))}
        />
      )}
    </Shell>
  );
}

export function SelectInput({ at, label, description, options, placeholder }: BaseProps & { options: { value: string; label: string }[]; placeholder?: string }) {
  const { draft, update } = useEditor();
  const raw = getAt(draft, at);
  return (
    <Shell at={at} label={label} description={description}>
      {(f) => (
        <Select
          id={f.id}
          value={typeof raw === 'string' ? raw : ''}
          invalid={f.invalid}
          aria-describedby={f.describedBy}
          onChange={(e: ChangeEvent<HTMLSelectElement>) => update(at, e.target.value === '' ? undefined : e.target.value)}
        >
          {placeholder !== undefined || typeof raw !== 'string' ? <SelectOption value="">{placeholder ?? ''}</SelectOption> : null}
          {options.map((o) => (
            <SelectOption key={o.value} value={o.value}>
              {o.label}
            </SelectOption>
          ))}
        </Select>
      )}
    </Shell>
  );
}

export function CheckboxInput({ at, label, description }: BaseProps) {
  const { draft, update } = useEditor();
  return (
    <Shell at={at} label={label} description={description} checkbox>
      {(f) => (
        <Checkbox
          id={f.id}
          checked={getAt(draft, at) === true}
          invalid={f.invalid}
          aria-describedby={f.describedBy}
          onChange={(e: ChangeEvent<HTMLInputElement>) => update(at, e.target.checked)}
        />
      )}
    </Shell>
  );
}

/** A checkbox that puts an optional part into the regulation (with `initial`) or takes it out. */
export function PresenceToggle({ at, label, initial }: { at: Path; label: ReactNode; initial: () => unknown }) {
  const { draft, update, formId } = useEditor();
  const present = getAt(draft, at) !== undefined;
  const id = `${idFor(formId, at)}-present`;
  return (
    <FormField type="checkbox" className="kw-editor-field">
      <div className="utrecht-form-field__input">
        <Checkbox id={id} checked={present} onChange={(e: ChangeEvent<HTMLInputElement>) => update(at, e.target.checked ? initial() : undefined)} />
      </div>
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={id} type="checkbox">
          {label}
        </FormLabel>
      </div>
    </FormField>
  );
}

/** Checkboxes for a list of codes; `removeWhenEmpty` drops the key instead of storing []. */
export function ChoiceList({
  at,
  legend,
  options,
  description,
  removeWhenEmpty = false,
}: {
  at: Path;
  legend: ReactNode;
  options: { value: string; label: string }[];
  description?: ReactNode;
  removeWhenEmpty?: boolean;
}) {
  const { draft, update, formId, findings } = useEditor();
  const raw = getAt(draft, at);
  const values = Array.isArray(raw) ? (raw as string[]) : [];
  const id = idFor(formId, at);
  const key = pathKey(at);
  // Findings on the list or on one of its items ("levels[0].kinds[1]").
  const own = [...findings.entries()].filter(([p]) => p === key || new RegExp(`^${key.replace(/[.[\]]/g, '\\$&')}\\[\\d+\\]$`).test(p)).flatMap(([, f]) => f);
  const set = (next: string[]) => update(at, next.length === 0 && removeWhenEmpty ? undefined : next);
  return (
    <fieldset className="utrecht-form-fieldset kw-choices kw-editor-choices" id={id} tabIndex={-1} aria-describedby={describedBy(id, description, own)}>
      <legend className="utrecht-form-fieldset__legend kw-legend">{legend}</legend>
      {description ? (
        <div className="utrecht-form-field-description" id={`${id}-description`}>
          {description}
        </div>
      ) : null}
      <FindingMessages id={id} findings={own} />
      {options.map((o) => {
        const optionId = `${id}-${o.value}`;
        const checked = values.includes(o.value);
        return (
          <div className="kw-choice" key={o.value}>
            <input
              type="checkbox"
              className="utrecht-checkbox utrecht-checkbox--custom"
              id={optionId}
              checked={checked}
              onChange={() => set(checked ? values.filter((v) => v !== o.value) : [...values, o.value])}
            />
            <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={optionId}>
              {o.label}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

export function SourceInput({ at }: { at: Path }) {
  const t = useMessages(re);
  const group = useContext(GroupName);
  const label = (
    <>
      {t.source}
      {group ? <span className="kw-visually-hidden"> {t.sourceOf(group)}</span> : null}
    </>
  );
  return <TextInput at={[...at, 'source']} label={label} description={t.sourceHint} />;
}

/** A group of fields (a level, a term, a rule) with the findings that name the group itself. */
export function Group({ at, legend, children, level = 4 }: { at: Path; legend: ReactNode; children: ReactNode; level?: 3 | 4 }) {
  const { formId, findings } = useEditor();
  const id = idFor(formId, at);
  const own = findings.get(pathKey(at)) ?? [];
  const headingId = `${id}-heading`;
  const Heading = level === 3 ? Heading3 : Heading4;
  return (
    <section className="kw-editor-group" id={id} tabIndex={-1} aria-labelledby={headingId} aria-describedby={describedBy(id, undefined, own)}>
      <Heading id={headingId} className="kw-editor-group__title">
        {legend}
      </Heading>
      <FindingMessages id={id} findings={own} />
      {typeof legend === 'string' ? <GroupName value={legend}>{children}</GroupName> : children}
    </section>
  );
}

/** Move up, move down and remove buttons of an item in a list. */
export function ItemControls({ at, index, count, name }: { at: Path; index: number; count: number; name: string }) {
  const t = useMessages(re);
  const { draft, update, formId } = useEditor();
  const list = (getAt(draft, at) as unknown[]) ?? [];
  // Focus follows the item to its new place, so the keyboard user keeps their bearings.
  const focusItem = (i: number) => requestAnimationFrame(() => document.getElementById(idFor(formId, [...at, i]))?.focus());
  const swap = (delta: -1 | 1) => {
    const copy = [...list];
    [copy[index], copy[index + delta]] = [copy[index + delta], copy[index]];
    update(at, copy);
    focusItem(index + delta);
  };
  return (
    <div className="kw-actions kw-editor-item-controls">
      <Button appearance="secondary-action-button" disabled={index === 0} onClick={() => swap(-1)}>
        {t.moveUp(name)}
      </Button>
      <Button appearance="secondary-action-button" disabled={index === count - 1} onClick={() => swap(1)}>
        {t.moveDown(name)}
      </Button>
      <Button
        appearance="subtle-button"
        onClick={() => {
          update(
            at,
            list.filter((_, i) => i !== index),
          );
          requestAnimationFrame(() => document.getElementById(idFor(formId, at))?.focus());
        }}
      >
        {t.remove(name)}
      </Button>
    </div>
  );
}

export function AddButton({ at, label, item }: { at: Path; label: string; item: () => unknown }) {
  const { draft, update } = useEditor();
  const list = (getAt(draft, at) as unknown[] | undefined) ?? [];
  return (
    <div className="kw-actions">
      <Button appearance="secondary-action-button" onClick={() => update(at, [...list, item()])}>
        {label}
      </Button>
    </div>
  );
}
