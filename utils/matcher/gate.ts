/**
 * The page-level rules that a single block of text cannot decide, applied in
 * document order as blocks arrive:
 * - a short name (`Schaaf`) counts only after the entity's full name;
 * - an entity with required context (`Bay Area` for Oakland, California) is
 *   held back until one of its phrases has appeared, then released at once.
 */
import type { Mention } from './matcher';

export class MentionGate<T> {
  /** Entities still waiting for their context… */
  readonly #waiting: Set<string>;
  /** …and the mentions held for them, once there are some. */
  readonly #held = new Map<string, T[]>();
  readonly #fullNameSeen = new Set<string>();

  constructor(entitiesNeedingContext: Iterable<string>) {
    this.#waiting = new Set(entitiesNeedingContext);
  }

  /** Whether some entity still waits for its context (else context phrases need no reading). */
  get waiting(): boolean {
    return this.#waiting.size > 0;
  }

  /** Whether `offer` would hold `mention` for its context now (rather than pass it or rule it out). */
  wouldHold(mention: Mention): boolean {
    return this.#waiting.has(mention.entityId) && (!mention.needsFullName || this.#fullNameSeenFor(mention.entityId));
  }

  /** One of the entity's context phrases appeared: what was held may be painted now. */
  unlock(entityId: string): T[] {
    if (!this.#waiting.delete(entityId)) return [];
    const held = this.#held.get(entityId) ?? [];
    this.#held.delete(entityId);
    return held;
  }

  /** Lets go of the held items `doomed` picks (their text is to be read again). */
  forget(doomed: (item: T) => boolean): void {
    for (const [entityId, held] of this.#held) {
      const kept = held.filter((item) => !doomed(item));
      if (kept.length) this.#held.set(entityId, kept);
      else this.#held.delete(entityId);
    }
  }

  /** Whether `mention` may be painted now: `[item]`, or `[]` while held or ruled out. */
  offer(mention: Mention, item: T): T[] {
    // An id may name several entities, space-separated (a phrase sets share):
    // a full name counts for each, and a short name needs any one's.
    if (mention.needsFullName) {
      if (!this.#fullNameSeenFor(mention.entityId)) return [];
    } else if (mention.entityId.includes(' ')) {
      for (const id of mention.entityId.split(' ')) this.#fullNameSeen.add(id);
    } else {
      // Most phrases name one entity: no list to make for each mention.
      this.#fullNameSeen.add(mention.entityId);
    }
    if (this.#waiting.has(mention.entityId)) {
      const held = this.#held.get(mention.entityId);
      if (held) held.push(item);
      else this.#held.set(mention.entityId, [item]);
      return [];
    }
    return [item];
  }

  #fullNameSeenFor(entityId: string): boolean {
    return entityId.split(' ').some((id) => this.#fullNameSeen.has(id));
  }
}
