import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackstoryDatabase } from '../../utils/db/database';
import {
  entitiesOfEnabledSets,
  exportSet,
  findEntity,
  installSet,
  isSiteEnabled,
  listSets,
  removeSet,
  setSetEnabled,
  setSiteEnabled,
  sitesSwitchedOff,
} from '../../utils/db/store';
import type { AnnotationSet } from '../../utils/model/set-schema';
import { validateAnnotationSet } from '../../utils/model/validate-set';
import { loadBundledSets } from '../../utils/sets/bundled';

const SETS_DIR = join(import.meta.dirname, '..', '..', 'public', 'sets');
const readBundled = async (file: string): Promise<unknown> => JSON.parse(readFileSync(join(SETS_DIR, file), 'utf8'));

function bundledSet(): AnnotationSet {
  const result = validateAnnotationSet(JSON.parse(readFileSync(join(SETS_DIR, 'federal-immigration.json'), 'utf8')));
  if (!result.ok) throw new Error('The bundled set is invalid.');
  return result.set;
}

let db: BackstoryDatabase;
let counter = 0;

beforeEach(async () => {
  db = new BackstoryDatabase(`backstory-test-${++counter}`);
  await db.open();
});

afterEach(async () => {
  await db.delete();
});

describe('the Dexie store', () => {
  it('installs a set with its entities and finds them by id', async () => {
    await installSet(db, bundledSet(), 'bundled');
    const sets = await listSets(db);
    expect(sets.map((s) => [s.id, s.enabled, s.origin])).toEqual([['federal-immigration', true, 'bundled']]);
    const found = await findEntity(db, 'federal-immigration/ice');
    expect(found?.entity.label).toBe('U.S. Immigration and Customs Enforcement (ICE)');
    expect(found?.set.id).toBe('federal-immigration');
    expect((await entitiesOfEnabledSets(db)).map((e) => e.id).sort()).toEqual(
      bundledSet().entities.map((e) => e.id).sort(),
    );
  });

  it('hides the entities of a switched-off set', async () => {
    await installSet(db, bundledSet(), 'bundled');
    await setSetEnabled(db, 'federal-immigration', false);
    expect(await entitiesOfEnabledSets(db)).toEqual([]);
    expect(await findEntity(db, 'federal-immigration/ice')).toBeNull();
  });

  it('keeps the reader’s switch when a set is replaced by a new version', async () => {
    await installSet(db, bundledSet(), 'bundled');
    await setSetEnabled(db, 'federal-immigration', false);
    const next = { ...bundledSet(), version: '9.9.9', entities: bundledSet().entities.slice(0, 1) };
    await installSet(db, next, 'bundled');
    const [stored] = await listSets(db);
    expect(stored).toMatchObject({ version: '9.9.9', enabled: false });
    expect(await db.entities.count()).toBe(1);
  });

  it('leaves the old version whole when replacing fails midway', async () => {
    await installSet(db, bundledSet(), 'bundled');
    // Two entities with one id break the compound primary key inside the transaction.
    const broken = bundledSet();
    broken.version = '2.0.0';
    broken.entities = [broken.entities[0]!, broken.entities[0]!];
    await expect(installSet(db, broken, 'bundled')).rejects.toThrow();
    const [stored] = await listSets(db);
    expect(stored?.version).toBe(bundledSet().version);
    expect(await db.entities.count()).toBe(bundledSet().entities.length);
  });

  it('rejects switching a set that does not exist', async () => {
    await expect(setSetEnabled(db, 'nope', true)).rejects.toThrow('There is no annotation set "nope".');
  });

  it('stores the per-site switch, on by default', async () => {
    expect(await isSiteEnabled(db, 'ktvu.com')).toBe(true);
    await setSiteEnabled(db, 'ktvu.com', false);
    expect(await isSiteEnabled(db, 'ktvu.com')).toBe(false);
    expect(await isSiteEnabled(db, 'sfgate.com')).toBe(true);
    await setSiteEnabled(db, 'ktvu.com', true);
    expect(await isSiteEnabled(db, 'ktvu.com')).toBe(true);
  });

  it('lists the sites switched off, and forgets a site switched back on', async () => {
    await setSiteEnabled(db, 'sfgate.com', false);
    await setSiteEnabled(db, 'ktvu.com', false);
    expect(await sitesSwitchedOff(db)).toEqual(['ktvu.com', 'sfgate.com']);
    await setSiteEnabled(db, 'ktvu.com', true);
    expect(await sitesSwitchedOff(db)).toEqual(['sfgate.com']);
    expect(await db.sites.count()).toBe(1);
  });
});

