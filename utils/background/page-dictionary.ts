/**
 * The compiled dictionary of the enabled sets: built when the sets change,
 * kept in the database, and handed to every page — whole when it is small,
 * else its first-word table alone, the aliases of a first word being looked
 * up here when a page meets it (see `LazyDictionary`). The worker may be
 * stopped at any time, so the dictionary lives in Dexie; memory only spares
 * a running worker from reading it again.
 */
import type { BackstoryDatabase } from '../db/database';
import { enabledSetsFingerprint, entitiesOfEnabledSets, readCache, writeCache } from '../db/store';
import { COMPILED_FORMAT, aliasGroupsFor, deliveredForm, type AliasLookup, type WordAsked } from '../matcher/compile';
import type { DeliveredPageDictionary, PageDictionary } from '../matcher/page-matcher';
import { pageDictionaryFor } from '../sets/dictionary';

/**
 * A build with a new compiled format, or new entity keys (set-qualified since
 * store version 3), never reads an older dictionary from the cache.
 */
const CACHE_KEY = `page-dictionary/${COMPILED_FORMAT}/set-qualified`;

/** A compiled dictionary and the name pages know it by, stored together. */
interface Stored {
  /** New with each compilation: a page's lookup names the dictionary it was given. */
  version: string;
  dictionary: PageDictionary;
}

let memory: { db: BackstoryDatabase; fingerprint: string; stored: Stored; delivered: DeliveredPageDictionary } | null = null;

async function current(db: BackstoryDatabase): Promise<{ stored: Stored; delivered: DeliveredPageDictionary }> {
  const fingerprint = await enabledSetsFingerprint(db);
  if (memory?.db === db && memory.fingerprint === fingerprint) return memory;
  let stored = await readCache<Stored>(db, CACHE_KEY, fingerprint);
  if (!stored) {
    stored = { version: crypto.randomUUID(), dictionary: pageDictionaryFor(await entitiesOfEnabledSets(db)) };
    await writeCache(db, CACHE_KEY, fingerprint, stored);
  }
  const delivered = { ...stored.dictionary, aliases: deliveredForm(stored.dictionary.aliases, stored.version) };
  memory = { db, fingerprint, stored, delivered };
  return memory;
}

/** The whole compiled dictionary of the enabled sets (built and stored if need be). */
export async function currentPageDictionary(db: BackstoryDatabase): Promise<PageDictionary> {
  return (await current(db)).stored.dictionary;
}

/** What a page receives of it. */
export async function deliveredPageDictionary(db: BackstoryDatabase): Promise<DeliveredPageDictionary> {
  return (await current(db)).delivered;
}

/**
 * The aliases of the first words a page met (by hash, each with the key of
 * what followed it), from the dictionary it was given: only those that
 * could match there. Once the sets have changed, that dictionary is gone:
 * the page is told to read the page again (`setsChanged`) and this refuses.
 */
export async function lookupAliases(db: BackstoryDatabase, version: string, words: readonly WordAsked[]): Promise<AliasLookup> {
  const { stored } = await current(db);
  if (stored.version !== version) throw new Error('the annotation sets changed; the page is read again.');
  return { version, groups: aliasGroupsFor(stored.dictionary.aliases, words) };
}

/** Forgets what memory holds (the tests stand for a stopped worker with this). */
export function forgetPageDictionaryMemory(): void {
  memory = null;
}
