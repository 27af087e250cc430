/**
 * The one message protocol between Backstory's parts. Each call map keys both
 * the sender and the handler, so a request and its answer cannot drift apart.
 * Requests are checked against their shape on arrival: a message is untrusted
 * until it has been checked.
 */
import { HASH_MASK } from '../matcher/fold';
import { ANY_NEXT, LOOKUP_MAX_WORDS, MAX_KEYS_PER_WORD, NO_SPACE, SPACE_THEN_OTHER, type AliasLookup, type WordAsked } from '../matcher/compile';
import type { DeliveredPageDictionary } from '../matcher/page-matcher';
import type { EntityKind } from '../model/set-schema';
import { isHighlightStyle, type HighlightStyle } from '../dom/highlight-styles';
import { SET_FILE_BYTES } from '../model/limits';
import { LOG_LIMITS, type LoggedVisit, type VisitEntity } from '../research-log/visit';

/** A check that an untrusted value is a `T`. */
export type Check<T> = (value: unknown) => value is T;

/**
 * An object with exactly these fields, each passing its check. Requests are a
 * few flat fields, so plain checks do here what a schema library would, and
 * keep the content script small. Marked free of side effects (as are `text`
 * and `listOf`) so the content script is built without the checks of
 * requests it never receives.
 */
/* @__NO_SIDE_EFFECTS__ */
function exactly<T extends object>(fields: { [K in keyof T]: Check<T[K]> }): Check<T> {
  const names = Object.keys(fields);
  return (value: unknown): value is T => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    return keys.length === names.length && names.every((name) => Object.hasOwn(record, name) && fields[name as keyof T](record[name]));
  };
}

const text = /* @__NO_SIDE_EFFECTS__ */
  (max: number): Check<string> =>
  (value): value is string =>
    typeof value === 'string' && value.length > 0 && value.length <= max;
const boolean: Check<boolean> = (value): value is boolean => typeof value === 'boolean';
const listOf = /* @__NO_SIDE_EFFECTS__ */
  <T>(item: Check<T>, max: number): Check<T[]> =>
  (value): value is T[] =>
    Array.isArray(value) && value.length <= max && value.every(item);

/** A set file's text: at most the size of the largest set file. */
const SET_TEXT = text(SET_FILE_BYTES);
const SET_ID = text(64);
/** The page's publication date, `YYYY-MM-DD`, or `''` when it does not say. */
const isoDateOrNone: Check<string> = (value): value is string => typeof value === 'string' && /^(\d{4}-\d{2}-\d{2})?$/.test(value);
const tabId: Check<number> = (value): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
/** A page's title may be empty. */
const textOrEmpty = /* @__NO_SIDE_EFFECTS__ */
  (max: number): Check<string> =>
  (value): value is string =>
    typeof value === 'string' && value.length <= max;
const positiveCount: Check<number> = (value): value is number =>
  Number.isSafeInteger(value) && (value as number) > 0 && (value as number) <= LOG_LIMITS.count;
/** A document's `performance.timeOrigin`: ms since the epoch, with a fraction. */
const timeOrigin: Check<number> = (value): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;
const ENTITY_KEY = text(129);
/** A first word's hash, as the matcher computes it (`hashWord`): below 2^29. */
const wordHash: Check<number> = (value): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= HASH_MASK;
/** What followed a first word: a hash, `SPACE_THEN_OTHER`, `NO_SPACE` or `ANY_NEXT`. */
const nextKey: Check<number> = (value): value is number =>
  wordHash(value) || value === SPACE_THEN_OTHER || value === NO_SPACE || value === ANY_NEXT;
/** A first word met: its hash, then the keys of what followed it, at least one. */
const wordAsked: Check<WordAsked> = (value): value is WordAsked =>
  Array.isArray(value) && value.length >= 2 && value.length <= MAX_KEYS_PER_WORD + 1 && wordHash(value[0]) && value.slice(1).every(nextKey);
const visitEntity = exactly<VisitEntity>({
  key: ENTITY_KEY,
  count: positiveCount,
  texts: listOf(text(LOG_LIMITS.text), LOG_LIMITS.textsPerEntity),
});

