import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackstoryDatabase } from '../../utils/db/database';
import {
  clearVisits,
  entityLabels,
  highlightStyle,
  installSet,
  listSets,
  listVisits,
  recordCardsOpened,
  recordVisit,
  researchLogEnabled,
  setResearchLogEnabled,
  setSetEnabled,
} from '../../utils/db/store';
import type { AnnotationSet } from '../../utils/model/set-schema';
import { validateAnnotationSet } from '../../utils/model/validate-set';

const SETS_DIR = join(import.meta.dirname, '..', '..', 'public', 'sets');

function bundledSet(): AnnotationSet {
  const result = validateAnnotationSet(JSON.parse(readFileSync(join(SETS_DIR, 'federal-immigration.json'), 'utf8')));
  if (!result.ok) throw new Error('The bundled set is invalid.');
  return result.set;
}

const ARTICLE = 'https://www.ktvu.com/news/ice-raid';
const ice = (count: number, texts = ['ICE']) => ({ key: 'federal-immigration/ice', count, texts });
const hsi = (count: number, texts = ['HSI']) => ({ key: 'federal-immigration/hsi', count, texts });
const visit = (entities = [ice(3)], extra: Partial<{ tab: number; loadedAt: number; url: string; title: string }> = {}) => ({
  tab: 7,
  loadedAt: 1_700_000_000_000.5,
  url: ARTICLE,
  title: 'ICE raid in West Oakland',
  entities,
  ...extra,
});

let db: BackstoryDatabase;
let counter = 0;

beforeEach(async () => {
  db = new BackstoryDatabase(`backstory-log-test-${++counter}`);
  await db.open();
});

afterEach(async () => {
  await db.delete();
});

describe('the research log in the store', () => {
  it('is off by default and records nothing while off', async () => {
    expect(await researchLogEnabled(db)).toBe(false);
    expect(await recordVisit(db, visit())).toBe(false);
    expect(await recordCardsOpened(db, 7, ARTICLE, ['federal-immigration/ice'])).toBe(false);
    expect(await db.visits.count()).toBe(0);
  });

  it('records a visit with its entities, counts and texts, and the cards opened on it', async () => {
    await setResearchLogEnabled(db, true);
    expect(await recordVisit(db, visit([ice(3, ['ICE', 'Immigration and Customs Enforcement']), hsi(1)]), 1_000)).toBe(true);
    expect(await recordCardsOpened(db, 7, ARTICLE, ['federal-immigration/ice'])).toBe(true);
    expect(await recordCardsOpened(db, 7, ARTICLE, ['federal-immigration/hsi', 'federal-immigration/ice'])).toBe(true);
    expect(await listVisits(db)).toEqual([
      {
        at: 1_000,
        url: ARTICLE,
        title: 'ICE raid in West Oakland',
        entities: [ice(3, ['ICE', 'Immigration and Customs Enforcement']), hsi(1)],
        opened: ['federal-immigration/ice', 'federal-immigration/hsi'],
      },
    ]);
  });

  it('adds a later pass to the same visit, and starts a new visit on a reload or a new address', async () => {
    await setResearchLogEnabled(db, true);
    await recordVisit(db, visit([ice(3)]), 1_000);
    // A live blog's new post: more ICE, a new entity; a mark that went away does not lower a count.
    await recordVisit(db, visit([ice(2, ['ICE', 'ice agents']), hsi(1)]), 2_000);
    expect(await db.visits.count()).toBe(1);
    expect((await listVisits(db))[0]).toMatchObject({ at: 1_000, entities: [ice(3, ['ICE', 'ice agents']), hsi(1)] });

    await recordVisit(db, visit([ice(1)], { loadedAt: 1_700_000_100_000 }), 3_000);
    await recordVisit(db, visit([ice(1)], { url: `${ARTICLE}?page=2` }), 4_000);
    expect((await listVisits(db)).map((v) => v.at)).toEqual([1_000, 3_000, 4_000]);
  });

  it('puts an opened card on the latest visit to that address in that tab, whatever its fragment', async () => {
    await setResearchLogEnabled(db, true);
    await recordVisit(db, visit([ice(1)]), 1_000);
    await recordVisit(db, visit([ice(1)], { loadedAt: 2 }), 2_000);
    await recordVisit(db, visit([ice(1)], { tab: 8 }), 3_000);
    expect(await recordCardsOpened(db, 7, `${ARTICLE}#comments`, ['federal-immigration/ice'])).toBe(true);
    expect((await listVisits(db)).map((v) => v.opened.length)).toEqual([0, 1, 0]);
    // No visit there: nothing to add the card to.
    expect(await recordCardsOpened(db, 7, 'https://www.ktvu.com/other', ['federal-immigration/ice'])).toBe(false);
  });

  it('stops recording when switched off, keeps what it has until cleared, and clears everything', async () => {
    await setResearchLogEnabled(db, true);
    await recordVisit(db, visit());
    await setResearchLogEnabled(db, false);
    expect(await recordVisit(db, visit([ice(9)], { loadedAt: 5 }))).toBe(false);
    expect(await recordCardsOpened(db, 7, ARTICLE, ['federal-immigration/ice'])).toBe(false);
    expect(await listVisits(db)).toHaveLength(1);
    await clearVisits(db);
    expect(await listVisits(db)).toEqual([]);
    // Clearing the log touches nothing else.
    expect(await researchLogEnabled(db)).toBe(false);
  });

  it('labels entities by key whether or not their set is on, and leaves out what it does not know', async () => {
    await installSet(db, bundledSet(), 'bundled');
    await setSetEnabled(db, 'federal-immigration', false);
    expect(await entityLabels(db, ['federal-immigration/ice', 'federal-immigration/nope', 'gone/ice', 'not a key'])).toEqual({
      'federal-immigration/ice': 'U.S. Immigration and Customs Enforcement (ICE)',
    });
  });
});

