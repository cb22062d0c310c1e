import type { Kysely } from 'kysely';
import type { DB, UserRow } from '../../db/schema.ts';
import type { Membership, Role } from '../auth/roles.ts';

export interface UserDto {
  id: string;
  email: string;
  name: string;
  active: boolean;
  platformAdmin: boolean;
  memberships: (Membership & { organisationName: string })[];
  createdAt: string;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: Kysely<DB>, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export async function membershipsOf(db: Kysely<DB>, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, UserDto['memberships']>();
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['m.user_id', 'm.organisation_id', 'o.name as organisation_name', 'm.role', 'm.team_id'])
    .where('m.user_id', 'in', userIds)
    .orderBy('o.name')
    .orderBy('m.role')
    .execute();
  const byUser = new Map<string, UserDto['memberships']>();
  for (const r of rows) {
    const list = byUser.get(r.user_id) ?? [];
    list.push({ organisationId: r.organisation_id, organisationName: r.organisation_name, role: r.role as Role, teamId: r.team_id });
    byUser.set(r.user_id, list);
  }
  return byUser;
}

export function toUserDto(row: UserRow, memberships: UserDto['memberships']): UserDto {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    active: row.active === 1,
    platformAdmin: row.platform_admin === 1,
    memberships,
    createdAt: row.created_at,
  };
}

export async function getUserDto(db: Kysely<DB>, id: string): Promise<UserDto | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const ms = await membershipsOf(db, [row.id]);
  return toUserDto(row, ms.get(row.id) ?? []);
}
