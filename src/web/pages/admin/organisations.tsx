import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Heading2, Paragraph, TableCell, TableRow } from '@utrecht/component-library-react';
import { api } from '../../lib/api.ts';
import { useUser } from '../../lib/auth.tsx';
import { formatDateTime, useLocale, useMessages } from '../../lib/i18n.tsx';
import { navigate, RouterLink } from '../../lib/router.tsx';
import type { Organisation, Regulation, Team } from '../../lib/types.ts';
import { fetchOrganisations } from '../../lib/organisations.ts';
import { core } from '../../i18n/core.ts';
import { ErrorSummary, isEmail, SelectField, TextField, useFormErrors } from '../../components/form.tsx';
import { CheckboxGroupField } from '../../components/fields.tsx';
import { SsoSection } from './sso.tsx';
import { FailedMailSection } from './failed-mail.tsx';
import { HeadedTable, LoadError, Loading, PageTitle, RouterButtonLink, StatusMessage, useFlash, useLoader } from '../../components/page.tsx';
import { admin } from './messages.ts';
import { FileField } from '../../components/fields.tsx';
import { PublicAddress } from '../../components/public-address.tsx';
import { fetchRegulations, fetchTeams, regulationLabel } from './data.ts';
import { SignInPolicySection } from './SignInPolicySection.tsx';
import { CommitteesSection } from './committees.tsx';

export function OrganisationsPage() {
  const t = useMessages(admin);
  const { locale } = useLocale();
  const user = useUser();
  const flash = useFlash();
  const data = useLoader(async (signal) => {
    const [organisations, regulations] = await Promise.all([fetchOrganisations(signal), fetchRegulations(signal)]);
    return { organisations, regulations };
  }, []);

  return (
    <>
      <PageTitle>{t.organisations.title}</PageTitle>
      {flash ? <StatusMessage>{flash}</StatusMessage> : null}
      <Paragraph>{t.organisations.intro}</Paragraph>
      {user.platformAdmin ? (
        <div className="kw-actions">
          <RouterButtonLink href="/admin/organisations/new">{t.organisations.new}</RouterButtonLink>
        </div>
      ) : null}
      {data.error ? <LoadError error={data.error} retry={data.reload} /> : null}
      {data.loading ? <Loading /> : null}
      {data.data ? (
        data.data.organisations.length === 0 ? (
          <Paragraph>{t.organisations.empty}</Paragraph>
        ) : (
          <HeadedTable label={t.organisations.tableLabel} columns={[t.organisations.name, t.organisations.regulation, t.organisations.parent, t.organisations.createdAt]}>
            {data.data.organisations.map((org) => (
              <TableRow key={org.id}>
                <TableCell>
                  <RouterLink href={`/admin/organisations/${encodeURIComponent(org.id)}`}>{org.name}</RouterLink>
                </TableCell>
                <TableCell>{regulationLabel(data.data?.regulations ?? [], org.regulationId)}</TableCell>
                <TableCell>{org.parentId ? (data.data?.organisations.find((o) => o.id === org.parentId)?.name ?? '') : '—'}</TableCell>
                <TableCell>{formatDateTime(locale, org.createdAt, false)}</TableCell>
              </TableRow>
            ))}
          </HeadedTable>
        )
      ) : null}
    </>
  );
}

interface OrganisationValues {
  name: string;
  regulationId: string;
  parentId: string;
  slug: string;
  street: string;
  postalCode: string;
  city: string;
  email: string;
  phone: string;
  website: string;
  brandColor: string;
  /** A data: URI; empty for none. */
  logo: string;
}

const EMPTY: OrganisationValues = {
  name: '',
  regulationId: '',
  parentId: '',
  slug: '',
  street: '',
  postalCode: '',
  city: '',
  email: '',
  phone: '',
  website: '',
  brandColor: '',
  logo: '',
};

