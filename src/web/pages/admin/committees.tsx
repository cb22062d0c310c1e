import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Heading2, Heading3, Heading4, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../lib/api.ts';
import { defineMessages, useMessages } from '../../lib/i18n.tsx';
import { ErrorSummary, SelectField, TextField, isEmail, useFormErrors } from '../../components/form.tsx';
import { LoadError, Loading, StatusMessage, useLoader } from '../../components/page.tsx';

// One complaints committee for several organisations (issue 9 §2.4): create one, invite
// organisations, accept or decline an invitation for this organisation, appoint members.

const m = defineMessages(
  {
    title: 'Gezamenlijke klachtencommissie',
    intro:
      'Een klachtencommissie kan werken voor meer organisaties. De commissie nodigt een organisatie uit. Een beheerder van die organisatie neemt de uitnodiging aan en kiest het niveau uit de eigen klachtenregeling. Elke zaak blijft van de eigen organisatie.',
    none: 'Deze organisatie heeft nog geen gezamenlijke klachtencommissie.',
    createTitle: 'Nieuwe commissie',
    name: 'Naam van de commissie',
    nameRequired: 'Vul de naam van de commissie in.',
    create: 'Commissie maken',
    created: (name: string) => `De commissie ${name} is gemaakt.`,
    managedBy: (name: string) => `Beheerd door ${name}.`,
    managedByInstallation: 'Beheerd door de beheerders van de installatie.',
    statusOf: (status: string) => ({ invited: 'Uitgenodigd', active: 'Neemt deel', declined: 'Afgewezen', left: 'Gestopt' })[status] ?? status,
    served: 'Organisaties',
    level: (level: string) => `niveau: ${level}`,
    members: 'Leden',
    noMembers: 'Er zijn nog geen leden benoemd.',
    chair: 'voorzitter',
    member: 'lid',
    acceptTitle: 'Uitnodiging voor deze organisatie',
    acceptLevel: 'Welk niveau van de klachtenregeling behandelt de commissie?',
    noCommitteeLevel: 'De klachtenregeling van deze organisatie heeft geen niveau voor een commissie. Pas de regeling eerst aan.',
    accept: (name: string) => `Uitnodiging van ${name} aannemen`,
    decline: (name: string) => `Uitnodiging van ${name} afwijzen`,
    leave: (name: string) => `Stoppen met ${name}`,
    accepted: 'De uitnodiging is aangenomen. Nieuwe zaken op dit niveau gaan naar de commissie.',
    declined: 'De uitnodiging is afgewezen.',
    left: 'De organisatie is gestopt met de commissie. Nieuwe zaken gaan niet meer naar de commissie.',
    inviteTitle: 'Organisatie uitnodigen',
    slug: 'Adresnaam van de organisatie',
    slugHint: 'Het laatste deel van het webadres van het klachtenformulier, bijvoorbeeld gemeente-eemdal.',
    slugRequired: 'Vul de adresnaam in.',
    invite: 'Uitnodigen',
    invited: 'De uitnodiging is verstuurd.',
    appointTitle: 'Lid benoemen',
    email: 'E-mailadres van het lid',
    emailHint: 'De persoon heeft al een account in Klachtwijzer.',
    emailInvalid: 'Vul een geldig e-mailadres in.',
    role: 'Rol in de commissie',
    appoint: 'Benoemen',
    appointed: 'Het lid is benoemd.',
    end: (name: string) => `Benoeming van ${name} beëindigen`,
    ended: 'De benoeming is beëindigd.',
  },
  {
    title: 'Shared complaints committee',
    intro:
      'A complaints committee can work for several organisations. The committee invites an organisation. An administrator of that organisation accepts the invitation and chooses the level of its own complaints regulation. Every case stays with its own organisation.',
    none: 'This organisation has no shared complaints committee yet.',
    createTitle: 'New committee',
    name: 'Name of the committee',
    nameRequired: 'Enter the name of the committee.',
    create: 'Create committee',
    created: (name: string) => `The committee ${name} was created.`,
    managedBy: (name: string) => `Managed by ${name}.`,
    managedByInstallation: "Managed by the installation's administrators.",
    statusOf: (status: string) => ({ invited: 'Invited', active: 'Takes part', declined: 'Declined', left: 'Stopped' })[status] ?? status,
    served: 'Organisations',
    level: (level: string) => `level: ${level}`,
    members: 'Members',
    noMembers: 'No members have been appointed yet.',
    chair: 'chair',
    member: 'member',
    acceptTitle: 'Invitation for this organisation',
    acceptLevel: 'Which level of the complaints regulation does the committee handle?',
    noCommitteeLevel: "This organisation's complaints regulation has no level for a committee. Change the regulation first.",
    accept: (name: string) => `Accept the invitation of ${name}`,
    decline: (name: string) => `Decline the invitation of ${name}`,
    leave: (name: string) => `Stop with ${name}`,
    accepted: 'The invitation was accepted. New cases at this level go to the committee.',
    declined: 'The invitation was declined.',
    left: 'The organisation stopped with the committee. New cases no longer go to the committee.',
    inviteTitle: 'Invite an organisation',
    slug: "Organisation's address name",
    slugHint: 'The last part of the web address of its complaint form, for example gemeente-eemdal.',
    slugRequired: 'Enter the address name.',
    invite: 'Invite',
    invited: 'The invitation was sent.',
    appointTitle: 'Appoint a member',
    email: "Member's email address",
    emailHint: 'The person already has a Klachtwijzer account.',
    emailInvalid: 'Enter a valid email address.',
    role: 'Role in the committee',
    appoint: 'Appoint',
    appointed: 'The member was appointed.',
    end: (name: string) => `End the appointment of ${name}`,
    ended: 'The appointment was ended.',
  },
);

