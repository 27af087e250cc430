/** From the entities of the enabled sets to the matcher's input. */
import type { Entity } from '../model/set-schema';
import type { DictionaryEntry } from '../matcher/matcher';

export function dictionaryFor(entities: readonly Pick<Entity, 'id' | 'aliases' | 'context'>[]): DictionaryEntry[] {
  const entries: DictionaryEntry[] = [];
  for (const entity of entities) {
    for (const alias of entity.aliases) {
      entries.push({ text: alias.text, entityId: entity.id, caseSensitive: alias.caseSensitive ?? false });
    }
    for (const phrase of entity.context?.exclude ?? []) {
      entries.push({ text: phrase, entityId: null, caseSensitive: false });
    }
  }
  return entries;
}
