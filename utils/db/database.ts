/**
 * The Dexie store. This is the only module that knows Dexie, and only
 * extension pages (the background above all) open it: a content script's
 * IndexedDB would belong to the page's origin.
 */
import Dexie, { type Table } from 'dexie';
import type { AnnotationSet, Entity } from '../model/set-schema';

export type SetOrigin = 'bundled' | 'file' | 'url';

/** A set's metadata and state; its entities live in their own table. */
export interface StoredSet extends Omit<AnnotationSet, 'entities' | '$schema'> {
  enabled: boolean;
  origin: SetOrigin;
  installedAt: number;
}

export interface StoredEntity extends Entity {
  setId: string;
}

export interface SiteSetting {
  /** See `siteKey()`: a host name without `www.`. */
  site: string;
  enabled: boolean;
}

/** Something derived from the sets and kept until they change (the compiled page dictionary). */
export interface CacheEntry {
  key: string;
  /** What it was derived from; a different fingerprint means it is stale. */
  fingerprint: string;
  value: unknown;
}

export class BackstoryDatabase extends Dexie {
  sets!: Table<StoredSet, string>;
  entities!: Table<StoredEntity, [string, string]>;
  sites!: Table<SiteSetting, string>;
  cache!: Table<CacheEntry, string>;

  constructor(name = 'backstory', options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    // Every schema change adds a version here; earlier versions stay so that
    // Dexie can upgrade a database written by any released build.
    this.version(1).stores({
      sets: 'id, enabled',
      entities: '[setId+id], setId, id',
      sites: 'site',
    });
    // 2: a cache for what is derived from the sets, so pages are not made to wait for it.
    this.version(2).stores({ cache: 'key' });
  }
}
