/**
 * `npm run validate-set -- FILE...`: checks annotation sets as the extension
 * will, and says what to fix. Needs Node alone (no browser).
 *
 * Each problem is printed with its file, its JSON path and a sentence.
 * Errors stop a set from loading; warnings are worth a look.
 * Exit code: 0 every file is valid, 1 some file is invalid, 2 some file could
 * not be read (the highest applies).
 */
import { readFileSync, statSync } from 'node:fs';
import { countOf } from '../utils/format/quantities';
import { LIMITS } from '../utils/model/set-schema';
import { setWarnings } from '../utils/model/set-warnings';
import { validateSetText } from '../utils/model/validate-set';

const VALID = 0;
const INVALID = 1;
const UNREADABLE = 2;

const files = process.argv.slice(2).filter((arg) => arg !== '--');
if (files.length === 0) {
  console.error('Usage: npm run validate-set -- FILE.json [FILE.json ...]');
  process.exit(UNREADABLE);
}

let exitCode = VALID;
for (const file of files) exitCode = Math.max(exitCode, check(file));
process.exit(exitCode);

function check(file: string): number {
  let text: string;
  let bytes: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    bytes = stat.size;
    // A file over the limit is refused without reading it.
    text = bytes > LIMITS.fileBytes ? '' : readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    console.error(`${file}: cannot be read (${reason}).`);
    return UNREADABLE;
  }
  const result = validateSetText(text, bytes);
  if (!result.ok) {
    for (const error of result.errors) console.log(`${file}: error ${error.path}: ${error.message}`);
    console.log(`${file}: invalid, ${countOf(result.errors.length, 'error', 'errors')}.`);
    return INVALID;
  }
  const warnings = setWarnings(result.set);
  for (const warning of warnings) console.log(`${file}: warning ${warning.path}: ${warning.message}`);
  const { set } = result;
  const summary = `${set.id} ${set.version}, ${countOf(set.entities.length, 'entity', 'entities')}`;
  console.log(`${file}: valid (${summary})${warnings.length ? `, ${countOf(warnings.length, 'warning', 'warnings')}` : ''}.`);
  return VALID;
}
