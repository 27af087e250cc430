/**
 * The Dexie store. This is the only module that knows Dexie, and only
 * extension pages (the background above all) open it: a content script's
 * IndexedDB would belong to the page's origin.
 */
import Dexie, { type Table } from 'dexie';
import type { AnnotationSet, Entity } from '../model/set-schema';
import type { LoggedVisit } from '../research-log/visit';

export type SetOrigin = 'bundled' | 'file' | 'url';

/** A set fetched from an address, and how its last check went. */
export interface Subscription {
  url: string;
  /** Validators from the last good answer, sent back to ask "has it changed?". */
  etag?: string;
  lastModified?: string;
  /** When the address was last asked (ms since the epoch), whatever the answer. */
  checkedAt?: number;
  /** Why the last check failed, and when; absent after a good one. The last good version stays installed. */
  error?: { message: string; at: number };
}

/** A set's metadata and state; its entities live in their own table. */
export interface StoredSet extends Omit<AnnotationSet, 'entities' | '$schema'> {
  enabled: boolean;
  origin: SetOrigin;
  installedAt: number;
  subscription?: Subscription;
}

export interface StoredEntity extends Entity {
  setId: string;
  /** Where the entity stands in its set, so a set is exported as it was installed. */
  position: number;
}

/** One setting of the reader's: the highlight style, whether the research log is on. */
export interface Setting {
  key: string;
  value: unknown;
}

export interface SiteSetting {
  /** See `siteKey()`: a host name without `www.`. */
  site: string;
  enabled: boolean;
}

/**
 * A page in the research log (off unless the reader switches it on). The tab
 * and the document's load time tell one visit from the next; they stay here
 * and are never exported.
 */
export interface StoredVisit extends LoggedVisit {
  id?: number;
  tab: number;
  /** The document's `performance.timeOrigin`: a reload is a new visit, a later pass the same one. */
  loadedAt: number;
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
  settings!: Table<Setting, string>;
  visits!: Table<StoredVisit, number>;

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
    // 3: entities remember their place in their set; the reader's settings get a table.
    this.version(3)
      .stores({ settings: 'key' })
      .upgrade(async (tx) => {
        // Earlier versions kept no order: number each set's entities as they are stored.
        const next = new Map<string, number>();
        await tx
          .table<StoredEntity>('entities')
          .toCollection()
          .modify((entity) => {
            const position = next.get(entity.setId) ?? 0;
            entity.position = position;
            next.set(entity.setId, position + 1);
          });
      });
    // 4: the research log. A new table only: everything stored before stays as it was.
    this.version(4).stores({ visits: '++id, [tab+loadedAt+url], tab' });
  }
}
