/**
 * The one message protocol between Backstory's parts. Each call map keys both
 * the sender and the handler, so a request and its answer cannot drift apart.
 * Requests are checked against their schema on arrival: a message is untrusted
 * until it has been parsed.
 */
import * as v from 'valibot';
import type { PageDictionary } from '../matcher/page-matcher';
import type { EntityKind } from '../model/set-schema';

const Site = v.pipe(v.string(), v.minLength(1), v.maxLength(253));
const EntityId = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

/** Requests that content scripts and extension pages send to the background. */
export const backgroundRequests = {
  getPageConfig: v.strictObject({ site: Site }),
  getCard: v.strictObject({ entityId: EntityId }),
  setSiteEnabled: v.strictObject({ site: Site, enabled: v.boolean() }),
};

/** Requests that extension pages and the background send to a tab's content script. */
export const tabRequests = {
  getPageStats: v.strictObject({}),
  siteSettingChanged: v.strictObject({ site: Site }),
};

export interface BackgroundResponses {
  getPageConfig: PageConfig;
  getCard: EntityCard | null;
  setSiteEnabled: void;
}

export interface TabResponses {
  getPageStats: PageStats;
  siteSettingChanged: void;
}

export interface PageConfig {
  enabled: boolean;
  /** `null` when Backstory is off for the site. */
  dictionary: PageDictionary | null;
}

export interface PageStats {
  site: string;
  enabled: boolean;
  mentions: number;
  entities: number;
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

export interface EntityCard {
  entityId: string;
  label: string;
  kind: EntityKind;
  summary: string;
  facts: CardFact[];
  set: { id: string; title: string; version: string };
}

export type RequestMap = Record<string, v.GenericSchema>;
export type RequestOf<M extends RequestMap, K extends keyof M> = v.InferOutput<M[K]>;

/** Every message on the wire carries this tag so that others' messages are ignored. */
export const PROTOCOL_TAG = 'backstory/1';

export interface Envelope {
  protocol: typeof PROTOCOL_TAG;
  type: string;
  payload: unknown;
}
