import type { Kysely } from 'kysely';

// An organisation's own look on its public pages: a logo (a data: URI of a small
// PNG, JPEG or SVG, so citizens' browsers fetch nothing from elsewhere) and a
// brand colour (#rrggbb) that becomes NL Design System theme tokens.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').addColumn('logo', 'text').execute();
  await db.schema.alterTable('organisations').addColumn('brand_color', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('brand_color').execute();
  await db.schema.alterTable('organisations').dropColumn('logo').execute();
}
