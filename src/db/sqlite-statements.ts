import type BetterSqlite3 from 'better-sqlite3';

/**
 * SQLite re-plans a statement when the value bound to a parameter could change its plan: the planner
 * marks `col = ?`, `col is ?`, `limit ?` and `offset ?` as "reprepare on bind" (it peeks at the value
 * to estimate how selective the term is). better-sqlite3 clears the bindings after every run
 * (`sqlite3_clear_bindings`), and SQLite expires every such statement when that happens: each
 * execution was parsed and planned again, and better-sqlite3 then compiled a new row constructor
 * (`Function(...)`) for it. That was most of the SQL time of a request: in the server on the 10k
 * benchmark database the session statement took 125 µs (24 without re-planning) and a work-queue
 * page 130 µs (78); CPU per request fell by a fifth.
 *
 * `(select ?)` is the same value with the same (absent) affinity, and the same index plan, but it is
 * not a bare parameter, so the planner does not ask to be re-run for it. This rewrites those places,
 * once per SQL text; the parameters and their order do not change.
 */
export function stablePlanSql(sqlText: string): string {
  let out = '';
  let last = 0;
  let i = 0;
  const n = sqlText.length;
  while (i < n) {
    const c = sqlText[i]!;
    if (c === "'" || c === '"' || c === '`') {
      // A quoted string or identifier; a doubled quote is an escaped one.
      i++;
      while (i < n) {
        if (sqlText[i] === c) {
          if (sqlText[i + 1] === c) i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (c === '[') {
      i = sqlText.indexOf(']', i) + 1 || n;
    } else if (c === '-' && sqlText[i + 1] === '-') {
      i = sqlText.indexOf('\n', i) + 1 || n;
    } else if (c === '/' && sqlText[i + 1] === '*') {
      i = sqlText.indexOf('*/', i + 2) + 2 || n;
    } else if (c === '?') {
      const numbered = /[0-9]/.test(sqlText[i + 1] ?? '');
      if (!numbered && replansOnBind(sqlText, i)) {
        out += `${sqlText.slice(last, i)}(select ?)`;
        last = i + 1;
      }
      i++;
    } else i++;
  }
  return last === 0 ? sqlText : out + sqlText.slice(last);
}

/** Whether the parameter at `at` follows `=`, `==`, `is`, `limit` or `offset`. */
function replansOnBind(sqlText: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && /\s/.test(sqlText[j]!)) j--;
  if (j < 0) return false;
  if (sqlText[j] === '=') {
    const before = sqlText[j - 1];
    // `<=`, `>=`, `!=` are ranges or inequalities, which the planner does not re-run for.
    return before !== '<' && before !== '>' && before !== '!';
  }
  let k = j;
  while (k >= 0 && /[A-Za-z_]/.test(sqlText[k]!)) k--;
  const word = sqlText.slice(k + 1, j + 1).toLowerCase();
  return word === 'is' || word === 'limit' || word === 'offset';
}

/**
 * Kysely's SQLite driver prepares every statement on every query, which was
 * 39 % of request time in profiles (PERFORMANCE.md). Prepared statements are
 * reusable, so they are kept by SQL text (bounded, oldest evicted first), and
 * prepared from the plan-stable text above.
 */
export function cachingStatements(sqlite: BetterSqlite3.Database, max = 500) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        stmt = sqlite.prepare(stablePlanSql(sqlText));
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
  };
}
