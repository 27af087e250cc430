/** From the entities of the enabled sets to what a page matches with. */
import type { Entity } from '../model/set-schema';
import { expectedForm } from '../matcher/compile';
import { foldText } from '../matcher/fold';
import type { DictionaryEntry } from '../matcher/matcher';
import { compilePageDictionary, type PageDictionary, type Requirement } from '../matcher/page-matcher';
import { MAX_ENTITIES_PER_PHRASE, entityKey, joinEntityKeys } from './entity-key';

type MatchableEntity = Pick<Entity, 'id' | 'aliases' | 'context'> & { setId: string };

/**
 * The matcher's input: every alias, exclusion phrase and context requirement.
 * Entities are named by their key (`set/entity`), so two sets that both
 * describe an `oakland` never answer for each other. An alias that several
 * entities share (same words, same case rule, same full-name rule) names all
 * of them at once: see `joinEntityKeys`.
 */
export function dictionaryEntriesFor(entities: readonly MatchableEntity[]): {
  entries: DictionaryEntry[];
  requirements: Requirement[];
} {
  const aliases: DictionaryEntry[] = [];
  const exclusions: DictionaryEntry[] = [];
  const requireAny = new Map<string, readonly string[]>();
  for (const entity of entities) {
    const key = entityKey(entity.setId, entity.id);
    for (const alias of entity.aliases) {
      aliases.push({
        text: alias.text,
        entityId: key,
        caseSensitive: alias.caseSensitive ?? false,
        ...(alias.requiresFullNameFirst ? { requiresFullNameFirst: true } : {}),
      });
    }
    for (const phrase of entity.context?.exclude ?? []) {
      exclusions.push({ text: phrase, entityId: null, caseSensitive: false });
    }
    const anyOf = entity.context?.requireAny ?? [];
    if (anyOf.length) requireAny.set(key, anyOf);
  }

  // The entities each alias form names, in the order the sets list them.
  // Entities share a phrase only under the same context rule (else one
  // entity's rule would decide for another), and a card shows a few at most.
  const contextOf = (key: string) => JSON.stringify([...(requireAny.get(key) ?? [])].map((p) => foldText(p).toLowerCase()).sort());
  const forms = aliases.map(
    (entry) =>
      `${entry.requiresFullNameFirst ? 1 : 0}${entry.caseSensitive ? 1 : 0}${contextOf(entry.entityId!)}${expectedForm(foldText(entry.text), entry.caseSensitive)}`,
  );
  const named = new Map<string, string[]>();
  aliases.forEach((entry, i) => {
    const keys = named.get(forms[i]!);
    if (!keys) named.set(forms[i]!, [entry.entityId!]);
    else if (!keys.includes(entry.entityId!) && keys.length < MAX_ENTITIES_PER_PHRASE) keys.push(entry.entityId!);
  });

  // Entities that share a phrase have the same rule: the first one's is theirs.
  const required = new Map<string, Requirement>();
  const entries = aliases.map((entry, i) => {
    const keys = named.get(forms[i]!)!;
    const entityId = keys.length > 1 ? joinEntityKeys(keys) : entry.entityId!;
    const anyOf = requireAny.get(keys[0]!);
    if (anyOf && !required.has(entityId)) required.set(entityId, { entityId, anyOf: [...anyOf] });
    return keys.length > 1 ? { ...entry, entityId } : entry;
  });
  const requirements = [...required.values()];
  return { entries: [...entries, ...exclusions], requirements };
}

export function pageDictionaryFor(entities: readonly MatchableEntity[]): PageDictionary {
  const { entries, requirements } = dictionaryEntriesFor(entities);
  return compilePageDictionary(entries, requirements);
}