/** Requests that content scripts and extension pages send to the background. */
export const backgroundRequests = {
  getPageConfig: exactly<{ site: string }>({ site: text(253) }),
  /**
   * The aliases of first words a page met, by hash, each with the key of
   * what followed it there, from the large dictionary its configuration
   * gave it (named by `version`): see `LazyDictionary`. A page asks once a
   * pass, for all such words at once.
   */
  lookupAliases: exactly<{ version: string; words: WordAsked[] }>({
    version: text(64),
    words: (value): value is WordAsked[] => listOf(wordAsked, LOOKUP_MAX_WORDS)(value) && (value as WordAsked[]).length > 0,
  }),
  /**
   * The card for a mention: its entity key, `set id/entity id`, or the keys of
   * several sets' entities that share the phrase, joined by spaces (see
   * utils/sets/entity-key.ts). `published` is the page's own date, so the
   * card can tell what came after the article.
   */
  getCard: exactly<{ entityKey: string; published: string }>({ entityKey: text(1_040), published: isoDateOrNone }),
  /** The labels of the entities marked on a page, for the "On this page" panel. */
  entityLabels: exactly<{ entityKeys: string[] }>({ entityKeys: listOf(text(129), 10_000) }),
  setSiteEnabled: exactly<{ site: string; enabled: boolean }>({ site: text(253), enabled: boolean }),
  listSets: exactly<Record<never, never>>({}),
  setSetEnabled: exactly<{ setId: string; enabled: boolean }>({ setId: SET_ID, enabled: boolean }),
  importSet: exactly<{ text: string }>({ text: SET_TEXT }),
  exportSet: exactly<{ setId: string }>({ setId: SET_ID }),
  removeSet: exactly<{ setId: string }>({ setId: SET_ID }),
  /** Installs the set at an address and keeps it up to date (the page asked for the origin's permission first). */
  subscribeSet: exactly<{ url: string }>({ url: text(2000) }),
  /** Checks a subscribed set's address now. */
  updateSet: exactly<{ setId: string }>({ setId: SET_ID }),
  /** The sites where the reader switched Backstory off. */
  listSitesOff: exactly<Record<never, never>>({}),
  /** The sets the entities marked on a page come from (the popup's list). */
  setsOf: exactly<{ entityKeys: string[] }>({ entityKeys: listOf(text(129), 10_000) }),
  /** Runs Backstory on the tab's site from now on (the popup asked for the site's permission first). */
  enableSite: exactly<{ tabId: number }>({ tabId: tabId }),
  /** Runs Backstory in this tab now, once (the toolbar click gave `activeTab`). */
  annotateOnce: exactly<{ tabId: number }>({ tabId: tabId }),
  getHighlightStyle: exactly<Record<never, never>>({}),
  setHighlightStyle: exactly<{ style: HighlightStyle }>({ style: isHighlightStyle }),
  /** The sites granted beyond the default list, as match patterns. */
  listGrantedSites: exactly<Record<never, never>>({}),
  forgetSite: exactly<{ pattern: string }>({ pattern: text(300) }),
  /**
   * What a pass marked on the page, for the research log (sent only while it
   * is on, which the page configuration says): the entities, their counts and
   * the distinct texts that named them; no other text of the page.
   */
  logVisit: exactly<{ loadedAt: number; url: string; title: string; entities: VisitEntity[] }>({
    loadedAt: timeOrigin,
    url: text(LOG_LIMITS.url),
    title: textOrEmpty(LOG_LIMITS.title),
    entities: listOf(visitEntity, LOG_LIMITS.entities),
  }),
  /** The research log, its switch, and the labels of the entities it names (options page). */
  getResearchLog: exactly<Record<never, never>>({}),
  setResearchLog: exactly<{ enabled: boolean }>({ enabled: boolean }),
  clearResearchLog: exactly<Record<never, never>>({}),
};

/**
 * Requests only Backstory's own pages (popup, options) may make: a content
 * script runs inside web pages, so it may read what it needs and no more.
 */
export const EXTENSION_PAGE_REQUESTS: ReadonlySet<keyof typeof backgroundRequests> = new Set([
  'setSiteEnabled',
  'listSets',
  'setSetEnabled',
  'importSet',
  'exportSet',
  'removeSet',
  'setsOf',
  'listSitesOff',
  'subscribeSet',
  'updateSet',
  'enableSite',
  'annotateOnce',
  'listGrantedSites',
  'forgetSite',
  'getHighlightStyle',
  'setHighlightStyle',
  'getResearchLog',
  'setResearchLog',
  'clearResearchLog',
] as const);

/** The manifest command (a keyboard shortcut the reader can change) that opens the "On this page" panel. */
export const PANEL_COMMAND = 'on-this-page';

/**
 * Requests only a content script may make: they speak for the page it runs
 * in, which the background knows from the sender (its tab and address).
 */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<keyof typeof backgroundRequests> = new Set(['logVisit', 'lookupAliases'] as const);

