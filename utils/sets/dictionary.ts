/** From the entities of the enabled sets to what a page matches with. */
import type { Entity } from '../model/set-schema';
import type { DictionaryEntry } from '../matcher/matcher';
import type { PageDictionary } from '../matcher/page-matcher';

export function dictionaryFor(entities: readonly Pick<Entity, 'id' | 'aliases' | 'context'>[]): PageDictionary {
  const entries: DictionaryEntry[] = [];
  const requirements: PageDictionary['requirements'] = [];
  for (const entity of entities) {
    for (const alias of entity.aliases) {
      entries.push({
        text: alias.text,
        entityId: entity.id,
        caseSensitive: alias.caseSensitive ?? false,
        ...(alias.requiresFullNameFirst ? { requiresFullNameFirst: true } : {}),
      });
    }
    for (const phrase of entity.context?.exclude ?? []) {
      entries.push({ text: phrase, entityId: null, caseSensitive: false });
    }
    const anyOf = entity.context?.requireAny ?? [];
    if (anyOf.length) requirements.push({ entityId: entity.id, anyOf });
  }
  return { entries, requirements };
}
