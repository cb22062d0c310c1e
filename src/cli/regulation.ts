/**
 * node src/cli/regulation.ts check FILE...   validate regulation files (exit 1 on errors)
 * node src/cli/regulation.ts schema          print the JSON Schema for regulation files
 *
 * `check` names the path of every wrong field and warns where a regulation falls
 * below the law; warnings alone exit 0.
 */
import { readFileSync } from 'node:fs';
import { checkRegulation } from '../domain/check.ts';
import { regulationJsonSchema } from '../domain/regulation.schema.ts';

const USAGE = 'usage: regulation check FILE... | regulation schema';

function check(files: string[]): number {
  let failed = false;
  for (const file of files) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      console.error(`${file}: error: cannot read JSON: ${(err as Error).message}`);
      failed = true;
      continue;
    }
    const { errors, warnings, regulation } = checkRegulation(data);
    for (const e of errors) console.error(`${file}: error: ${e.path}: ${e.message}`);
    for (const w of warnings) console.warn(`${file}: warning: ${w.path}: ${w.message}`);
    if (errors.length) failed = true;
    else console.log(`${file}: ok: ${regulation!.id} v${regulation!.version}, ${warnings.length} warning(s)`);
  }
  return failed ? 1 : 0;
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === 'check' && rest.length > 0) return check(rest);
  if (command === 'schema' && rest.length === 0) {
    console.log(JSON.stringify(regulationJsonSchema(), null, 2));
    return 0;
  }
  console.error(USAGE);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
