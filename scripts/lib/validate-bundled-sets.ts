/**
 * Build-time check of the annotation sets in a folder (`public/sets/` for the
 * build): throws one error naming each bad file and the JSON path of each
 * problem, so a broken set can never ship.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatSetErrors, validateAnnotationSet } from '../../utils/model/validate-set';

export function validateBundledSets(folder: string): void {
  const problems: string[] = [];
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
    const path = join(folder, file);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      problems.push(`${path} is not valid JSON: ${(error as Error).message}`);
      continue;
    }
    const result = validateAnnotationSet(json);
    if (!result.ok) problems.push(`${path} is not a valid annotation set:\n${formatSetErrors(result.errors)}`);
  }
  if (problems.length) throw new Error(problems.join('\n\n'));
}
