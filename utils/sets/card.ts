/** The card a reader sees for an entity: its facts with their sources resolved, in time order. */
import type { StoredEntity, StoredSet } from '../db/database';
import type { CardFact, EntityCard } from '../messaging/protocol';
import { entityKey } from './entity-key';

/**
 * `published` is the page's own date (`YYYY-MM-DD`, or `''`). With it, facts
 * dated after it move to `later` — what has happened since the article — and
 * the rest is the background a reader had then. Either list runs oldest
 * first; undated facts lead the background.
 */
export function cardFor(entity: StoredEntity, set: StoredSet, published = ''): EntityCard {
  const sources = new Map(entity.sources.map((source) => [source.id, source]));
  const facts = entity.facts.map(
    (fact): CardFact => ({
      text: fact.text,
      ...(fact.date ? { date: fact.date } : {}),
      ...(fact.asOf ? { asOf: fact.asOf } : {}),
      sources: fact.sources.flatMap((id) => {
        const source = sources.get(id);
        return source ? [{ title: source.title, publisher: source.publisher, url: source.url }] : [];
      }),
    }),
  );
  // A stable sort: facts of one date keep the order their set gives them.
  facts.sort((a, b) => whenOf(a).localeCompare(whenOf(b)));
  return {
    entityKey: entityKey(set.id, entity.id),
    label: entity.label,
    kind: entity.kind,
    summary: entity.summary,
    facts: published ? facts.filter((fact) => !isAfter(fact, published)) : facts,
    later: published ? facts.filter((fact) => isAfter(fact, published)) : [],
    set: { id: set.id, title: set.title, version: set.version, language: set.language, ...reportTo(set) },
  };
}

function whenOf(fact: CardFact): string {
  return fact.date ?? fact.asOf ?? '';
}

/**
 * Whether a fact is dated after the page. Dates are compared at the fact's
 * own precision: a fact of "2017-12" or "2017" is not after a page of
 * 2017-12-05, since it may well have come first.
 */
export function isAfter(fact: CardFact, published: string): boolean {
  const when = whenOf(fact);
  return when !== '' && when > published.slice(0, when.length);
}

/** The publisher's page, or the set's homepage: where a reader can report a problem with the set. */
function reportTo(set: StoredSet): { report?: string } {
  const page = set.publisher.url ?? set.homepage;
  return page ? { report: page } : {};
}
