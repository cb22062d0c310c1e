import { createHash } from 'node:crypto';
import { sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * Marks a statement to run as a named prepared statement on PostgreSQL:
 * `.modifyFront(namedStatement)`. On SQLite it is a comment.
 *
 * PostgreSQL plans an unnamed statement every time it runs. The session's statement (the user,
 * the memberships as JSON and five subqueries) took 0.51 ms to plan and 0.12 ms to run at 1M
 * cases: the largest part of the database's time for a work-queue page. A named statement is
 * parsed once per connection, and after five runs PostgreSQL keeps a generic plan when it costs
 * no more than the custom ones. That is safe for a statement whose plan does not depend on its
 * values, such as a lookup by a unique key. It is not safe for a list filtered by organisation:
 * a generic plan is one plan for the largest and the smallest organisation. So statements are
 * named only where marked.
 *
 * Only for statements outside a transaction: after a migration that changes what the statement
 * returns (a column added under `select *`, or a column's type), PostgreSQL refuses the prepared
 * statement ("cached plan must not change result type"); the statement is then run unnamed on
 * that connection, which needs a transaction that was not aborted by the refusal.
 */
export const namedStatement = sql.raw('/* named */');
const MARK = /^select \/\* named \*\//;

const names = new Map<string, string>();
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `kw_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/** The pool Kysely is given: its connections run marked statements by name (see namedStatement). */
export function namingPool(pool: pg.Pool): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    Client: (pool as unknown as { Client: PostgresPool['Client'] }).Client,
    options: pool.options,
    end: () => pool.end(),
    async connect() {
      const client = await pool.connect();
      let w = wrapped.get(client);
      if (!w) {
        w = namingClient(client);
        wrapped.set(client, w);
      }
      return w;
    },
  };
}

function namingClient(client: pg.PoolClient): PostgresPoolClient {
  // Names this connection runs unnamed again: PostgreSQL refused their prepared statement.
  const refused = new Set<string>();
  const query = (textOrCursor: unknown, parameters?: ReadonlyArray<unknown>): unknown => {
    if (typeof textOrCursor !== 'string') return client.query(textOrCursor as pg.Submittable);
    const values = parameters as unknown[] | undefined;
    if (!MARK.test(textOrCursor)) return client.query(textOrCursor, values);
    const name = nameOf(textOrCursor);
    if (refused.has(name)) return client.query(textOrCursor, values);
    return client.query({ name, text: textOrCursor, values }).catch((err: { code?: string }) => {
      // 0A000 feature_not_supported: "cached plan must not change result type".
      if (err?.code !== '0A000') throw err;
      refused.add(name);
      return client.query(textOrCursor, values);
    });
  };
  return {
    get processID() {
      return (client as unknown as { processID?: number }).processID;
    },
    query: query as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  };
}
