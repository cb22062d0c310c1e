import type { ChangeEvent, ReactNode } from 'react';
import { FormField, FormFieldDescription, FormFieldErrorMessage, FormLabel, Textarea, Textbox } from '@utrecht/component-library-react';
import { useMessages } from '../lib/i18n.tsx';
import { core } from '../i18n/core.ts';
import { fieldId } from './form.tsx';
import type { FormErrors } from './form.tsx';

/** Form fields beyond form.tsx: multi-line text, other input types, radio and checkbox groups. */

function Label({ id, label, required }: { id: string; label: ReactNode; required: boolean | undefined }) {
  const t = useMessages(core);
  return (
    <FormLabel htmlFor={id}>
      {label}
      {required === false ? <span className="kw-optional"> {t.form.optional}</span> : null}
    </FormLabel>
  );
}

function describedBy(id: string, description: unknown, error: unknown): string | undefined {
  return [description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

export interface TextAreaFieldProps {
  form: FormErrors;
  path: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  description?: ReactNode;
  required?: boolean;
  rows?: number;
  maxLength?: number;
}

export function TextAreaField({ form, path, label, value, onChange, description, required, rows = 5, maxLength }: TextAreaFieldProps) {
  const id = fieldId(form.formId, path);
  const error = form.fieldErrors[path];
  return (
    <FormField invalid={!!error}>
      <div className="utrecht-form-field__label">
        <Label id={id} label={label} required={required} />
      </div>
      {description ? (
        <FormFieldDescription className="utrecht-form-field__description" id={`${id}-description`}>
          {description}
        </FormFieldDescription>
      ) : null}
      {error ? (
        <FormFieldErrorMessage className="utrecht-form-field__error-message" id={`${id}-error`}>
          {error}
        </FormFieldErrorMessage>
      ) : null}
      <div className="utrecht-form-field__input">
        <Textarea
          id={id}
          name={path}
          value={value}
          rows={rows}
          maxLength={maxLength}
          required={required}
          invalid={!!error}
          aria-describedby={describedBy(id, description, error)}
          onChange={(event: ChangeEvent<HTMLTextAreaElement>) => onChange(event.target.value)}
        />
      </div>
    </FormField>
  );
}

export interface InputFieldProps {
  form: FormErrors;
  path: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  type: 'date' | 'datetime-local' | 'number' | 'search' | 'text' | 'email' | 'tel';
  description?: ReactNode;
  required?: boolean;
  min?: string | number;
  max?: string | number;
  autoComplete?: string;
}

export function InputField({ form, path, label, value, onChange, type, description, required, min, max, autoComplete }: InputFieldProps) {
  const id = fieldId(form.formId, path);
  const error = form.fieldErrors[path];
  return (
    <FormField invalid={!!error}>
      <div className="utrecht-form-field__label">
        <Label id={id} label={label} required={required} />
      </div>
      {description ? (
        <FormFieldDescription className="utrecht-form-field__description" id={`${id}-description`}>
          {description}
        </FormFieldDescription>
      ) : null}
      {error ? (
        <FormFieldErrorMessage className="utrecht-form-field__error-message" id={`${id}-error`}>
          {error}
        </FormFieldErrorMessage>
      ) : null}
      <div className="utrecht-form-field__input">
        <Textbox
          id={id}
          name={path}
          type={type}
          value={value}
          min={min}
          max={max}
          required={required}
          autoComplete={autoComplete}
          invalid={!!error}
          aria-describedby={describedBy(id, description, error)}
          onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
        />
      </div>
    </FormField>
  );
}

export interface ChoiceGroupProps {
  form: FormErrors;
  path: string;
  legend: ReactNode;
  options: { value: string; label: ReactNode; description?: ReactNode }[];
  description?: ReactNode;
  required?: boolean;
}

function GroupShell({ form, path, legend, description, required, children }: Omit<ChoiceGroupProps, 'options'> & { children: ReactNode }) {
  const t = useMessages(core);
  const id = fieldId(form.formId, path);
  const error = form.fieldErrors[path];
  return (
    <fieldset
      className={`utrecht-form-fieldset kw-choices${error ? ' utrecht-form-fieldset--invalid' : ''}`}
      aria-describedby={describedBy(id, description, error)}
      aria-invalid={error ? true : undefined}
    >
      <legend className="utrecht-form-fieldset__legend kw-legend">
        {legend}
        {required === false ? <span className="kw-optional"> {t.form.optional}</span> : null}
      </legend>
      {description ? (
        <div className="utrecht-form-field-description" id={`${id}-description`}>
          {description}
        </div>
      ) : null}
      {error ? (
        <div className="utrecht-form-field-error-message" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
      {children}
    </fieldset>
  );
}

/** Radio buttons; the first one carries the field id so the error summary can focus it. */
export function RadioGroupField(props: ChoiceGroupProps & { value: string; onChange: (value: string) => void }) {
  const { form, path, options, value, onChange } = props;
  const id = fieldId(form.formId, path);
  return (
    <GroupShell {...props}>
      {options.map((option, i) => {
        const optionId = i === 0 ? id : `${id}-${option.value}`;
        return (
          <div className="kw-choice" key={option.value}>
            <input
              type="radio"
              className="utrecht-radio-button"
              id={optionId}
              name={id}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
              aria-describedby={option.description ? `${optionId}-hint` : undefined}
            />
            <label className="utrecht-form-label utrecht-form-label--radio" htmlFor={optionId}>
              {option.label}
            </label>
            {option.description ? (
              <div className="kw-choice__hint utrecht-form-field-description" id={`${optionId}-hint`}>
                {option.description}
              </div>
            ) : null}
          </div>
        );
      })}
    </GroupShell>
  );
}

export function CheckboxGroupField(props: ChoiceGroupProps & { values: string[]; onChange: (values: string[]) => void }) {
  const { form, path, options, values, onChange } = props;
  const id = fieldId(form.formId, path);
  return (
    <GroupShell {...props}>
      {options.map((option, i) => {
        const optionId = i === 0 ? id : `${id}-${option.value}`;
        const checked = values.includes(option.value);
        return (
          <div className="kw-choice" key={option.value}>
            <input
              type="checkbox"
              className="utrecht-checkbox utrecht-checkbox--custom"
              id={optionId}
              checked={checked}
              onChange={() => onChange(checked ? values.filter((v) => v !== option.value) : [...values, option.value])}
            />
            <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={optionId}>
              {option.label}
            </label>
          </div>
        );
      })}
    </GroupShell>
  );
}

/** A file input; `multiple` for several attachments. */
export function FileField({ form, path, label, description, multiple, onChange }: {
  form: FormErrors;
  path: string;
  label: ReactNode;
  description?: ReactNode;
  multiple?: boolean;
  onChange: (files: File[]) => void;
}) {
  const id = fieldId(form.formId, path);
  const error = form.fieldErrors[path];
  return (
    <FormField invalid={!!error}>
      <div className="utrecht-form-field__label">
        <Label id={id} label={label} required={false} />
      </div>
      {description ? (
        <FormFieldDescription className="utrecht-form-field__description" id={`${id}-description`}>
          {description}
        </FormFieldDescription>
      ) : null}
      {error ? (
        <FormFieldErrorMessage className="utrecht-form-field__error-message" id={`${id}-error`}>
          {error}
        </FormFieldErrorMessage>
      ) : null}
      <div className="utrecht-form-field__input">
        <input
          id={id}
          type="file"
          className="kw-file"
          multiple={multiple}
          accept=".pdf,.png,.jpg,.jpeg,.docx,.txt,application/pdf,image/png,image/jpeg,text/plain"
          aria-describedby={describedBy(id, description, error)}
          onChange={(event) => onChange(Array.from(event.target.files ?? []))}
        />
      </div>
    </FormField>
  );
}