function toValues(org: Organisation): OrganisationValues {
  return {
    name: org.name,
    regulationId: org.regulationId,
    parentId: org.parentId ?? '',
    slug: org.slug ?? '',
    street: org.address?.street ?? '',
    postalCode: org.address?.postalCode ?? '',
    city: org.address?.city ?? '',
    email: org.email ?? '',
    phone: org.phone ?? '',
    website: org.website ?? '',
    brandColor: org.branding?.color ?? '',
    logo: org.branding?.logo ?? '',
  };
}

const FIELD_ORDER = ['name', 'regulationId', 'parentId', 'slug', 'address.street', 'address.postalCode', 'address.city', 'email', 'phone', 'website', 'brandColor', 'logo'];

function OrganisationForm({
  formId,
  initial,
  organisations,
  regulations,
  selfId,
  submitLabel,
  onSubmit,
}: {
  formId: string;
  initial: OrganisationValues;
  organisations: Organisation[];
  regulations: Regulation[];
  selfId?: string;
  submitLabel: string;
  onSubmit: (values: OrganisationValues) => Promise<void>;
}) {
  const t = useMessages(admin);
  const c = useMessages(core);
  const form = useFormErrors(formId);
  const [values, setValues] = useState(initial);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof OrganisationValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const o = t.organisations;
  const labels: Record<string, string> = {
    name: o.name,
    regulationId: o.regulation,
    parentId: o.parent,
    slug: o.slug,
    'address.street': o.street,
    'address.postalCode': o.postalCode,
    'address.city': o.city,
    address: o.address,
    email: o.email,
    phone: o.phone,
    website: o.website,
    brandColor: o.brandColor,
    logo: o.logo,
  };

  async function pickLogo(files: File[]) {
    const file = files[0];
    form.clearField('logo');
    if (!file) return;
    if (!['image/png', 'image/jpeg', 'image/svg+xml'].includes(file.type)) return form.showClientErrors({ logo: o.logoType });
    if (file.size > 100_000) return form.showClientErrors({ logo: o.logoTooBig });
    const reader = new FileReader();
    reader.onload = () => setValues((v) => ({ ...v, logo: String(reader.result) }));
    reader.readAsDataURL(file);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!values.name.trim()) errors.name = o.nameRequired;
    if (!values.regulationId) errors.regulationId = o.regulationRequired;
    if (selfId && values.parentId === selfId) errors.parentId = o.parentSelf;
    if (values.slug.trim() && !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(values.slug.trim())) errors.slug = o.slugInvalid;
    if (values.postalCode.trim() && !/^[1-9][0-9]{3} ?[A-Za-z]{2}$/.test(values.postalCode.trim())) {
      errors['address.postalCode'] = o.postalCodeInvalid;
    }
    if (values.email.trim() && !isEmail(values.email)) errors.email = o.emailInvalid;
    if (values.website.trim() && !/^https?:\/\/[^\s.]+\.[^\s]+$/.test(values.website.trim())) errors.website = o.websiteInvalid;
    if (values.brandColor.trim() && !/^#[0-9a-fA-F]{6}$/.test(values.brandColor.trim())) errors.brandColor = o.brandColorInvalid;
    if (form.showClientErrors(errors, FIELD_ORDER)) return;
    setBusy(true);
    try {
      await onSubmit(values);
      form.clear();
    } catch (error) {
      form.showServerError(error, labels);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="kw-form" aria-busy={busy || undefined}>
      <ErrorSummary form={form} />
      <TextField form={form} path="name" label={o.name} required value={values.name} onChange={set('name')} autoComplete="organization" />
      <SelectField
        form={form}
        path="regulationId"
        label={o.regulation}
        required
        value={values.regulationId}
        onChange={set('regulationId')}
        placeholder={o.chooseRegulation}
        options={regulations.map((r) => ({ value: r.id, label: regulationLabel(regulations, r.id) }))}
      />
      <SelectField
        form={form}
        path="parentId"
        label={o.parent}
        description={o.parentDescription}
        required={false}
        value={values.parentId}
        onChange={set('parentId')}
        placeholder={o.noParent}
        options={organisations.filter((org) => org.id !== selfId).map((org) => ({ value: org.id, label: org.name }))}
      />
      <TextField form={form} path="slug" label={o.slug} description={o.slugDescription} required={false} value={values.slug} onChange={set('slug')} spellCheck={false} />
      <fieldset>
        <legend className="utrecht-form-fieldset__legend">{o.address}</legend>
        <TextField form={form} path="address.street" label={o.street} required={false} value={values.street} onChange={set('street')} autoComplete="street-address" />
        <TextField form={form} path="address.postalCode" label={o.postalCode} required={false} value={values.postalCode} onChange={set('postalCode')} autoComplete="postal-code" />
        <TextField form={form} path="address.city" label={o.city} required={false} value={values.city} onChange={set('city')} autoComplete="address-level2" />
      </fieldset>
      <fieldset>
        <legend className="utrecht-form-fieldset__legend">{o.contact}</legend>
        <TextField form={form} path="email" type="email" label={o.email} required={false} value={values.email} onChange={set('email')} autoComplete="email" spellCheck={false} />
        <TextField form={form} path="phone" type="tel" label={o.phone} required={false} value={values.phone} onChange={set('phone')} autoComplete="tel" />
        <TextField
          form={form}
          path="website"
          type="url"
          label={o.website}
          description={o.websiteDescription}
          required={false}
          value={values.website}
          onChange={set('website')}
          autoComplete="url"
          spellCheck={false}
        />
      </fieldset>
      <fieldset>
        <legend className="utrecht-form-fieldset__legend">{o.look}</legend>
        <TextField
          form={form}
          path="brandColor"
          label={o.brandColor}
          description={o.brandColorDescription}
          required={false}
          value={values.brandColor}
          onChange={set('brandColor')}
          spellCheck={false}
          maxLength={7}
        />
        {values.logo ? (
          <div className="kw-actions">
            <img className="kw-brand__logo" src={values.logo} alt={o.logoCurrent} />
            <Button appearance="subtle-button" onClick={() => setValues((v) => ({ ...v, logo: '' }))}>
              {o.logoRemove}
            </Button>
          </div>
        ) : null}
        <FileField form={form} path="logo" label={o.logo} description={o.logoDescription} accept="image/png,image/jpeg,image/svg+xml" onChange={(f) => void pickLogo(f)} />
      </fieldset>
      <div className="kw-actions">
        <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
          {busy ? c.form.saving : submitLabel}
        </Button>
      </div>
    </form>
  );
}

function createPayload(v: OrganisationValues): Record<string, unknown> {
  const body: Record<string, unknown> = { name: v.name.trim(), regulationId: v.regulationId };
  if (v.parentId) body.parentId = v.parentId;
  if (v.slug.trim()) body.slug = v.slug.trim();
  const address: Record<string, string> = {};
  if (v.street.trim()) address.street = v.street.trim();
  if (v.postalCode.trim()) address.postalCode = v.postalCode.trim().toUpperCase();
  if (v.city.trim()) address.city = v.city.trim();
  if (Object.keys(address).length) body.address = address;
  if (v.email.trim()) body.email = v.email.trim();
  if (v.phone.trim()) body.phone = v.phone.trim();
  if (v.website.trim()) body.website = v.website.trim();
  if (v.brandColor.trim()) body.brandColor = v.brandColor.trim();
  if (v.logo) body.logo = v.logo;
  return body;
}

function patchPayload(before: OrganisationValues, v: OrganisationValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const orNull = (s: string) => (s.trim() ? s.trim() : null);
  if (v.name.trim() !== before.name) body.name = v.name.trim();
  if (v.regulationId !== before.regulationId) body.regulationId = v.regulationId;
  if (v.parentId !== before.parentId) body.parentId = v.parentId || null;
  if (v.slug.trim() && v.slug.trim() !== before.slug) body.slug = v.slug.trim();
  if (v.street !== before.street || v.postalCode !== before.postalCode || v.city !== before.city) {
    body.address = {
      street: orNull(v.street),
      postalCode: v.postalCode.trim() ? v.postalCode.trim().toUpperCase() : null,
      city: orNull(v.city),
    };
  }
  for (const key of ['email', 'phone', 'website', 'brandColor'] as const) {
    if (v[key] !== before[key]) body[key] = orNull(v[key]);
  }
  if (v.logo !== before.logo) body.logo = v.logo || null;
  return body;
}

export function OrganisationCreatePage() {
  const t = useMessages(admin);
  const data = useLoader(async (signal) => {
    const [organisations, regulations] = await Promise.all([fetchOrganisations(signal), fetchRegulations(signal)]);
    return { organisations, regulations };
  }, []);

  return (
    <>
      <PageTitle>{t.organisations.newTitle}</PageTitle>
      <Paragraph>
        <RouterLink href="/admin/organisations">{t.organisations.title}</RouterLink>
      </Paragraph>
      {data.error ? <LoadError error={data.error} retry={data.reload} /> : null}
      {data.loading ? <Loading /> : null}
      {data.data ? (
        <OrganisationForm
          formId="organisation"
          initial={EMPTY}
          organisations={data.data.organisations}
          regulations={data.data.regulations}
          submitLabel={t.organisations.create}
          onSubmit={async (values) => {
            const org = await api<Organisation>('/organisations', { method: 'POST', body: createPayload(values) });
            navigate(`/admin/organisations/${encodeURIComponent(org.id)}`, {
              state: { flash: t.organisations.created(org.name) },
            });
          }}
        />
      ) : null}
    </>
  );
}

export function OrganisationDetailPage({ id }: { id: string }) {
  const t = useMessages(admin);
  const c = useMessages(core);
  const flash = useFlash();
  const [saved, setSaved] = useState<string | null>(null);
  const data = useLoader(
    async (signal) => {
      const [organisation, organisations, regulations, teams, partners] = await Promise.all([
        api<Organisation>(`/organisations/${encodeURIComponent(id)}`, { signal }),
        fetchOrganisations(signal),
        fetchRegulations(signal),
        fetchTeams(id, signal),
        api<{ items: { id: string }[] }>(`/organisations/${encodeURIComponent(id)}/transfer-partners`, { signal }).then((r) => r.items.map((p) => p.id)),
      ]);
      return { organisation, organisations, regulations, teams, partners };
    },
    [id],
  );

  const current = data.data;
  return (
    <>
      <PageTitle title={current?.organisation.name ?? t.organisations.title}>{current?.organisation.name ?? t.organisations.title}</PageTitle>
      <Paragraph>
        <RouterLink href="/admin/organisations">{t.organisations.title}</RouterLink>
      </Paragraph>
      {flash && !saved ? <StatusMessage>{flash}</StatusMessage> : null}
      {saved ? <StatusMessage>{saved}</StatusMessage> : null}
      {data.error ? <LoadError error={data.error} retry={data.reload} /> : null}
      {data.loading && !current ? <Loading /> : null}
      {current ? (
        <>
          <Paragraph>
            <RouterLink href={`/admin/users?organisationId=${encodeURIComponent(id)}`}>{t.organisations.users}</RouterLink>
          </Paragraph>
          <Paragraph>
            <RouterLink href={`/regulation/edit?organisation=${encodeURIComponent(id)}`}>{t.organisations.editRegulation}</RouterLink>
          </Paragraph>
          <section aria-labelledby="org-details" className="kw-section">
            <Heading2 id="org-details">{t.organisations.details}</Heading2>
            <OrganisationForm
              key={current.organisation.id + current.organisation.name}
              formId="organisation"
              initial={toValues(current.organisation)}
              organisations={current.organisations}
              regulations={current.regulations}
              selfId={id}
              submitLabel={c.form.save}
              onSubmit={async (values) => {
                const body = patchPayload(toValues(current.organisation), values);
                const organisation = await api<Organisation>(`/organisations/${encodeURIComponent(id)}`, {
                  method: 'PATCH',
                  body,
                });
                data.setData({ ...current, organisation });
                setSaved(c.form.saved);
              }}
            />
          </section>
          <SignInPolicySection organisationId={id} />
          <PublicAddress slug={current.organisation.slug} organisation={current.organisation.name} headingId="org-public-form" />
          <TeamsSection organisationId={id} teams={current.teams} onAdded={(team) => data.setData({ ...current, teams: [...current.teams, team] })} />
          <PartnersSection organisationId={id} organisations={current.organisations.filter((o) => o.id !== id)} initial={current.partners} />
          <SsoSection organisationId={id} />
          <CommitteesSection organisationId={id} regulationId={current.organisation.regulationId} />
          <FailedMailSection organisationId={id} />
        </>
      ) : null}
    </>
  );
}

function TeamsSection({ organisationId, teams, onAdded }: { organisationId: string; teams: Team[]; onAdded: (team: Team) => void }) {
  const t = useMessages(admin);
  const form = useFormErrors('team');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAdded(null);
    if (form.showClientErrors(name.trim() ? {} : { name: t.teams.nameRequired })) return;
    setBusy(true);
    try {
      const team = await api<Team>(`/organisations/${encodeURIComponent(organisationId)}/teams`, {
        method: 'POST',
        body: { name: name.trim() },
      });
      form.clear();
      setName('');
      onAdded(team);
      setAdded(t.teams.added(team.name));
    } catch (error) {
      form.showServerError(error, { name: t.teams.name });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="org-teams" className="kw-section">
      <Heading2 id="org-teams">{t.teams.title}</Heading2>
      {teams.length === 0 ? (
        <Paragraph>{t.teams.empty}</Paragraph>
      ) : (
        <ul className="utrecht-unordered-list">
          {teams.map((team) => (
            <li className="utrecht-unordered-list__item" key={team.id}>
              {team.name}
            </li>
          ))}
        </ul>
      )}
      <div aria-live="polite">{added ? <StatusMessage>{added}</StatusMessage> : null}</div>
      <form onSubmit={submit} noValidate className="kw-form" aria-busy={busy || undefined}>
        <ErrorSummary form={form} />
        <TextField form={form} path="name" label={t.teams.name} required value={name} onChange={setName} />
        <div className="kw-actions">
          <Button type="submit" appearance="secondary-action-button" busy={busy} disabled={busy}>
            {t.teams.add}
          </Button>
        </div>
      </form>
    </section>
  );
}

/** The organisations cases may be transferred to, whole dossier included [001 §1D]. */
function PartnersSection({ organisationId, organisations, initial }: { organisationId: string; organisations: Organisation[]; initial: string[] }) {
  const t = useMessages(admin);
  const form = useFormErrors('partners');
  const [chosen, setChosen] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    setBusy(true);
    try {
      const res = await api<{ items: { id: string }[] }>(`/organisations/${encodeURIComponent(organisationId)}/transfer-partners`, { method: 'PUT', body: { partnerIds: chosen } });
      form.clear();
      setChosen(res.items.map((p) => p.id));
      setSaved(t.partners.saved);
    } catch (error) {
      form.showServerError(error, { partnerIds: t.partners.legend });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="org-partners" className="kw-section">
      <Heading2 id="org-partners">{t.partners.title}</Heading2>
      <div aria-live="polite">{saved ? <StatusMessage>{saved}</StatusMessage> : null}</div>
      {organisations.length === 0 ? (
        <Paragraph>{t.partners.none}</Paragraph>
      ) : (
        <form onSubmit={submit} noValidate className="kw-form" aria-busy={busy || undefined}>
          <ErrorSummary form={form} />
          <CheckboxGroupField
            form={form}
            path="partnerIds"
            legend={t.partners.legend}
            description={t.partners.description}
            options={organisations.map((o) => ({ value: o.id, label: o.name }))}
            values={chosen}
            onChange={setChosen}
          />
          <div className="kw-actions">
            <Button type="submit" appearance="secondary-action-button" busy={busy} disabled={busy}>
              {t.partners.save}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
