import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChangeEvent, ReactNode } from 'react';
import { Checkbox, FormField, FormFieldDescription, FormFieldErrorMessage, FormLabel, Heading2, Select, SelectOption, Textbox } from '@utrecht/component-library-react';
import { ApiError } from '../lib/api.ts';
import { useLocale, useMessages } from '../lib/i18n.tsx';
import type { Locale, Messages } from '../lib/i18n.tsx';
import { core } from '../i18n/core.ts';

/** Stable DOM id for a field of a form, also used by the error summary links. */
export function fieldId(formId: string, path: string): string {
  return `${formId}-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

export interface SummaryItem {
  message: string;
  /** Field path the message links to, if known. */
  path?: string;
}

export type FieldErrors = Record<string, string>;

export interface FormErrors {
  formId: string;
  fieldErrors: FieldErrors;
  summary: SummaryItem[];
  /** Changes whenever a new set of errors is shown, so the summary takes focus again. */
  version: number;
  /** Shows client-side errors; returns true when there are any. */
  showClientErrors: (errors: FieldErrors, order?: string[]) => boolean;
  /** Shows an error thrown by `api()`. Field labels turn server paths into readable items. */
  showServerError: (error: unknown, labels?: Record<string, string>) => void;
  clear: () => void;
  /** Removes one field's error (and its summary line) once the person changes that field. */
  clearField: (path: string) => void;
}

type CoreMessages = Messages<typeof core.nl>;

export function messageForError(error: unknown, t: CoreMessages): string {
  if (error instanceof ApiError) {
    switch (error.status) {
      case 0:
        return t.form.networkError;
      case 403:
        return t.form.forbidden;
      case 404:
        return t.form.notFound;
      case 409:
        return error.message || t.form.conflict;
      case 429:
        return t.form.tooMany;
      default:
        if (error.status >= 400 && error.status < 500 && error.message) return error.message;
    }
  }
  return t.form.genericError;
}

/**
 * The server's validation messages are English sentences. The common ones are
 * translated here; anything else is shown as it came.
 */
const SERVER_MESSAGES_NL: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^Too small: expected string to have >=?(\d+) characters?$/i, (m) => `Moet minimaal ${m[1]} tekens lang zijn.`],
  [/^Too big: expected string to have <=?(\d+) characters?$/i, (m) => `Mag maximaal ${m[1]} tekens lang zijn.`],
  [/^must be at least (\d+) characters$/i, (m) => `Moet minimaal ${m[1]} tekens lang zijn.`],
  [/^is one or two characters repeated$/i, () => 'Bestaat uit steeds hetzelfde teken of twee tekens. Kies een sterker wachtwoord.'],
  [/^is a sequence such as/i, () => 'Is een reeks zoals 12345678 of abcdefgh. Kies een sterker wachtwoord.'],
  [/^is one of the most common passwords/i, () => 'Is een van de meest gebruikte wachtwoorden en staat in gelekte wachtwoordlijsten. Kies een ander wachtwoord.'],
  [/^is a common password with digits or symbols added$/i, () => 'Is een veelgebruikt wachtwoord met alleen cijfers of tekens erbij. Kies een ander wachtwoord.'],
  [/^must not contain the e-mail address or name/i, () => 'Mag het e-mailadres of de naam van het account niet bevatten.'],
  [/^must differ from the current password$/i, () => 'Moet anders zijn dan het huidige wachtwoord.'],
  [/^Invalid email( address)?$/i, () => 'Vul een geldig e-mailadres in.'],
  [/^Invalid URL$/i, () => 'Vul een geldig webadres in, beginnend met https://.'],
  [/Dutch postal code/i, () => 'Vul een geldige postcode in, bijvoorbeeld 3527 HT.'],
  [/^lower-case letters, digits and hyphens$/i, () => 'Gebruik alleen kleine letters, cijfers en streepjes.'],
  [/^Required$|^Invalid input: expected \w+, received undefined$/i, () => 'Dit veld is verplicht.'],
  [/^no organisation with this id$/i, () => 'Deze organisatie bestaat niet (meer).'],
  [/^no team with this id in that organisation$/i, () => 'Dit team hoort niet bij de gekozen organisatie.'],
  [/^the same organisation and role appear twice$/i, () => 'Deze organisatie en rol staan er twee keer in.'],
  [/^an organisation cannot oversee itself/i, () => 'Een organisatie kan niet onder zichzelf of een onderliggende organisatie vallen.'],
];

export function localiseServerMessage(message: string, locale: Locale): string {
  if (locale !== 'nl') return message;
  for (const [pattern, render] of SERVER_MESSAGES_NL) {
    const match = message.match(pattern);
    if (match) return render(match);
  }
  return message;
}

export function useFormErrors(formId: string): FormErrors {
  const t = useMessages(core);
  const { locale } = useLocale();
  const [state, setState] = useState<{ fieldErrors: FieldErrors; summary: SummaryItem[]; version: number }>({
    fieldErrors: {},
    summary: [],
    version: 0,
  });

  const showClientErrors = useCallback((errors: FieldErrors, order?: string[]) => {
    const paths = order ? order.filter((p) => errors[p]) : Object.keys(errors);
    setState((s) => ({
      fieldErrors: errors,
      summary: paths.map((path) => ({ path, message: errors[path] as string })),
      version: paths.length ? s.version + 1 : s.version,
    }));
    return paths.length > 0;
  }, []);

  const showServerError = useCallback(
    (error: unknown, labels: Record<string, string> = {}) => {
      const fieldErrors: FieldErrors = {};
      const summary: SummaryItem[] = [];
      const conflictField =
        error instanceof ApiError && error.status === 409
          ? error.code === 'email-taken'
            ? { path: 'email', message: t.form.emailTaken }
            : error.code === 'slug-taken'
              ? { path: 'slug', message: t.form.slugTaken }
              : null
          : null;
      if (conflictField && labels[conflictField.path] !== undefined) {
        fieldErrors[conflictField.path] = conflictField.message;
        summary.push({ path: conflictField.path, message: conflictField.message });
      } else if (error instanceof ApiError && error.details.length > 0) {
        for (const detail of error.details) {
          const label = labels[detail.path];
          const message = localiseServerMessage(detail.message || error.message, locale);
          if (label !== undefined) {
            fieldErrors[detail.path] ??= message;
            summary.push({ path: detail.path, message: `${label}: ${message}` });
          } else {
            summary.push({ message: detail.path ? `${detail.path}: ${message}` : message });
          }
        }
      } else {
        summary.push({ message: messageForError(error, t) });
      }
      setState((s) => ({ fieldErrors, summary, version: s.version + 1 }));
    },
    [t, locale],
  );

  const clear = useCallback(() => setState((s) => ({ fieldErrors: {}, summary: [], version: s.version })), []);

  const clearField = useCallback(
    (path: string) =>
      setState((s) => {
        if (!(path in s.fieldErrors)) return s;
        const { [path]: _removed, ...rest } = s.fieldErrors;
        return { fieldErrors: rest, summary: s.summary.filter((item) => item.path !== path), version: s.version };
      }),
    [],
  );

  return { formId, ...state, showClientErrors, showServerError, clear, clearField };
}

/**
 * Error summary at the top of a form: takes focus when shown and links every
 * message to its field.
 */
export function ErrorSummary({ form }: { form: FormErrors }) {
  const t = useMessages(core);
  const ref = useRef<HTMLDivElement>(null);
  const { summary, version } = form;

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus on every new submission with errors (version), not on every render
  useEffect(() => {
    if (summary.length > 0) ref.current?.focus();
    // Focus on every new submission with errors, not on every render.
  }, [version]);

  if (summary.length === 0) return null;
  const headingId = `${form.formId}-error-summary-title`;
  return (
    <div ref={ref} className="kw-error-summary utrecht-alert utrecht-alert--error" role="alert" aria-labelledby={headingId} tabIndex={-1}>
      <div className="utrecht-alert__content">
        <Heading2 id={headingId} className="kw-error-summary__title">
          {t.form.errorSummaryTitle}
        </Heading2>
        <ul className="utrecht-unordered-list kw-error-summary__list">
          {summary.map((item, i) => (
            <li className="utrecht-unordered-list__item" key={i}>
              {item.path !== undefined ? (
                <a
                  className="utrecht-link"
                  href={`#${fieldId(form.formId, item.path)}`}
                  onClick={(event) => {
                    const target = document.getElementById(fieldId(form.formId, item.path as string));
                    if (target) {
                      event.preventDefault();
                      target.focus();
                      target.scrollIntoView({ block: 'center' });
                    }
                  }}
                >
                  {item.message}
                </a>
              ) : (
                item.message
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The `aria-describedby` of a field: its description and its error, where shown. */
export function describedByIds(id: string, description: unknown, error: unknown): string | undefined {
  return [description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

export interface FieldShellProps {
  form: FormErrors;
  path: string;
  label: ReactNode;
  description?: ReactNode | undefined;
  required?: boolean | undefined;
  type?: string;
  /** The control, given the field's id and its ARIA state. */
  children: (field: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

/** Label, description, error message and control of one form field (also used by fields.tsx). */
export function FieldShell({ form, path, label, description, required, type, children }: FieldShellProps) {
  const t = useMessages(core);
  const id = fieldId(form.formId, path);
  const error = form.fieldErrors[path];
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const field = { id, describedBy: describedByIds(id, description, error), invalid: !!error };
  const labelNode = (
    <FormLabel htmlFor={id} type={type === 'checkbox' ? 'checkbox' : undefined}>
      {label}
      {required === false && type !== 'checkbox' ? <span className="kw-optional"> {t.form.optional}</span> : null}
    </FormLabel>
  );
  if (type === 'checkbox') {
    return (
      <FormField type="checkbox" invalid={field.invalid}>
        <div className="utrecht-form-field__input">{children(field)}</div>
        <div className="utrecht-form-field__label">{labelNode}</div>
        {description ? <FormFieldDescription id={descriptionId}>{description}</FormFieldDescription> : null}
        {error ? <FormFieldErrorMessage id={errorId}>{error}</FormFieldErrorMessage> : null}
      </FormField>
    );
  }
  return (
    <FormField invalid={field.invalid} type={type}>
      <div className="utrecht-form-field__label">{labelNode}</div>
      {description ? (
        <FormFieldDescription className="utrecht-form-field__description" id={descriptionId}>
          {description}
        </FormFieldDescription>
      ) : null}
      {error ? (
        <FormFieldErrorMessage className="utrecht-form-field__error-message" id={errorId}>
          {error}
        </FormFieldErrorMessage>
      ) : null}
      <div className="utrecht-form-field__input">{children(field)}</div>
    </FormField>
  );
}

/** What every field takes: the form that holds its errors, its path (name and id), its label and hint. */
export interface FieldProps {
  form: FormErrors;
  path: string;
  label: ReactNode;
  description?: ReactNode;
}

/** A field whose value is a string; `required: false` marks it optional. */
export interface StringFieldProps extends FieldProps {
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
}

export interface TextFieldProps extends StringFieldProps {
  type?: 'text' | 'email' | 'password' | 'tel' | 'url' | 'search' | 'number' | 'date' | 'datetime-local';
  /** Bounds of a number or date. */
  min?: string | number;
  max?: string | number;
  autoComplete?: string;
  inputMode?: 'text' | 'email' | 'tel' | 'url' | 'numeric';
  maxLength?: number;
  readOnly?: boolean;
  spellCheck?: boolean;
}

export function TextField({ form, path, label, value, onChange, description, required, type = 'text', ...rest }: TextFieldProps) {
  return (
    <FieldShell form={form} path={path} label={label} description={description} required={required}>
      {({ id, describedBy, invalid }) => (
        <Textbox
          id={id}
          name={path}
          type={type}
          value={value}
          required={required}
          invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
          {...rest}
        />
      )}
    </FieldShell>
  );
}

export interface SelectFieldProps extends StringFieldProps {
  options: { value: string; label: string }[];
  /** Text of an empty first option; omit for none. */
  placeholder?: string;
  disabled?: boolean;
}

export function SelectField({ form, path, label, value, onChange, options, placeholder, description, required, disabled }: SelectFieldProps) {
  return (
    <FieldShell form={form} path={path} label={label} description={description} required={required}>
      {({ id, describedBy, invalid }) => (
        <Select
          id={id}
          name={path}
          value={value}
          required={required}
          invalid={invalid}
          disabled={disabled}
          aria-describedby={describedBy}
          onChange={(event: ChangeEvent<HTMLSelectElement>) => onChange(event.target.value)}
        >
          {placeholder !== undefined ? <SelectOption value="">{placeholder}</SelectOption> : null}
          {options.map((option) => (
            <SelectOption key={option.value} value={option.value}>
              {option.label}
            </SelectOption>
          ))}
        </Select>
      )}
    </FieldShell>
  );
}

export interface CheckboxFieldProps extends FieldProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function CheckboxField({ form, path, label, checked, onChange, description }: CheckboxFieldProps) {
  return (
    <FieldShell form={form} path={path} label={label} description={description} type="checkbox">
      {({ id, describedBy, invalid }) => (
        <Checkbox
          id={id}
          name={path}
          checked={checked}
          invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.target.checked)}
        />
      )}
    </FieldShell>
  );
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}
