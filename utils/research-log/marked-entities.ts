/**
 * What the content script tells the research log about a page: the entities
 * marked, how often, and the distinct texts that named each (for the exported
 * annotations' quote selectors). No other text of the page.
 */
import { splitEntityKeys } from '../sets/entity-key';
import { LOG_LIMITS, type VisitEntity } from './visit';

export function markedEntities(mentions: Iterable<{ entityId: string; text: string }>): VisitEntity[] {
  const byKey = new Map<string, VisitEntity>();
  for (const { entityId, text } of mentions) {
    // A phrase several sets share counts for each of their entities.
    for (const key of splitEntityKeys(entityId)) {
      let entity = byKey.get(key);
      if (!entity) {
        if (byKey.size >= LOG_LIMITS.entities) continue;
        entity = { key, count: 0, texts: [] };
        byKey.set(key, entity);
      }
      entity.count = Math.min(entity.count + 1, LOG_LIMITS.count);
      const quote = text.slice(0, LOG_LIMITS.text);
      if (entity.texts.length < LOG_LIMITS.textsPerEntity && !entity.texts.includes(quote)) entity.texts.push(quote);
    }
  }
  return [...byKey.values()];
}
