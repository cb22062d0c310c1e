import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Paragraph, TableCell, TableRow } from '@utrecht/component-library-react';
import { api, query } from '../../lib/api.ts';
import { useUser } from '../../lib/auth.tsx';
import { formatDateTime, useLocale, useMessages } from '../../lib/i18n.tsx';
import type { Messages } from '../../lib/i18n.tsx';
import { navigate, RouterLink, useSearchParams } from '../../lib/router.tsx';
import { ROLES } from '../../lib/types.ts';
import type { Organisation, Page, Role, Team, User } from '../../lib/types.ts';
import { fetchOrganisations } from '../../lib/organisations.ts';
import { core } from '../../i18n/core.ts';
import { CheckboxField, ErrorSummary, isEmail, SelectField, TextField, useFormErrors } from '../../components/form.tsx';
import type { FormErrors } from '../../components/form.tsx';
import { HeadedTable, LoadError, Loading, PageTitle, RouterButtonLink, StatusMessage, useFlash, useLoader } from '../../components/page.tsx';
import { admin } from './messages.ts';
import { OrganisationFilter } from './filter.tsx';
import { fetchTeams } from './data.ts';

export function UsersPage() {
  const t = useMessages(admin);
  const c = useMessages(core);
  const flash = useFlash();
  const params = useSearchParams();
  const organisationId = params.get('organisationId') ?? '';
  const users = useLoader((signal) => api<Page<User>>(`/users${query({ organisationId })}`, { signal }).then((p) => p.items), [organisationId]);

  return (
    <>
      <PageTitle>{t.users.title}</PageTitle>
      {flash ? <StatusMessage>{flash}</StatusMessage> : null}
      <div className="kw-actions">
        <RouterButtonLink href={`/admin/users/new${query({ organisationId })}`}>{t.users.new}</RouterButtonLink>
      </div>
      <OrganisationFilter
        formId="users-filter"
        path="/admin/users"
        organisationId={organisationId}
        label={t.users.filterOrganisation}
        allLabel={t.users.allOrganisations}
        submitLabel={t.users.filter}
      />
      {users.error ? <LoadError error={users.error} retry={users.reload} /> : null}
      {users.loading ? <Loading /> : null}
      {users.data && !users.loading ? (
        users.data.length === 0 ? (
          <Paragraph>{t.users.empty}</Paragraph>
        ) : (
          <HeadedTable label={t.users.tableLabel} columns={[t.users.name, t.users.email, t.users.status, t.users.roles]}>
            {users.data.map((user) => (
              <TableRow key={user.id}>
                <TableCell>
                  <RouterLink href={`/admin/users/${encodeURIComponent(user.id)}`}>{user.name}</RouterLink>
                </TableCell>
                <TableCell>{user.email}</TableCell>
                <TableCell>{user.active ? t.users.active : t.users.inactive}</TableCell>
                <TableCell>
                  {[...(user.platformAdmin ? [t.users.platformAdmin] : []), ...user.memberships.map((m) => `${c.roles[m.role] ?? m.role} – ${m.organisationName}`)].join('; ') ||
                    c.form.none}
                </TableCell>
              </TableRow>
            ))}
          </HeadedTable>
        )
      ) : null}
    </>
  );
}

interface MembershipValue {
  key: number;
  organisationId: string;
  role: Role | '';
  teamId: string;
}

let membershipKey = 0;
function newMembership(organisationId = ''): MembershipValue {
  membershipKey += 1;
  return { key: membershipKey, organisationId, role: '', teamId: '' };
}

function validateMemberships(memberships: MembershipValue[], t: Messages<typeof admin.nl>) {
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  if (memberships.length === 0) errors.memberships = t.users.membershipsRequired;
  memberships.forEach((m, i) => {
    if (!m.organisationId) errors[`memberships.${i}.organisationId`] = t.users.organisationRequired(i + 1);
    if (!m.role) errors[`memberships.${i}.role`] = t.users.roleRequired(i + 1);
    const key = `${m.organisationId}|${m.role}|${m.teamId}`;
    if (m.organisationId && m.role && seen.has(key)) errors[`memberships.${i}.role`] = t.users.duplicateMembership(i + 1);
    seen.add(key);
  });
  return errors;
}

