/** What the rest of the extension may ask of the database. */
import { DEFAULT_HIGHLIGHT_STYLE, isHighlightStyle, type HighlightStyle } from '../dom/highlight-styles';
import type { AnnotationSet } from '../model/set-schema';
import { parseEntityKey } from '../sets/entity-key';
import { mergeVisitEntities, type LoggedVisit, type VisitEntity } from '../research-log/visit';
import type { BackstoryDatabase, SetOrigin, StoredEntity, StoredSet, Subscription } from './database';

/**
 * Installs or replaces a set in one transaction: either the new version is
 * fully there or the old one still is. A replaced set keeps the reader's
 * on/off choice. A full disk is reported as such, not as a database error.
 */
export async function installSet(
  db: BackstoryDatabase,
  set: AnnotationSet,
  origin: SetOrigin,
  subscription?: Subscription,
  { onlyReplacing }: { onlyReplacing?: (previous: StoredSet | undefined) => boolean } = {},
): Promise<void> {
  const { entities, $schema: _schema, ...meta } = set;
  try {
    await db.transaction('rw', db.sets, db.entities, async () => {
      const previous = await db.sets.get(set.id);
      if (previous && previous.origin === 'bundled' && origin !== 'bundled') {
        throw new Error(`The set "${set.id}" ships with Backstory; a set with another id can sit beside it.`);
      }
      // An update that took a while must not bring back a set the reader removed or replaced meanwhile.
      if (onlyReplacing && !onlyReplacing(previous)) {
        throw new Error(`The set "${set.id}" was removed or replaced while it was being updated; nothing was changed.`);
      }
      await db.entities.where('setId').equals(set.id).delete();
      await db.entities.bulkAdd(entities.map((entity, position) => ({ ...entity, setId: set.id, position })));
      const stored: StoredSet = { ...meta, enabled: previous?.enabled ?? true, origin, installedAt: Date.now() };
      if (subscription) stored.subscription = subscription;
      await db.sets.put(stored);
    });
  } catch (error) {
    throw storageError(error, `install "${set.id}"`);
  }
}

/** A user's set as it was installed, ready to save as a file. */
export async function exportSet(db: BackstoryDatabase, setId: string): Promise<AnnotationSet> {
  const stored = await db.sets.get(setId);
  if (!stored) throw new Error(`There is no annotation set "${setId}".`);
  const { enabled: _enabled, origin: _origin, installedAt: _installedAt, subscription: _subscription, ...meta } = stored;
  const entities = (await db.entities.where('setId').equals(setId).toArray())
    .sort((a, b) => a.position - b.position)
    .map(({ setId: _set, position: _position, ...entity }) => entity);
  return { ...meta, entities };
}

/** Removes a set the reader added; a bundled set can only be switched off. */
export async function removeSet(db: BackstoryDatabase, setId: string): Promise<void> {
  await db.transaction('rw', db.sets, db.entities, async () => {
    const stored = await db.sets.get(setId);
    if (!stored) throw new Error(`There is no annotation set "${setId}".`);
    if (stored.origin === 'bundled') throw new Error(`"${stored.title}" ships with Backstory: it can be switched off, not removed.`);
    await db.entities.where('setId').equals(setId).delete();
    await db.sets.delete(setId);
  });
}

/**
 * Takes out bundled sets that the package no longer ships (a set split in
 * two, say), so an update does not leave the old copy marking the same names.
 * Sets the reader imported or subscribed to are never touched.
 */
export async function retireBundledSets(db: BackstoryDatabase, shipped: readonly string[]): Promise<string[]> {
  return db.transaction('rw', db.sets, db.entities, async () => {
    const retired = (await db.sets.toArray()).filter((set) => set.origin === 'bundled' && !shipped.includes(set.id)).map((set) => set.id);
    for (const setId of retired) {
      await db.entities.where('setId').equals(setId).delete();
      await db.sets.delete(setId);
    }
    return retired;
  });
}

/**
 * Records how a subscription's last check went, leaving the installed set as
 * it is — if the set is still that subscription (the reader may have removed
 * it or imported a file in its place while the check ran).
 */
export async function recordSubscription(db: BackstoryDatabase, setId: string, subscription: Subscription): Promise<void> {
  await db.sets
    .where('id')
    .equals(setId)
    .modify((set) => {
      if (set.origin === 'url' && set.subscription?.url === subscription.url) set.subscription = subscription;
    });
}

