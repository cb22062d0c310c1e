import type { Kysely } from 'kysely';

// Single sign-on with OpenID Connect: an organisation's (or the installation's)
// identity provider, the identities it vouches for, the sign-ins under way
// (state, nonce and PKCE verifier live here, never in the browser), and the
// id token a session needs for the provider's logout.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('identity_providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('client_secret_enc', 'text')
    .addColumn('client_secret_env', 'text')
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('email_claim', 'text', (c) => c.notNull())
    .addColumn('name_claim', 'text', (c) => c.notNull())
    .addColumn('groups_claim', 'text')
    .addColumn('role_mappings', 'text', (c) => c.notNull())
    .addColumn('password_login', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_identities')
    .addColumn('provider_id', 'text', (c) => c.notNull().references('identity_providers.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_identities_pk', ['provider_id', 'subject'])
    .execute();

  await db.schema
    .createTable('sso_requests')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('return_to', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sso_sessions')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('id_token', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['sso_sessions', 'sso_requests', 'user_identities', 'identity_providers']) await db.schema.dropTable(t).execute();
}
