import { useEffect, useState } from 'react';
import { Button } from '@utrecht/component-library-react';
import { query } from '../../lib/api.ts';
import { fetchOrganisations } from '../../lib/organisations.ts';
import { navigate } from '../../lib/router.tsx';
import { SelectField, useFormErrors } from '../../components/form.tsx';
import { useLoader } from '../../components/page.tsx';

/**
 * Narrows an admin list to one organisation: a select and a button (no change
 * of context on select). Submitting goes to `path` with the organisation in
 * the query; the select follows the URL when that changes.
 */
export function OrganisationFilter({
  formId,
  path,
  organisationId,
  label,
  allLabel,
  submitLabel,
}: {
  formId: string;
  path: string;
  /** The organisation the list shows now ('' for all). */
  organisationId: string;
  label: string;
  allLabel: string;
  submitLabel: string;
}) {
  const [filter, setFilter] = useState(organisationId);
  const form = useFormErrors(formId);
  useEffect(() => setFilter(organisationId), [organisationId]);
  const organisations = useLoader((signal) => fetchOrganisations(signal), []);
  return (
    // biome-ignore lint/a11y/useSemanticElements: role="search" on the form is announced everywhere; <search> not yet by every screen reader
    <form
      className="kw-toolbar"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(path + query({ organisationId: filter }));
      }}
    >
      <SelectField
        form={form}
        path="organisationId"
        label={label}
        value={filter}
        onChange={setFilter}
        placeholder={allLabel}
        options={(organisations.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
      />
      <Button type="submit" appearance="secondary-action-button">
        {submitLabel}
      </Button>
    </form>
  );
}
