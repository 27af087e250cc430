/** The annotation sets that ship inside the extension, under `public/sets/`. */
import { installSet, getSet, retireBundledSets } from '../db/store';
import type { BackstoryDatabase } from '../db/database';
import { formatSetErrors, validateAnnotationSet } from '../model/validate-set';

/** Files in `public/sets/`; a unit test keeps this list and the folder in step. */
export const BUNDLED_SET_FILES = ['oakland-civic.json', 'federal-immigration.json', 'california-law.json', 'bay-area-news.json'] as const;

export type ReadBundledFile = (file: string) => Promise<unknown>;

/**
 * Puts every bundled set into the database. With `force` (install and update)
 * each is rewritten from the package (keeping the reader's switch) and bundled
 * sets the package no longer has are taken out; otherwise only missing ones
 * are added, which makes a start after a lost or cleared database whole again.
 * A set that fails validation is reported and skipped; the others still load.
 */
export async function loadBundledSets(
  db: BackstoryDatabase,
  read: ReadBundledFile,
  { force }: { force: boolean },
): Promise<void> {
  const failures: string[] = [];
  const shipped: string[] = [];
  for (const file of BUNDLED_SET_FILES) {
    try {
      const result = validateAnnotationSet(await read(file));
      if (!result.ok) {
        failures.push(`sets/${file} is not a valid annotation set:\n${formatSetErrors(result.errors)}`);
        continue;
      }
      shipped.push(result.set.id);
      if (force || !(await getSet(db, result.set.id))) await installSet(db, result.set, 'bundled');
    } catch (error) {
      failures.push(`sets/${file} could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // Only a complete package says what is no longer shipped.
  if (force && failures.length === 0) await retireBundledSets(db, shipped);
  if (failures.length) throw new Error(failures.join('\n'));
}