interface Link {
  organisationId: string;
  organisationName: string;
  status: 'invited' | 'active' | 'declined' | 'left';
  levelId: string | null;
}
export interface Committee {
  id: string;
  name: string;
  managingOrganisationId: string | null;
  managingOrganisationName: string | null;
  organisations: Link[];
  members: { userId: string; name: string; role: 'chair' | 'member' }[];
  you: { manage: boolean; member: boolean; administer: string[] };
}
interface RegulationLevels {
  levels: { id: string; name: string; handlerRole: string }[];
}

export function fetchCommittees(signal?: AbortSignal): Promise<Committee[]> {
  return api<{ items: Committee[] }>('/committees', signal ? { signal } : {}).then((r) => r.items);
}

/** The committees this organisation manages, takes part in or is invited to, on its admin page. */
export function CommitteesSection({ organisationId, regulationId }: { organisationId: string; regulationId: string }) {
  const t = useMessages(m);
  const data = useLoader(
    async (signal) => {
      const [committees, regulation] = await Promise.all([fetchCommittees(signal), api<RegulationLevels>(`/regulations/${encodeURIComponent(regulationId)}`, { signal })]);
      return {
        committees: committees.filter((c) => c.managingOrganisationId === organisationId || c.organisations.some((o) => o.organisationId === organisationId)),
        levels: regulation.levels.filter((l) => l.handlerRole === 'committee-member'),
      };
    },
    [organisationId, regulationId],
  );
  const [status, setStatus] = useState<string | null>(null);
  const done = (message: string) => {
    setStatus(message);
    data.reload();
  };

  return (
    <section aria-labelledby="org-committees" className="kw-section">
      <Heading2 id="org-committees">{t.title}</Heading2>
      <Paragraph>{t.intro}</Paragraph>
      <div aria-live="polite">{status ? <StatusMessage>{status}</StatusMessage> : null}</div>
      {data.error ? <LoadError error={data.error} retry={data.reload} /> : null}
      {data.loading && !data.data ? <Loading /> : null}
      {data.data?.committees.length === 0 ? <Paragraph>{t.none}</Paragraph> : null}
      {data.data?.committees.map((c) => (
        <CommitteeCard key={c.id} committee={c} organisationId={organisationId} levels={data.data!.levels} onDone={done} />
      ))}
      {data.data ? <CreateCommittee organisationId={organisationId} onDone={done} /> : null}
    </section>
  );
}