describe('loadBundledSets', () => {
  it('installs the bundled sets into an empty database', async () => {
    await loadBundledSets(db, readBundled, { force: false });
    expect((await listSets(db)).map((s) => s.id).sort()).toEqual(['bay-area-news', 'california-law', 'federal-immigration', 'oakland-civic']);
  });

  it('does not overwrite the reader’s switch on update', async () => {
    await loadBundledSets(db, readBundled, { force: false });
    await setSetEnabled(db, 'federal-immigration', false);
    await loadBundledSets(db, readBundled, { force: true });
    const switches = Object.fromEntries((await listSets(db)).map((set) => [set.id, set.enabled]));
    expect(switches).toEqual({ 'bay-area-news': true, 'california-law': true, 'federal-immigration': false, 'oakland-civic': true });
  });

  it('takes out, on update, a bundled set the package no longer ships, and nothing the reader added', async () => {
    // An earlier version shipped one set, `oakland-ice`, since split in four.
    await installSet(db, { ...bundledSet(), id: 'oakland-ice', title: 'Oakland and federal immigration enforcement' }, 'bundled');
    await installSet(db, { ...bundledSet(), id: 'my-set', title: 'My set' }, 'file');
    await loadBundledSets(db, readBundled, { force: true });
    const ids = (await listSets(db)).map((s) => s.id).sort();
    expect(ids).toEqual(['bay-area-news', 'california-law', 'federal-immigration', 'my-set', 'oakland-civic']);
    expect(await db.entities.where('setId').equals('oakland-ice').count()).toBe(0);
    // A start that only fills in missing sets never takes anything out.
    await installSet(db, { ...bundledSet(), id: 'oakland-ice' }, 'bundled');
    await loadBundledSets(db, readBundled, { force: false });
    expect((await listSets(db)).map((s) => s.id)).toContain('oakland-ice');
  });

  it('reports an invalid bundled file by name and place, and installs nothing from it', async () => {
    const broken = async () => ({ ...(await readBundled('federal-immigration.json') as object), version: 'one' });
    await expect(loadBundledSets(db, broken, { force: true })).rejects.toThrow(
      /sets\/federal-immigration\.json is not a valid annotation set:\n\$\.version: A version is MAJOR\.MINOR\.PATCH/,
    );
    expect(await listSets(db)).toEqual([]);
  });
});

describe('the compiled dictionary cache', () => {
  it('is built once and rebuilt when the enabled sets change', async () => {
    const { currentPageDictionary } = await import('../../utils/background/page-dictionary');
    await installSet(db, bundledSet(), 'bundled');
    const first = await currentPageDictionary(db);
    expect(first.aliases.count).toBeGreaterThan(5);
    expect(await db.cache.count()).toBe(1);
    // A second request reads the cached value.
    const cachedValue = (await db.cache.toArray())[0]!.value;
    expect(await currentPageDictionary(db)).toEqual((cachedValue as { dictionary: unknown }).dictionary);

    await setSetEnabled(db, 'federal-immigration', false);
    expect((await currentPageDictionary(db)).aliases.count).toBe(0);
    await setSetEnabled(db, 'federal-immigration', true);
    expect(await currentPageDictionary(db)).toEqual(first);
  });
});

describe('a reader’s own sets', () => {
  // `$schema` is an editor's hint, not part of the set: it is not stored.
  const userSet = (): AnnotationSet => {
    const { $schema: _schema, ...set } = bundledSet();
    return { ...set, id: 'my-set', title: 'My set' };
  };

  it('finds an entity by its set and id, so two sets may both describe it', async () => {
    await installSet(db, bundledSet(), 'bundled');
    const mine = userSet();
    mine.entities = mine.entities.map((e) => (e.id === 'ice' ? { ...e, label: 'ICE, as my set tells it' } : e));
    await installSet(db, mine, 'file');
    expect((await findEntity(db, 'federal-immigration/ice'))?.entity.label).toBe('U.S. Immigration and Customs Enforcement (ICE)');
    expect((await findEntity(db, 'my-set/ice'))?.entity.label).toBe('ICE, as my set tells it');
    await setSetEnabled(db, 'my-set', false);
    expect(await findEntity(db, 'my-set/ice')).toBeNull();
    for (const key of ['ice', '/ice', 'my-set/', 'a/b/c', 'nope/ice']) expect(await findEntity(db, key), key).toBeNull();
  });

  it('exports a set as it was installed, entities in their order', async () => {
    const set = userSet();
    set.entities.reverse();
    await installSet(db, set, 'file');
    expect(await exportSet(db, 'my-set')).toEqual(set);
  });

  it('removes a set the reader added, with its entities', async () => {
    await installSet(db, userSet(), 'file');
    await removeSet(db, 'my-set');
    expect(await listSets(db)).toEqual([]);
    expect(await db.entities.count()).toBe(0);
  });

  it('switches a bundled set off but never removes it', async () => {
    await installSet(db, bundledSet(), 'bundled');
    await expect(removeSet(db, 'federal-immigration')).rejects.toThrow('ships with Backstory: it can be switched off, not removed.');
    expect(await db.entities.count()).toBe(bundledSet().entities.length);
  });

  it('does not let an imported set take a bundled set’s place', async () => {
    await installSet(db, bundledSet(), 'bundled');
    await expect(installSet(db, { ...bundledSet(), title: 'Impostor' }, 'file')).rejects.toThrow('ships with Backstory');
    expect((await listSets(db)).map((set) => [set.title, set.origin])).toEqual([[bundledSet().title, 'bundled']]);
  });

  it('says the disk is full when it is, and keeps what was installed', async () => {
    await installSet(db, userSet(), 'file');
    const full = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    db.entities.hook('creating', full);
    try {
      await expect(installSet(db, { ...userSet(), version: '9.9.9' }, 'file')).rejects.toThrow(
        'There is not enough storage space to install "my-set"; the sets already installed are unchanged.',
      );
    } finally {
      db.entities.hook('creating').unsubscribe(full);
    }
    expect(await exportSet(db, 'my-set')).toEqual(userSet());
  });
});

