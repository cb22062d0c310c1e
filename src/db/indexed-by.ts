import { FromNode, RawNode, SelectQueryNode, TableNode, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs } from 'kysely';

/**
 * SQLite's `INDEXED BY`, which Kysely cannot write: the top-level `from <table>` of a select
 * becomes `from "<table>" indexed by "<index>"`. Subqueries and aliased tables are left alone.
 *
 * For where the planner's sampled statistics (`analysis_limit`) cannot tell a partial index from
 * the full one: both then look like ~1,000 rows per organisation. SQLite refuses the query
 * ("no query solution") when the index cannot serve it, so use it only where the index's
 * condition is part of the query's own where.
 */
export class IndexedBy implements KyselyPlugin {
  readonly #table: string;
  readonly #index: string;
  constructor(table: string, index: string) {
    this.#table = table;
    this.#index = index;
  }

  transformQuery({ node }: PluginTransformQueryArgs) {
    if (!SelectQueryNode.is(node) || !node.from) return node;
    const froms = node.from.froms.map((f) =>
      TableNode.is(f) && !f.table.schema && f.table.identifier.name === this.#table ? RawNode.createWithSql(`"${this.#table}" indexed by "${this.#index}"`) : f,
    );
    return { ...node, from: FromNode.create(froms) };
  }

  async transformResult({ result }: PluginTransformResultArgs) {
    return result;
  }
}
