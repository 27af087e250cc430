/**
 * The compiled dictionary of the enabled sets: built when the sets change,
 * kept in the database, and handed to every page as it is. The worker may be
 * stopped at any time, so the cache lives in Dexie, not in memory.
 */
import type { BackstoryDatabase } from '../db/database';
import { enabledSetsFingerprint, entitiesOfEnabledSets, readCache, writeCache } from '../db/store';
import { COMPILED_FORMAT } from '../matcher/compile';
import type { PageDictionary } from '../matcher/page-matcher';
import { pageDictionaryFor } from '../sets/dictionary';

/**
 * A build with a new compiled format, or new entity keys (set-qualified since
 * store version 3), never reads an older dictionary from the cache.
 */
const CACHE_KEY = `page-dictionary/${COMPILED_FORMAT}/set-qualified`;

export async function currentPageDictionary(db: BackstoryDatabase): Promise<PageDictionary> {
  const fingerprint = await enabledSetsFingerprint(db);
  const cached = await readCache<PageDictionary>(db, CACHE_KEY, fingerprint);
  if (cached) return cached;
  const dictionary = pageDictionaryFor(await entitiesOfEnabledSets(db));
  await writeCache(db, CACHE_KEY, fingerprint, dictionary);
  return dictionary;
}