describe('schema upgrades', () => {
  it('opens a database written by schema version 2 with a user’s set intact, in order, and exportable', async () => {
    const name = `backstory-v2-${++counter}`;
    const { default: Dexie } = await import('dexie');
    const v2 = new Dexie(name);
    v2.version(1).stores({ sets: 'id, enabled', entities: '[setId+id], setId, id', sites: 'site' });
    v2.version(2).stores({ cache: 'key' });
    const { entities, $schema: _schema, ...meta } = { ...bundledSet(), id: 'user-set' };
    await v2.table('sets').put({ ...meta, enabled: true, origin: 'file', installedAt: 1 });
    await v2.table('entities').bulkAdd(entities.map((entity) => ({ ...entity, setId: 'user-set' })));
    v2.close();

    const upgraded = new BackstoryDatabase(name);
    try {
      await upgraded.open();
      expect(upgraded.verno).toBe(4);
      const stored = await upgraded.entities.where('setId').equals('user-set').toArray();
      // Version 2 kept no order: the upgrade numbers the entities 0, 1, 2…
      expect(stored.map((e) => e.position).sort((a, b) => a - b)).toEqual(entities.map((_e, i) => i));
      const exported = await exportSet(upgraded, 'user-set');
      expect(exported.entities.map((e) => e.id).sort()).toEqual(entities.map((e) => e.id).sort());
      expect(exported.entities[0]).not.toHaveProperty('position');
      expect(await upgraded.settings.count()).toBe(0);
    } finally {
      await upgraded.delete();
    }
  });

  it('opens a database written by schema version 1 with every set, entity and switch intact', async () => {
    const name = `backstory-v1-${++counter}`;
    // Version 1 as it shipped: the history an upgrade must honour.
    const { default: Dexie } = await import('dexie');
    const v1 = new Dexie(name);
    v1.version(1).stores({ sets: 'id, enabled', entities: '[setId+id], setId, id', sites: 'site' });
    const set = bundledSet();
    const { entities, $schema: _schema, ...meta } = set;
    await v1.table('sets').put({ ...meta, id: 'user-set', enabled: false, origin: 'file', installedAt: 1 });
    await v1.table('entities').bulkAdd(entities.map((entity) => ({ ...entity, setId: 'user-set' })));
    await v1.table('sites').put({ site: 'ktvu.com', enabled: false });
    v1.close();

    const upgraded = new BackstoryDatabase(name);
    try {
      await upgraded.open();
      expect(upgraded.verno).toBe(4);
      expect(await listSets(upgraded)).toEqual([expect.objectContaining({ id: 'user-set', enabled: false, origin: 'file' })]);
      expect(await upgraded.entities.count()).toBe(entities.length);
      expect(await isSiteEnabled(upgraded, 'ktvu.com')).toBe(false);
      expect(await upgraded.cache.count()).toBe(0);
    } finally {
      await upgraded.delete();
    }
  });
});

describe('the reader’s settings', () => {
  it('keep the chosen look of marks, underline until one is chosen, and ignore a value they do not know', async () => {
    const { highlightStyle, setHighlightStyle } = await import('../../utils/db/store');
    expect(await highlightStyle(db)).toBe('underline');
    await setHighlightStyle(db, 'tint');
    expect(await highlightStyle(db)).toBe('tint');
    await db.settings.put({ key: 'highlightStyle', value: 'blink' });
    expect(await highlightStyle(db)).toBe('underline');
  });
});
