/** The card a reader sees for an entity: its facts with their sources resolved. */
import type { StoredEntity, StoredSet } from '../db/database';
import type { EntityCard } from '../messaging/protocol';
import { entityKey } from './entity-key';

export function cardFor(entity: StoredEntity, set: StoredSet): EntityCard {
  const sources = new Map(entity.sources.map((source) => [source.id, source]));
  return {
    entityKey: entityKey(set.id, entity.id),
    label: entity.label,
    kind: entity.kind,
    summary: entity.summary,
    facts: entity.facts.map((fact) => ({
      text: fact.text,
      ...(fact.date ? { date: fact.date } : {}),
      ...(fact.asOf ? { asOf: fact.asOf } : {}),
      sources: fact.sources.flatMap((id) => {
        const source = sources.get(id);
        return source ? [{ title: source.title, publisher: source.publisher, url: source.url }] : [];
      }),
    })),
    set: { id: set.id, title: set.title, version: set.version },
  };
}