/** Requests that extension pages and the background send to a tab's content script. */
export const tabRequests = {
  getPageStats: exactly<Record<never, never>>({}),
  /** Every mention painted on the page, with its entity keys (the accuracy measurement asks). */
  listMentions: exactly<Record<never, never>>({}),
  siteSettingChanged: exactly<{ site: string }>({ site: text(253) }),
  setsChanged: exactly<Record<never, never>>({}),
  /** The reader pressed the "On this page" shortcut: the panel opens, or closes if open. */
  togglePanel: exactly<Record<never, never>>({}),
  /** The reader asked for the panel from the popup: it opens, or stays open. */
  openPanel: exactly<Record<never, never>>({}),
};

export interface BackgroundResponses {
  getPageConfig: PageConfig;
  lookupAliases: AliasLookup;
  /** One card per entity still in an enabled set, in the order of the key. */
  getCard: EntityCard[];
  /** In the order asked; an entity no longer in an enabled set is left out. */
  entityLabels: EntityLabel[];
  setSiteEnabled: void;
  listSets: SetRow[];
  setSetEnabled: void;
  importSet: { id: string; title: string; entities: number };
  exportSet: { fileName: string; json: string };
  removeSet: void;
  setsOf: SetRow[];
  listSitesOff: string[];
  subscribeSet: { id: string; title: string; entities: number };
  updateSet: UpdateResult;
  enableSite: string;
  annotateOnce: void;
  listGrantedSites: string[];
  forgetSite: void;
  getHighlightStyle: HighlightStyle;
  setHighlightStyle: void;
  logVisit: void;
  getResearchLog: ResearchLog;
  setResearchLog: void;
  clearResearchLog: void;
}

export interface ResearchLog {
  enabled: boolean;
  /** Oldest first. */
  visits: LoggedVisit[];
  /** Entity labels by key, for those still installed. */
  labels: Record<string, string>;
}

/** How a subscription check went. */
export type UpdateResult =
  | { status: 'updated'; version: string }
  | { status: 'unchanged' }
  | { status: 'failed'; message: string };

export interface TabResponses {
  getPageStats: PageStats;
  /**
   * In the order the mentions were painted, which is the order of the ranges
   * in the page's `backstory` highlight and not always document order.
   */
  listMentions: { text: string; entityKeys: string[] }[];
  siteSettingChanged: void;
  setsChanged: void;
  togglePanel: void;
  openPanel: void;
}

/** A set as the options page lists it. */
export interface SetRow {
  id: string;
  title: string;
  publisher: string;
  version: string;
  entities: number;
  origin: 'bundled' | 'file' | 'url';
  enabled: boolean;
  /** The set's own `updated` date, and when it was installed here (ms since the epoch). */
  updated: string;
  installedAt: number;
  subscription?: { url: string; checkedAt?: number; error?: { message: string; at: number } };
  /** Where the set says its publisher keeps it up to date. */
  updateUrl?: string;
}

export interface PageConfig {
  enabled: boolean;
  highlightStyle: HighlightStyle;
  /** Whether the reader keeps a research log: only then does the page report what it marked. */
  researchLog: boolean;
  /** `null` when Backstory is off for the site. */
  dictionary: DeliveredPageDictionary | null;
}

export interface PageStats {
  site: string;
  enabled: boolean;
  mentions: number;
  /** The entities marked on the page, by key (`set id/entity id`). */
  entityKeys: string[];
}

export interface CardSource {
  title: string;
  publisher: string;
  url: string;
}

export interface CardFact {
  text: string;
  date?: string;
  asOf?: string;
  sources: CardSource[];
}

export interface EntityLabel {
  entityKey: string;
  label: string;
  kind: EntityKind;
}

export interface EntityCard {
  entityKey: string;
  label: string;
  kind: EntityKind;
  summary: string;
  /** Oldest first; with a page date, only what was known by then. */
  facts: CardFact[];
  /** Dated facts after the page's publication date ("Since this article"), oldest first. */
  later: CardFact[];
  /** `report`: where to tell the set's publisher about a problem (its web page); Backstory sends nothing itself. */
  /** `language`: the set's own (BCP 47), which its text is shown in. */
  set: { id: string; title: string; version: string; language: string; report?: string };
}

export type RequestMap = Record<string, Check<object>>;
export type RequestOf<M extends RequestMap, K extends keyof M> = M[K] extends Check<infer T> ? T : never;

/** Every message on the wire carries this tag so that others' messages are ignored. */
export const PROTOCOL_TAG = 'backstory/1';

export interface Envelope {
  protocol: typeof PROTOCOL_TAG;
  type: string;
  payload: unknown;
}