/** Storage errors in words a reader can act on; anything else as it was. */
function storageError(error: unknown, doing: string): Error {
  const name = error instanceof Error ? error.name : '';
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name;
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    return new Error(`There is not enough storage space to ${doing}; the sets already installed are unchanged.`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

export function getSet(db: BackstoryDatabase, setId: string): Promise<StoredSet | undefined> {
  return db.sets.get(setId);
}

export function listSets(db: BackstoryDatabase): Promise<StoredSet[]> {
  return db.sets.toArray();
}

export async function setSetEnabled(db: BackstoryDatabase, setId: string, enabled: boolean): Promise<void> {
  const updated = await db.sets.update(setId, { enabled });
  if (updated === 0) throw new Error(`There is no annotation set "${setId}".`);
}

/** The entities of every enabled set, for building the page dictionary. */
export async function entitiesOfEnabledSets(db: BackstoryDatabase): Promise<StoredEntity[]> {
  const enabledIds = (await db.sets.toArray()).filter((set) => set.enabled).map((set) => set.id);
  if (enabledIds.length === 0) return [];
  return db.entities.where('setId').anyOf(enabledIds).toArray();
}

/** The entity a page names by its key (`set/entity`), if its set is on. */
export async function findEntity(
  db: BackstoryDatabase,
  key: string,
): Promise<{ entity: StoredEntity; set: StoredSet } | null> {
  const parsed = parseEntityKey(key);
  if (!parsed) return null;
  const [entity, set] = await Promise.all([db.entities.get([parsed.setId, parsed.entityId]), db.sets.get(parsed.setId)]);
  return entity && set?.enabled ? { entity, set } : null;
}

/** Sites are on unless the reader switched them off. */
export async function isSiteEnabled(db: BackstoryDatabase, site: string): Promise<boolean> {
  return (await db.sites.get(site))?.enabled ?? true;
}

export async function setSiteEnabled(db: BackstoryDatabase, site: string, enabled: boolean): Promise<void> {
  // On is the default: switching a site back on forgets it.
  if (enabled) await db.sites.delete(site);
  else await db.sites.put({ site, enabled });
}

/** The sites the reader switched off, in order. */
export async function sitesSwitchedOff(db: BackstoryDatabase): Promise<string[]> {
  return (await db.sites.toArray()).filter((entry) => !entry.enabled).map((entry) => entry.site);
}

/** Changes whenever the enabled sets or their contents change. */
export async function enabledSetsFingerprint(db: BackstoryDatabase): Promise<string> {
  const sets = (await db.sets.toArray()).filter((set) => set.enabled);
  return sets
    .map((set) => `${set.id}@${set.version}@${set.installedAt}`)
    .sort()
    .join('|');
}

/** The cached value for `key` if it was derived from `fingerprint`, else undefined. */
export async function readCache<T>(db: BackstoryDatabase, key: string, fingerprint: string): Promise<T | undefined> {
  const entry = await db.cache.get(key);
  return entry?.fingerprint === fingerprint ? (entry.value as T) : undefined;
}

export async function writeCache(db: BackstoryDatabase, key: string, fingerprint: string, value: unknown): Promise<void> {
  await db.cache.put({ key, fingerprint, value });
}

/** How marks look (options page); the default until the reader chooses. */
export async function highlightStyle(db: BackstoryDatabase): Promise<HighlightStyle> {
  const stored = (await db.settings.get('highlightStyle'))?.value;
  return isHighlightStyle(stored) ? stored : DEFAULT_HIGHLIGHT_STYLE;
}

export async function setHighlightStyle(db: BackstoryDatabase, style: HighlightStyle): Promise<void> {
  await db.settings.put({ key: 'highlightStyle', value: style });
}

const RESEARCH_LOG = 'researchLog';

/** The research log is off until the reader switches it on. */
export async function researchLogEnabled(db: BackstoryDatabase): Promise<boolean> {
  return (await db.settings.get(RESEARCH_LOG))?.value === true;
}

/** Switching off stops recording; what was recorded stays until the reader clears it. */
export async function setResearchLogEnabled(db: BackstoryDatabase, enabled: boolean): Promise<void> {
  await db.settings.put({ key: RESEARCH_LOG, value: enabled });
}

/**
 * Records what a pass marked on a page, if the log is on: a visit's first
 * pass adds it, later passes of the same document at the same address add to
 * it. The switch is read in the same transaction, so nothing is written after
 * the reader switched the log off. Returns whether anything was recorded.
 */
export async function recordVisit(
  db: BackstoryDatabase,
  visit: { tab: number; loadedAt: number; url: string; title: string; entities: VisitEntity[] },
  now = Date.now(),
): Promise<boolean> {
  if (visit.entities.length === 0) return false;
  return db.transaction('rw', db.settings, db.visits, async () => {
    if (!(await researchLogEnabled(db))) return false;
    const known = await db.visits.where('[tab+loadedAt+url]').equals([visit.tab, visit.loadedAt, visit.url]).first();
    if (known) {
      await db.visits.update(known.id!, {
        title: visit.title || known.title,
        entities: mergeVisitEntities(known.entities, visit.entities),
      });
    } else {
      await db.visits.add({ ...visit, at: now, opened: [] });
    }
    return true;
  });
}

/**
 * Records the cards a reader opened on the latest visit to `url` in `tab`, if
 * the log is on. Fragments are ignored: a browser may report the address with
 * or without the part after `#`.
 */
export async function recordCardsOpened(db: BackstoryDatabase, tab: number, url: string, keys: readonly string[]): Promise<boolean> {
  if (keys.length === 0) return false;
  const page = withoutFragment(url);
  return db.transaction('rw', db.settings, db.visits, async () => {
    if (!(await researchLogEnabled(db))) return false;
    const visits = await db.visits.where('tab').equals(tab).reverse().sortBy('id');
    const visit = visits.find((candidate) => withoutFragment(candidate.url) === page);
    if (!visit) return false;
    const opened = [...visit.opened];
    for (const key of keys) if (!opened.includes(key)) opened.push(key);
    await db.visits.update(visit.id!, { opened });
    return true;
  });
}

/** The log, oldest visit first, without what only tells visits apart. */
export async function listVisits(db: BackstoryDatabase): Promise<LoggedVisit[]> {
  return (await db.visits.orderBy('id').toArray()).map(({ at, url, title, entities, opened }) => ({ at, url, title, entities, opened }));
}

export async function clearVisits(db: BackstoryDatabase): Promise<void> {
  await db.visits.clear();
}

/**
 * The labels of entities named by key, whether or not their set is on now; an
 * entity whose set was removed since has none.
 */
export async function entityLabels(db: BackstoryDatabase, keys: Iterable<string>): Promise<Record<string, string>> {
  const labels: Record<string, string> = {};
  for (const key of new Set(keys)) {
    const parsed = parseEntityKey(key);
    const entity = parsed && (await db.entities.get([parsed.setId, parsed.entityId]));
    if (entity) labels[key] = entity.label;
  }
  return labels;
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}
