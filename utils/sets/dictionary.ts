/** From the entities of the enabled sets to what a page matches with. */
import type { Entity } from '../model/set-schema';
import type { DictionaryEntry } from '../matcher/matcher';
import { compilePageDictionary, type PageDictionary, type Requirement } from '../matcher/page-matcher';
import { entityKey } from './entity-key';

type MatchableEntity = Pick<Entity, 'id' | 'aliases' | 'context'> & { setId: string };

/**
 * The matcher's input: every alias, exclusion phrase and context requirement.
 * Entities are named by their key (`set/entity`), so two sets that both
 * describe an `oakland` never answer for each other.
 */
export function dictionaryEntriesFor(entities: readonly MatchableEntity[]): {
  entries: DictionaryEntry[];
  requirements: Requirement[];
} {
  const entries: DictionaryEntry[] = [];
  const requirements: Requirement[] = [];
  for (const entity of entities) {
    const key = entityKey(entity.setId, entity.id);
    for (const alias of entity.aliases) {
      entries.push({
        text: alias.text,
        entityId: key,
        caseSensitive: alias.caseSensitive ?? false,
        ...(alias.requiresFullNameFirst ? { requiresFullNameFirst: true } : {}),
      });
    }
    for (const phrase of entity.context?.exclude ?? []) {
      entries.push({ text: phrase, entityId: null, caseSensitive: false });
    }
    const anyOf = entity.context?.requireAny ?? [];
    if (anyOf.length) requirements.push({ entityId: key, anyOf });
  }
  return { entries, requirements };
}

export function pageDictionaryFor(entities: readonly MatchableEntity[]): PageDictionary {
  const { entries, requirements } = dictionaryEntriesFor(entities);
  return compilePageDictionary(entries, requirements);
}
