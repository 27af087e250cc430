/**
 * Matching for one page: the alias matcher, the context-phrase matcher and the
 * gate that applies page-level rules, fed block by block in document order.
 */
import { MentionGate } from './gate';
import { Matcher, type DictionaryEntry, type Mention } from './matcher';
import { foldText } from './fold';

/** Everything a page needs to match, as the background delivers it. */
export interface PageDictionary {
  entries: DictionaryEntry[];
  /** Entities that count on a page only once one of their phrases appears there. */
  requirements: { entityId: string; anyOf: string[] }[];
}

export interface Found<B> {
  block: B;
  mention: Mention;
}

export class PageMatcher<B> {
  readonly #aliases: Matcher;
  readonly #context: Matcher | null;
  /** Context phrase (by index, as the context matcher's "entity id") → the entities it unlocks. */
  readonly #unlocks: string[][] = [];
  readonly #gate: MentionGate<Found<B>>;

  constructor(dictionary: PageDictionary) {
    this.#aliases = new Matcher(dictionary.entries);
    const phrases = new Map<string, string[]>();
    for (const { entityId, anyOf } of dictionary.requirements) {
      for (const phrase of anyOf) {
        const key = foldText(phrase).toLowerCase();
        phrases.set(key, [...(phrases.get(key) ?? []), entityId]);
      }
    }
    const contextEntries: DictionaryEntry[] = [];
    for (const [phrase, entityIds] of phrases) {
      contextEntries.push({ text: phrase, entityId: String(this.#unlocks.length), caseSensitive: false });
      this.#unlocks.push(entityIds);
    }
    this.#context = contextEntries.length ? new Matcher(contextEntries) : null;
    this.#gate = new MentionGate(dictionary.requirements.map((r) => r.entityId));
  }

  /** The mentions that may be painted after reading `text`, including earlier ones it released. */
  process(block: B, text: string): Found<B>[] {
    return this.processWindow(block, text, 0, text.length).found;
  }

  /** The same for the matches that start in `[from, to)`; continue at `next`. */
  processWindow(block: B, text: string, from: number, to: number): { found: Found<B>[]; next: number } {
    const ready: Found<B>[] = [];
    const { mentions, next } = this.#aliases.scan(text, from, to);
    if (this.#context) {
      for (const phrase of this.#context.scan(text, from, next).mentions) {
        for (const entityId of this.#unlocks[Number(phrase.entityId)]!) ready.push(...this.#gate.unlock(entityId));
      }
    }
    for (const mention of mentions) ready.push(...this.#gate.offer(mention, { block, mention }));
    return { found: ready, next };
  }
}
