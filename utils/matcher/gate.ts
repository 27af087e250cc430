/**
 * The page-level rules that a single block of text cannot decide, applied in
 * document order as blocks arrive:
 * - a short name (`Schaaf`) counts only after the entity's full name;
 * - an entity with required context (`Bay Area` for Oakland, California) is
 *   held back until one of its phrases has appeared, then released at once.
 */
import type { Mention } from './matcher';

export class MentionGate<T> {
  /** Entities still waiting for their context, with the mentions held for them. */
  readonly #held = new Map<string, T[]>();
  readonly #fullNameSeen = new Set<string>();

  constructor(entitiesNeedingContext: Iterable<string>) {
    for (const entityId of entitiesNeedingContext) this.#held.set(entityId, []);
  }

  /** Whether some entity still waits for its context (else context phrases need no reading). */
  get waiting(): boolean {
    return this.#held.size > 0;
  }

  /** Whether mentions of `entityId` are held until one of its context phrases appears. */
  isWaiting(entityId: string): boolean {
    return this.#held.has(entityId);
  }

  /** One of the entity's context phrases appeared: what was held may be painted now. */
  unlock(entityId: string): T[] {
    const held = this.#held.get(entityId);
    if (!held) return [];
    this.#held.delete(entityId);
    return held;
  }

  /** Whether `mention` may be painted now: `[item]`, or `[]` while held or ruled out. */
  offer(mention: Mention, item: T): T[] {
    // An id may name several entities, space-separated (a phrase sets share):
    // a full name counts for each, and a short name needs any one's.
    const ids = mention.entityId.split(' ');
    if (mention.needsFullName) {
      if (!ids.some((id) => this.#fullNameSeen.has(id))) return [];
    } else {
      for (const id of ids) this.#fullNameSeen.add(id);
    }
    const held = this.#held.get(mention.entityId);
    if (held) {
      held.push(item);
      return [];
    }
    return [item];
  }
}
