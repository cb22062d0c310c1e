import { SelectQueryNode, type CompiledQuery, type KyselyPlugin, type RootOperationNode } from 'kysely';
import type { TestApp } from './app.ts';

/**
 * A plugin that keeps every query the app makes (give it to createTestApp), so that a test can ask
 * for the plan of a route's own SQL: `selects(app)` compiles the selects as the app ran them.
 */
export function queryRecorder() {
  const seen: RootOperationNode[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      seen.push(node);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return {
    plugin,
    clear() {
      seen.length = 0;
    },
    selects(app: TestApp): CompiledQuery[] {
      const executor = app.database.db.getExecutor();
      return seen.filter((n) => SelectQueryNode.is(n)).map((n) => executor.compileQuery(n, { queryId: 'plan' }));
    },
  };
}