function membershipPayload(memberships: MembershipValue[]) {
  return memberships.map((m) => ({
    organisationId: m.organisationId,
    role: m.role,
    ...(m.teamId ? { teamId: m.teamId } : {}),
  }));
}

function membershipOrder(count: number): string[] {
  const order: string[] = ['memberships'];
  for (let i = 0; i < count; i++) order.push(`memberships.${i}.organisationId`, `memberships.${i}.role`, `memberships.${i}.teamId`);
  return order;
}

function membershipLabels(count: number, t: Messages<typeof admin.nl>): Record<string, string> {
  const labels: Record<string, string> = { memberships: t.users.memberships };
  for (let i = 0; i < count; i++) {
    labels[`memberships.${i}.organisationId`] = `${t.users.membership(i + 1)}, ${t.users.organisation}`;
    labels[`memberships.${i}.role`] = `${t.users.membership(i + 1)}, ${t.users.role}`;
    labels[`memberships.${i}.teamId`] = `${t.users.membership(i + 1)}, ${t.users.team}`;
    labels[`memberships.${i}`] = t.users.membership(i + 1);
  }
  return labels;
}

function MembershipsEditor({
  form,
  organisations,
  memberships,
  onChange,
}: {
  form: FormErrors;
  organisations: Organisation[];
  memberships: MembershipValue[];
  onChange: (memberships: MembershipValue[]) => void;
}) {
  const t = useMessages(admin);
  const c = useMessages(core);
  const [teams, setTeams] = useState<Record<string, Team[]>>({});

  useEffect(() => {
    const missing = [...new Set(memberships.map((m) => m.organisationId))].filter((id) => id && !(id in teams));
    for (const id of missing) {
      setTeams((all) => ({ ...all, [id]: [] }));
      fetchTeams(id).then(
        (list) => setTeams((all) => ({ ...all, [id]: list })),
        () => undefined,
      );
    }
  }, [memberships, teams]);

  const update = (index: number, patch: Partial<MembershipValue>) => onChange(memberships.map((m, i) => (i === index ? { ...m, ...patch } : m)));

  return (
    <fieldset id={`${form.formId}-memberships`} tabIndex={-1} aria-describedby={form.fieldErrors.memberships ? `${form.formId}-memberships-error` : undefined}>
      <legend className="utrecht-form-fieldset__legend">{t.users.memberships}</legend>
      {form.fieldErrors.memberships ? (
        <p className="utrecht-form-field-error-message" id={`${form.formId}-memberships-error`}>
          {form.fieldErrors.memberships}
        </p>
      ) : null}
      {memberships.map((m, i) => (
        <fieldset key={m.key} className="kw-membership">
          <legend className="utrecht-form-fieldset__legend">{t.users.membership(i + 1)}</legend>
          <SelectField
            form={form}
            path={`memberships.${i}.organisationId`}
            label={t.users.organisation}
            required
            value={m.organisationId}
            onChange={(organisationId) => update(i, { organisationId, teamId: '' })}
            placeholder={t.users.chooseOrganisation}
            options={organisations.map((o) => ({ value: o.id, label: o.name }))}
          />
          <SelectField
            form={form}
            path={`memberships.${i}.role`}
            label={t.users.role}
            required
            value={m.role}
            onChange={(role) => update(i, { role: role as Role | '' })}
            placeholder={t.users.chooseRole}
            options={ROLES.map((role) => ({ value: role, label: c.roles[role] }))}
          />
          {m.organisationId && (teams[m.organisationId]?.length ?? 0) > 0 ? (
            <SelectField
              form={form}
              path={`memberships.${i}.teamId`}
              label={t.users.team}
              required={false}
              value={m.teamId}
              onChange={(teamId) => update(i, { teamId })}
              placeholder={t.users.noTeam}
              options={(teams[m.organisationId] ?? []).map((team) => ({ value: team.id, label: team.name }))}
            />
          ) : null}
          <div className="kw-actions">
            <Button appearance="subtle-button" hint="danger" onClick={() => onChange(memberships.filter((_, j) => j !== i))}>
              {t.users.removeMembership(i + 1)}
            </Button>
          </div>
        </fieldset>
      ))}
      <div className="kw-actions">
        <Button appearance="secondary-action-button" onClick={() => onChange([...memberships, newMembership()])}>
          {t.users.addMembership}
        </Button>
      </div>
    </fieldset>
  );
}