function CommitteeCard({
  committee: c,
  organisationId,
  levels,
  onDone,
}: {
  committee: Committee;
  organisationId: string;
  levels: RegulationLevels['levels'];
  onDone: (message: string) => void;
}) {
  const t = useMessages(m);
  const own = c.organisations.find((o) => o.organisationId === organisationId);
  const mayAnswer = own !== undefined && c.you.administer.includes(organisationId);
  const headingId = `committee-${c.id}`;
  return (
    <section aria-labelledby={headingId} className="kw-section">
      <Heading3 id={headingId}>{c.name}</Heading3>
      <Paragraph>{c.managingOrganisationName ? t.managedBy(c.managingOrganisationName) : t.managedByInstallation}</Paragraph>
      <Paragraph>
        <strong>{t.served}</strong>
      </Paragraph>
      <ul className="utrecht-unordered-list">
        {c.organisations.map((o) => (
          <li className="utrecht-unordered-list__item" key={o.organisationId}>
            {o.organisationName}: {t.statusOf(o.status)}
            {o.levelId ? ` (${t.level(o.levelId)})` : ''}
          </li>
        ))}
      </ul>
      <Paragraph>
        <strong>{t.members}</strong>
      </Paragraph>
      {c.members.length === 0 ? <Paragraph>{t.noMembers}</Paragraph> : null}
      <ul className="kw-plain-list">
        {c.members.map((member) => (
          <li key={member.userId}>
            {member.name} ({member.role === 'chair' ? t.chair : t.member}){' '}
            {c.you.manage ? (
              <Button
                appearance="subtle-button"
                onClick={async () => {
                  await api(`/committees/${encodeURIComponent(c.id)}/members/${encodeURIComponent(member.userId)}`, { method: 'DELETE' });
                  onDone(t.ended);
                }}
              >
                {t.end(member.name)}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {mayAnswer && own.status === 'invited' ? <AcceptInvitation committee={c} organisationId={organisationId} levels={levels} onDone={onDone} /> : null}
      {mayAnswer && own.status === 'active' ? (
        <div className="kw-actions">
          <Button
            appearance="secondary-action-button"
            onClick={async () => {
              await api(`/committees/${encodeURIComponent(c.id)}/organisations/${encodeURIComponent(organisationId)}/leave`, { method: 'POST', body: {} });
              onDone(t.left);
            }}
          >
            {t.leave(c.name)}
          </Button>
        </div>
      ) : null}
      {c.you.manage ? <InviteOrganisation committee={c} onDone={onDone} /> : null}
      {c.you.manage ? <AppointMember committee={c} onDone={onDone} /> : null}
    </section>
  );
}

function AcceptInvitation({
  committee: c,
  organisationId,
  levels,
  onDone,
}: {
  committee: Committee;
  organisationId: string;
  levels: RegulationLevels['levels'];
  onDone: (message: string) => void;
}) {
  const t = useMessages(m);
  const form = useFormErrors(`accept-${c.id}`);
  const [levelId, setLevelId] = useState(levels[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const base = `/committees/${encodeURIComponent(c.id)}/organisations/${encodeURIComponent(organisationId)}`;
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    try {
      await api(`${base}/accept`, { method: 'POST', body: { levelId } });
      form.clear();
      onDone(t.accepted);
    } catch (error) {
      form.showServerError(error, { levelId: t.acceptLevel });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate className="kw-form" aria-busy={busy || undefined} aria-label={t.acceptTitle}>
      <ErrorSummary form={form} />
      {levels.length === 0 ? (
        <Paragraph>{t.noCommitteeLevel}</Paragraph>
      ) : (
        <SelectField
          form={form}
          path="levelId"
          label={t.acceptLevel}
          required
          value={levelId}
          onChange={setLevelId}
          options={levels.map((l) => ({ value: l.id, label: l.name }))}
        />
      )}
      <div className="kw-actions">
        {levels.length > 0 ? (
          <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
            {t.accept(c.name)}
          </Button>
        ) : null}
        <Button
          appearance="secondary-action-button"
          onClick={async () => {
            await api(`${base}/decline`, { method: 'POST', body: {} });
            onDone(t.declined);
          }}
        >
          {t.decline(c.name)}
        </Button>
      </div>
    </form>
  );
}

function InviteOrganisation({ committee: c, onDone }: { committee: Committee; onDone: (message: string) => void }) {
  const t = useMessages(m);
  const form = useFormErrors(`invite-${c.id}`);
  const [slug, setSlug] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.showClientErrors(slug.trim() ? {} : { slug: t.slugRequired })) return;
    setBusy(true);
    try {
      await api(`/committees/${encodeURIComponent(c.id)}/invitations`, { method: 'POST', body: { slug: slug.trim() } });
      form.clear();
      setSlug('');
      onDone(t.invited);
    } catch (error) {
      form.showServerError(error, { slug: t.slug });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate className="kw-form" aria-busy={busy || undefined} aria-label={`${t.inviteTitle}: ${c.name}`}>
      <Heading4>{t.inviteTitle}</Heading4>
      <ErrorSummary form={form} />
      <TextField form={form} path="slug" label={t.slug} description={t.slugHint} required value={slug} onChange={setSlug} />
      <div className="kw-actions">
        <Button type="submit" appearance="secondary-action-button" busy={busy} disabled={busy}>
          {t.invite}
        </Button>
      </div>
    </form>
  );
}

function AppointMember({ committee: c, onDone }: { committee: Committee; onDone: (message: string) => void }) {
  const t = useMessages(m);
  const form = useFormErrors(`appoint-${c.id}`);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('member');
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.showClientErrors(isEmail(email.trim()) ? {} : { email: t.emailInvalid })) return;
    setBusy(true);
    try {
      await api(`/committees/${encodeURIComponent(c.id)}/members`, { method: 'POST', body: { email: email.trim(), role } });
      form.clear();
      setEmail('');
      onDone(t.appointed);
    } catch (error) {
      form.showServerError(error, { email: t.email, role: t.role });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate className="kw-form" aria-busy={busy || undefined} aria-label={`${t.appointTitle}: ${c.name}`}>
      <Heading4>{t.appointTitle}</Heading4>
      <ErrorSummary form={form} />
      <TextField form={form} path="email" type="email" label={t.email} description={t.emailHint} required value={email} onChange={setEmail} autoComplete="off" />
      <SelectField
        form={form}
        path="role"
        label={t.role}
        value={role}
        onChange={setRole}
        options={[
          { value: 'member', label: t.member },
          { value: 'chair', label: t.chair },
        ]}
      />
      <div className="kw-actions">
        <Button type="submit" appearance="secondary-action-button" busy={busy} disabled={busy}>
          {t.appoint}
        </Button>
      </div>
    </form>
  );
}

function CreateCommittee({ organisationId, onDone }: { organisationId: string; onDone: (message: string) => void }) {
  const t = useMessages(m);
  const form = useFormErrors('committee-new');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.showClientErrors(name.trim().length >= 2 ? {} : { name: t.nameRequired })) return;
    setBusy(true);
    try {
      const created = await api<Committee>('/committees', { method: 'POST', body: { name: name.trim(), managingOrganisationId: organisationId } });
      form.clear();
      setName('');
      onDone(t.created(created.name));
    } catch (error) {
      form.showServerError(error, { name: t.name });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate className="kw-form" aria-busy={busy || undefined} aria-labelledby="committee-new-title">
      <Heading3 id="committee-new-title">{t.createTitle}</Heading3>
      <ErrorSummary form={form} />
      <TextField form={form} path="name" label={t.name} required value={name} onChange={setName} />
      <div className="kw-actions">
        <Button type="submit" appearance="secondary-action-button" busy={busy} disabled={busy}>
          {t.create}
        </Button>
      </div>
    </form>
  );
}
