import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { enqueueMail } from '../../mail/outbox.ts';
import { dutchDate } from '../../letters/dutch.ts';
import { appendAudit } from '../../core/audit/audit.repository.ts';
import type { Deps } from '../context.ts';
import type { CaseRow } from './cases.service.ts';
import { hashToken } from './cases.service.ts';
import { getRegulation } from '../regulations/regulations.service.ts';

type Db = Kysely<DB> | Transaction<DB>;

const KIND_NL: Record<string, string> = {
  compliment: 'compliment',
  dissatisfaction: 'melding van onvrede',
  complaint: 'klacht',
  signal: 'melding',
  objection: 'bericht over een besluit',
};

/**
 * The mail on receipt: the reference and the secret status link. Written to the
 * outbox in the intake's own transaction, so an acknowledged intake always has it.
 */
export async function enqueueReceiptMail(trx: Db, c: CaseRow, orgName: string, publicUrl: string, statusToken: string): Promise<void> {
  const complainant = c.complainant ? (JSON.parse(c.complainant) as { name: string; email?: string }) : null;
  if (!complainant?.email) return;
  const what = KIND_NL[c.kind] ?? 'bericht';
  await enqueueMail(trx, {
    caseId: c.id,
    organisationId: c.organisation_id,
    to: complainant.email,
    subject: `Wij hebben uw ${what} ontvangen (${c.reference})`,
    body: [
      `Beste ${complainant.name},`,
      '',
      `Wij hebben uw ${what} ontvangen op ${dutchDate(c.received_on)}. Het kenmerk is ${c.reference}.`,
      '',
      'Via deze persoonlijke link ziet u hoe het ervoor staat. U kunt er ook iets aanvullen of een document sturen:',
      `${publicUrl}/status/${statusToken}`,
      '',
      'Deel deze link niet met anderen. Raakt u de link kwijt? Vraag dan een nieuwe aan op de website, met uw e-mailadres en het kenmerk.',
      '',
      'Een klacht indienen is gratis. U mag zich laten helpen, bijvoorbeeld door een onafhankelijke klantondersteuner of een vertrouwenspersoon.',
      '',
      'Met vriendelijke groet,',
      orgName,
    ].join('\n'),
  });
}

/** A lost link: a new token replaces the old one, mailed to the address the case was filed with. */
export async function enqueueStatusLinkMail(db: Kysely<DB>, deps: Deps, c: CaseRow, email: string, ip: string | null): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const org = await db.selectFrom('organisations').select('name').where('id', '=', c.organisation_id).executeTakeFirstOrThrow();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('cases')
      .set({ status_token_hash: hashToken(token) })
      .where('id', '=', c.id)
      .execute();
    await enqueueMail(trx, {
      caseId: c.id,
      organisationId: c.organisation_id,
      to: email,
      subject: `Uw nieuwe link voor ${c.reference}`,
      body: [
        'Beste,',
        '',
        `U vroeg een nieuwe link aan voor ${c.reference}. De oude link werkt niet meer.`,
        `${deps.config.publicUrl}/status/${token}`,
        '',
        'Heeft u dit niet zelf aangevraagd? Dan hoeft u niets te doen.',
        '',
        'Met vriendelijke groet,',
        org.name,
      ].join('\n'),
    });
    await appendAudit(trx, {
      actor: null,
      actorRole: 'complainant',
      ip,
      action: 'case.status-link-renewed',
      entityType: 'case',
      entityId: c.id,
      organisationId: c.organisation_id,
    });
  });
}

/**
 * Signals that may need administrative attention reach the municipality's
 * board at once [001 §11.VI]: every organisation up the chain whose regulation
 * says so gets a mail to its oversight users. Process data only: reference,
 * organisation and date, no content.
 */
export async function enqueueSignalNotices(trx: Db, c: CaseRow, publicUrl: string): Promise<number> {
  const chain: string[] = [c.organisation_id];
  for (let id: string | null = c.organisation_id; id; ) {
    const row: { parent_id: string | null } | undefined = await trx.selectFrom('organisations').select('parent_id').where('id', '=', id).executeTakeFirst();
    id = row?.parent_id ?? null;
    if (id && !chain.includes(id)) chain.push(id);
    else id = null;
  }
  const from = await trx.selectFrom('organisations').select('name').where('id', '=', c.organisation_id).executeTakeFirstOrThrow();
  let sent = 0;
  for (const orgId of chain) {
    const org = await trx.selectFrom('organisations').select(['regulation_id']).where('id', '=', orgId).executeTakeFirstOrThrow();
    const reg = (await getRegulation(trx as Kysely<DB>, org.regulation_id))?.regulation;
    const rule = reg?.kinds.find((k) => k.kind === 'signal');
    if (!rule || !('notifyBoardAtOnce' in rule) || !rule.notifyBoardAtOnce) continue;
    const oversight = await trx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('u.email')
      .where('m.organisation_id', '=', orgId)
      .where('m.role', '=', 'oversight')
      .where('u.active', '=', 1)
      .execute();
    for (const o of oversight) {
      await enqueueMail(trx, {
        caseId: c.id,
        organisationId: orgId,
        to: o.email,
        subject: `Nieuw signaal bij ${from.name} (${c.reference})`,
        body: [
          `Bij ${from.name} is op ${dutchDate(c.received_on)} een signaal geregistreerd met kenmerk ${c.reference}.`,
          'Signalen die bestuurlijke aandacht vragen, melden wij direct aan het college [001 §11.VI].',
          '',
          `Procesgegevens: ${publicUrl}/cases/${c.id}`,
        ].join('\n'),
      });
      sent++;
    }
  }
  return sent;
}

/**
 * A compliment reaches the employee or team it is about [000 §2]: each named
 * employee with an account, or each member of the named team, gets it by mail,
 * in the intake's transaction.
 */
export async function passOnCompliment(trx: Db, c: CaseRow, orgName: string): Promise<number> {
  const named = await trx
    .selectFrom('case_parties as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['u.email', 'u.name'])
    .where('p.case_id', '=', c.id)
    .where('p.role', '=', 'respondent')
    .where('u.active', '=', 1)
    .execute();
  // A compliment for a team (named as the department) reaches the team's members.
  const departments = (
    await trx.selectFrom('case_parties').select('department').where('case_id', '=', c.id).where('role', '=', 'respondent').where('user_id', 'is', null).execute()
  )
    .map((p) => p.department?.trim().toLowerCase())
    .filter((d): d is string => !!d);
  const team = departments.length
    ? await trx
        .selectFrom('teams as t')
        .innerJoin('memberships as m', 'm.team_id', 't.id')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.email', 'u.name', 't.name as team'])
        .where('t.organisation_id', '=', c.organisation_id)
        .where('u.active', '=', 1)
        .execute()
    : [];
  const people = [...named, ...team.filter((m) => departments.includes(m.team.toLowerCase()))].filter((p, i, all) => all.findIndex((q) => q.email === p.email) === i);
  for (const p of people) {
    await enqueueMail(trx, {
      caseId: c.id,
      organisationId: c.organisation_id,
      to: p.email,
      subject: `Een compliment voor u (${c.reference})`,
      body: [`Beste ${p.name},`, '', `${orgName} ontving op ${dutchDate(c.received_on)} een compliment over u:`, '', c.description ?? '', '', 'Goed gedaan!'].join('\n'),
    });
  }
  return people.length;
}