export function UserCreatePage() {
  const t = useMessages(admin);
  const params = useSearchParams();
  const organisations = useLoader((signal) => fetchOrganisations(signal), []);
  const form = useFormErrors('user');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [memberships, setMemberships] = useState<MembershipValue[]>(() => [newMembership(params.get('organisationId') ?? '')]);
  const [platformAdmin, setPlatformAdmin] = useState(false);
  const [busy, setBusy] = useState(false);
  const actor = useUser();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = t.users.nameRequired;
    if (!email.trim()) errors.email = t.users.emailRequired;
    else if (!isEmail(email)) errors.email = t.users.emailInvalid;
    if (!password) errors.password = t.users.passwordRequired;
    else if (password.length < 12) errors.password = t.users.passwordTooShort;
    const membershipErrors = validateMemberships(memberships, t);
    if (platformAdmin) delete membershipErrors.memberships;
    Object.assign(errors, membershipErrors);
    if (form.showClientErrors(errors, ['name', 'email', 'password', 'platformAdmin', ...membershipOrder(memberships.length)])) return;
    setBusy(true);
    try {
      const user = await api<User>('/users', {
        method: 'POST',
        body: {
          name: name.trim(),
          email: email.trim(),
          password,
          memberships: membershipPayload(memberships),
          ...(platformAdmin ? { platformAdmin: true } : {}),
        },
      });
      navigate(`/admin/users/${encodeURIComponent(user.id)}`, { state: { flash: t.users.created(user.name) } });
    } catch (error) {
      setBusy(false);
      form.showServerError(error, {
        name: t.users.name,
        email: t.users.email,
        password: t.users.password,
        platformAdmin: t.users.platformAdminLabel,
        ...membershipLabels(memberships.length, t),
      });
    }
  }

  return (
    <>
      <PageTitle>{t.users.newTitle}</PageTitle>
      <Paragraph>
        <RouterLink href="/admin/users">{t.users.title}</RouterLink>
      </Paragraph>
      {organisations.error ? <LoadError error={organisations.error} retry={organisations.reload} /> : null}
      {organisations.loading ? <Loading /> : null}
      {organisations.data ? (
        <form onSubmit={submit} noValidate className="kw-form" aria-busy={busy || undefined}>
          <ErrorSummary form={form} />
          <TextField form={form} path="name" label={t.users.name} required value={name} onChange={setName} autoComplete="off" />
          <TextField form={form} path="email" type="email" label={t.users.email} required value={email} onChange={setEmail} autoComplete="off" spellCheck={false} />
          <TextField
            form={form}
            path="password"
            type="password"
            label={t.users.password}
            description={t.users.passwordDescription}
            required
            value={password}
            onChange={setPassword}
            autoComplete="new-password"
          />
          {actor.platformAdmin ? (
            <CheckboxField
              form={form}
              path="platformAdmin"
              label={t.users.platformAdminLabel}
              description={t.users.platformAdminDescription}
              checked={platformAdmin}
              onChange={setPlatformAdmin}
            />
          ) : null}
          <MembershipsEditor form={form} organisations={organisations.data} memberships={memberships} onChange={setMemberships} />
          <div className="kw-actions">
            <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
              {t.users.create}
            </Button>
          </div>
        </form>
      ) : null}
    </>
  );
}