describe('schema version 4', () => {
  it('opens a database written by schema version 3 with its sets, settings and cache intact, and an empty log', async () => {
    const name = `backstory-v3-${++counter}`;
    const { default: Dexie } = await import('dexie');
    // Version 3 as it shipped.
    const v3 = new Dexie(name);
    v3.version(1).stores({ sets: 'id, enabled', entities: '[setId+id], setId, id', sites: 'site' });
    v3.version(2).stores({ cache: 'key' });
    v3.version(3).stores({ settings: 'key' });
    const { entities, $schema: _schema, ...meta } = { ...bundledSet(), id: 'user-set' };
    await v3.table('sets').put({ ...meta, enabled: false, origin: 'file', installedAt: 1 });
    await v3.table('entities').bulkAdd(entities.map((entity, position) => ({ ...entity, setId: 'user-set', position })));
    await v3.table('sites').put({ site: 'ktvu.com', enabled: false });
    await v3.table('settings').put({ key: 'highlightStyle', value: 'tint' });
    await v3.table('cache').put({ key: 'page-dictionary', fingerprint: 'f', value: 1 });
    v3.close();

    const upgraded = new BackstoryDatabase(name);
    try {
      await upgraded.open();
      expect(upgraded.verno).toBe(4);
      expect(await listSets(upgraded)).toEqual([expect.objectContaining({ id: 'user-set', enabled: false, origin: 'file' })]);
      expect(await upgraded.entities.count()).toBe(entities.length);
      expect(await upgraded.sites.get('ktvu.com')).toEqual({ site: 'ktvu.com', enabled: false });
      expect(await highlightStyle(upgraded)).toBe('tint');
      expect(await upgraded.cache.count()).toBe(1);
      expect(await researchLogEnabled(upgraded)).toBe(false);
      expect(await listVisits(upgraded)).toEqual([]);
      // The new table works at once.
      await setResearchLogEnabled(upgraded, true);
      expect(await recordVisit(upgraded, visit())).toBe(true);
      expect(await listVisits(upgraded)).toHaveLength(1);
    } finally {
      await upgraded.delete();
    }
  });
});
