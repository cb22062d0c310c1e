import type { ChangeEvent, ReactNode } from 'react';
import { Textarea } from '@utrecht/component-library-react';
import { useMessages } from '../lib/i18n.tsx';
import { core } from '../i18n/core.ts';
import { describedByIds, FieldShell, fieldId } from './form.tsx';
import type { FieldProps, FormErrors, StringFieldProps } from './form.tsx';

/** Form fields beyond form.tsx: multi-line text, radio and checkbox groups, files. */

export interface TextAreaFieldProps extends StringFieldProps {
  rows?: number;
  maxLength?: number;
}

export function TextAreaField({ form, path, label, value, onChange, description, required, rows = 5, maxLength }: TextAreaFieldProps) {
  return (
    <FieldShell form={form} path={path} label={label} description={description} required={required}>
      {({ id, describedBy, invalid }) => (
        <Textarea
          id={id}
          name={path}
          value={value}
          rows={rows}
          maxLength={maxLength}
          required={required}
          invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event: ChangeEvent<HTMLTextAreaElement>) => onChange(event.target.value)}
        />
      )}
    </FieldShell>
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
      aria-describedby={describedByIds(id, description, error)}
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

/** The id of a group's option: the first one carries the field's id, so the error summary can focus it. */
function choiceId(fieldId: string, value: string, index: number): string {
  return index === 0 ? fieldId : `${fieldId}-${value}`;
}

/** Radio buttons. */
export function RadioGroupField(props: ChoiceGroupProps & { value: string; onChange: (value: string) => void }) {
  const { form, path, options, value, onChange } = props;
  const id = fieldId(form.formId, path);
  return (
    <GroupShell {...props}>
      {options.map((option, i) => {
        const optionId = choiceId(id, option.value, i);
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
        const optionId = choiceId(id, option.value, i);
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
export function FileField({
  form,
  path,
  label,
  description,
  multiple,
  accept,
  onChange,
}: FieldProps & {
  multiple?: boolean;
  /** The file types offered; default the dossier's (PDF, images, Word, text). */
  accept?: string;
  onChange: (files: File[]) => void;
}) {
  return (
    <FieldShell form={form} path={path} label={label} description={description} required={false}>
      {({ id, describedBy }) => (
        <input
          id={id}
          type="file"
          className="kw-file"
          multiple={multiple}
          accept={accept ?? '.pdf,.png,.jpg,.jpeg,.docx,.txt,application/pdf,image/png,image/jpeg,text/plain'}
          aria-describedby={describedBy}
          onChange={(event) => onChange(Array.from(event.target.files ?? []))}
        />
      )}
    </FieldShell>
  );
}