export function UserDetailPage({ id }: { id: string }) {
  const t = useMessages(admin);
  const c = useMessages(core);
  const { locale } = useLocale();
  const flash = useFlash();
  const data = useLoader(
    async (signal) => {
      const [user, organisations] = await Promise.all([api<User>(`/users/${encodeURIComponent(id)}`, { signal }), fetchOrganisations(signal)]);
      return { user, organisations };
    },
    [id],
  );
  const user = data.data?.user;

  return (
    <>
      <PageTitle title={user?.name ?? t.users.title}>{user?.name ?? t.users.title}</PageTitle>
      <Paragraph>
        <RouterLink href="/admin/users">{t.users.title}</RouterLink>
      </Paragraph>
      {flash ? <StatusMessage>{flash}</StatusMessage> : null}
      {data.error ? <LoadError error={data.error} retry={data.reload} /> : null}
      {data.loading && !user ? <Loading /> : null}
      {data.data && user ? (
        <>
          <dl className="utrecht-data-list">
            <div className="utrecht-data-list__item">
              <dt className="utrecht-data-list__item-key">{t.users.email}</dt>
              <dd className="utrecht-data-list__item-value">{user.email}</dd>
            </div>
            <div className="utrecht-data-list__item">
              <dt className="utrecht-data-list__item-key">{t.users.createdAt}</dt>
              <dd className="utrecht-data-list__item-value">{formatDateTime(locale, user.createdAt)}</dd>
            </div>
            {user.platformAdmin ? (
              <div className="utrecht-data-list__item">
                <dt className="utrecht-data-list__item-key">{t.users.roles}</dt>
                <dd className="utrecht-data-list__item-value">{t.users.platformAdmin}</dd>
              </div>
            ) : null}
          </dl>
          <UserEditForm
            key={user.id}
            user={user}
            organisations={data.data.organisations}
            onSaved={(saved) => data.setData({ user: saved, organisations: data.data?.organisations ?? [] })}
            savedMessage={c.form.saved}
          />
        </>
      ) : null}
    </>
  );
}

function UserEditForm({ user, organisations, onSaved, savedMessage }: { user: User; organisations: Organisation[]; onSaved: (user: User) => void; savedMessage: string }) {
  const t = useMessages(admin);
  const c = useMessages(core);
  const form = useFormErrors('user');
  const [name, setName] = useState(user.name);
  const [active, setActive] = useState(user.active);
  const [memberships, setMemberships] = useState<MembershipValue[]>(() =>
    user.memberships.map((m) => {
      membershipKey += 1;
      return { key: membershipKey, organisationId: m.organisationId, role: m.role, teamId: m.teamId ?? '' };
    }),
  );
  const [platformAdmin, setPlatformAdmin] = useState(user.platformAdmin);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const actor = useUser();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = t.users.nameRequired;
    const membershipErrors = validateMemberships(memberships, t);
    // A platform administrator may have no memberships.
    if (platformAdmin) delete membershipErrors.memberships;
    Object.assign(errors, membershipErrors);
    if (form.showClientErrors(errors, ['name', 'active', 'platformAdmin', ...membershipOrder(memberships.length)])) return;
    setBusy(true);
    try {
      const updated = await api<User>(`/users/${encodeURIComponent(user.id)}`, {
        method: 'PATCH',
        body: {
          name: name.trim(),
          active,
          memberships: membershipPayload(memberships),
          ...(actor.platformAdmin && platformAdmin !== user.platformAdmin ? { platformAdmin } : {}),
        },
      });
      form.clear();
      onSaved(updated);
      setSaved(true);
    } catch (error) {
      form.showServerError(error, {
        name: t.users.name,
        active: t.users.activeLabel,
        platformAdmin: t.users.platformAdminLabel,
        ...membershipLabels(memberships.length, t),
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="kw-form" aria-busy={busy || undefined}>
      <div aria-live="polite">{saved ? <StatusMessage>{savedMessage}</StatusMessage> : null}</div>
      <ErrorSummary form={form} />
      <TextField form={form} path="name" label={t.users.name} required value={name} onChange={setName} autoComplete="off" />
      <CheckboxField form={form} path="active" label={t.users.activeLabel} description={t.users.activeDescription} checked={active} onChange={setActive} />
      {actor.platformAdmin && actor.id !== user.id ? (
        <CheckboxField
          form={form}
          path="platformAdmin"
          label={t.users.platformAdminLabel}
          description={t.users.platformAdminDescription}
          checked={platformAdmin}
          onChange={setPlatformAdmin}
        />
      ) : null}
      <MembershipsEditor form={form} organisations={organisations} memberships={memberships} onChange={setMemberships} />
      <div className="kw-actions">
        <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
          {busy ? c.form.saving : c.form.save}
        </Button>
      </div>
    </form>
  );
}
