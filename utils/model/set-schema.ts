/**
 * The annotation-set format: one valibot schema that the runtime validates with
 * and that `scripts/write-json-schema.ts` turns into the published JSON Schema
 * (`schema/annotation-set.schema.json`). Sets are untrusted input, so every
 * string and list has an upper bound and ids come from a small safe alphabet.
 */
import * as v from 'valibot';
import { LIMITS } from './limits';

/** The newest format this build understands; a set declaring a newer one is refused. */
export const FORMAT_VERSION = 1;

/** Said of a set with more entities than LIMITS.entities, by the schema and by the count made before it. */
export const TOO_MANY_ENTITIES = `A set has at most ${LIMITS.entities} entities.`;

export { LIMITS } from './limits';

const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
const DATE_PATTERN = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const SEMVER_PATTERN = /^\d+\.\d+\.\d+$/;
// Only web links are ever rendered: `javascript:`, `data:` and friends are refused here.
const WEB_URL_PATTERN = /^https?:\/\/[!-~]+$/;

const Id = v.pipe(
  v.string(),
  v.minLength(1, 'An id cannot be empty.'),
  v.maxLength(LIMITS.idLength, `An id is at most ${LIMITS.idLength} characters.`),
  v.regex(ID_PATTERN, 'An id uses only a-z, 0-9, ".", "_" and "-", and starts with a letter or digit.'),
);

const text = (max: number) =>
  v.pipe(
    v.string(),
    v.regex(/\S/, 'This text cannot be empty.'),
    v.maxLength(max, `This text is at most ${max} characters.`),
  );

const WebUrl = v.pipe(
  v.string(),
  v.maxLength(LIMITS.url, `A URL is at most ${LIMITS.url} characters.`),
  v.regex(WEB_URL_PATTERN, 'A URL must start with https:// or http:// and be written in ASCII (percent-encoded).'),
  v.url('This is not a valid URL.'),
);

/** A subscription is fetched only over HTTPS: a set's facts must not be rewritable on the wire. */
const HttpsUrl = v.pipe(
  v.string(),
  v.maxLength(LIMITS.url, `A URL is at most ${LIMITS.url} characters.`),
  v.regex(/^https:\/\/[!-~]+$/, 'An update URL must start with https:// and be written in ASCII (percent-encoded).'),
  v.url('This is not a valid URL.'),
);

const IsoDate = v.pipe(
  v.string(),
  v.regex(DATE_PATTERN, 'A date is written YYYY, YYYY-MM or YYYY-MM-DD.'),
);

export const AliasSchema = v.strictObject({
  text: text(LIMITS.shortText),
  /** `ICE` the agency is not `ice`: the author decides per alias. */
  caseSensitive: v.optional(v.boolean()),
  /** A short name (`Schaaf`) that counts only after one of the entity's other aliases appeared on the page. */
  requiresFullNameFirst: v.optional(v.boolean()),
});

export const ContextSchema = v.strictObject({
  /** Phrases that contain an alias but are not this entity (`Oakland County`). */
  exclude: v.optional(v.pipe(v.array(text(LIMITS.shortText)), v.maxLength(LIMITS.phrasesPerRule))),
  /** The entity counts on a page only if one of these phrases appears there too (`Bay Area`). */
  requireAny: v.optional(v.pipe(v.array(text(LIMITS.shortText)), v.maxLength(LIMITS.phrasesPerRule))),
});

export const SourceSchema = v.strictObject({
  id: Id,
  title: text(LIMITS.shortText),
  publisher: text(LIMITS.shortText),
  url: WebUrl,
  published: v.optional(IsoDate),
  accessed: v.optional(IsoDate),
});

export const FactSchema = v.strictObject({
  text: text(LIMITS.factText),
  /** When the fact happened. */
  date: v.optional(IsoDate),
  /** When a fact that can change was last checked. */
  asOf: v.optional(IsoDate),
  sources: v.pipe(
    v.array(Id),
    v.minLength(1, 'Every fact cites at least one source.'),
    v.maxLength(LIMITS.sourcesPerFact),
  ),
});

export const EntityKindSchema = v.picklist(['person', 'place', 'organization', 'law', 'event', 'topic']);

export const EntitySchema = v.strictObject({
  id: Id,
  label: text(LIMITS.shortText),
  kind: EntityKindSchema,
  aliases: v.pipe(
    v.array(AliasSchema),
    v.minLength(1, 'An entity needs at least one alias.'),
    v.maxLength(LIMITS.aliasesPerEntity),
  ),
  context: v.optional(ContextSchema),
  /** The same entity in other databases, for researchers who join data. */
  externalIds: v.optional(
    v.strictObject({
      wikidata: v.optional(v.pipe(v.string(), v.regex(/^Q[1-9]\d{0,11}$/, 'A Wikidata id is Q followed by digits, e.g. Q17042.'))),
    }),
  ),
  summary: text(LIMITS.summary),
  facts: v.pipe(v.array(FactSchema), v.maxLength(LIMITS.factsPerEntity)),
  sources: v.pipe(v.array(SourceSchema), v.maxLength(LIMITS.sourcesPerEntity)),
});

export const AnnotationSetSchema = v.strictObject({
  $schema: v.optional(v.string()),
  formatVersion: v.literal(FORMAT_VERSION),
  id: Id,
  version: v.pipe(v.string(), v.regex(SEMVER_PATTERN, 'A version is MAJOR.MINOR.PATCH, e.g. 1.0.0.')),
  title: text(LIMITS.shortText),
  description: text(LIMITS.description),
  language: v.pipe(v.string(), v.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'A language is a BCP 47 tag such as "en".')),
  license: text(LIMITS.shortText),
  publisher: v.strictObject({
    name: text(LIMITS.shortText),
    url: v.optional(WebUrl),
  }),
  homepage: v.optional(WebUrl),
  updated: IsoDate,
  /** Where a subscribed copy of this set is fetched again, and how often (hours). */
  updateUrl: v.optional(HttpsUrl),
  updateIntervalHours: v.optional(
    v.pipe(
      v.number(),
      v.integer('An update interval is a whole number of hours.'),
      v.minValue(LIMITS.updateIntervalHours.min, `An update interval is at least ${LIMITS.updateIntervalHours.min} hour.`),
      v.maxValue(LIMITS.updateIntervalHours.max, `An update interval is at most ${LIMITS.updateIntervalHours.max} hours (30 days).`),
    ),
  ),
  entities: v.pipe(
    v.array(EntitySchema),
    v.minLength(1, 'A set needs at least one entity.'),
    v.maxLength(LIMITS.entities, TOO_MANY_ENTITIES),
  ),
});

export type AnnotationSet = v.InferOutput<typeof AnnotationSetSchema>;
export type Entity = v.InferOutput<typeof EntitySchema>;
export type EntityKind = v.InferOutput<typeof EntityKindSchema>;
export type Fact = v.InferOutput<typeof FactSchema>;
export type Source = v.InferOutput<typeof SourceSchema>;
export type Alias = v.InferOutput<typeof AliasSchema>;
