/**
 * Matching for one page: the alias matcher, the context-phrase matcher and the
 * gate that applies page-level rules, fed block by block in document order.
 */
import { compileDictionary, type CompiledDictionary, type DeliveredDictionary } from './compile';
import { foldText, isWordCharAt, isWordCharBefore } from './fold';
import { MentionGate } from './gate';
import { Matcher, type AliasLookupFunction, type DictionaryEntry, type Mention } from './matcher';

/** Everything a page matches with, compiled in the background and used as delivered. */
export interface PageDictionary {
  aliases: CompiledDictionary;
  /** Context phrases; each "entity id" is an index into `unlocks`. */
  context: CompiledDictionary;
  /** The entities each context phrase unlocks. */
  unlocks: string[][];
  /** Entities that count on a page only once one of their context phrases appears there. */
  locked: string[];
}

/** A page dictionary as it reaches a page: its aliases whole, or only their first-word table (see `deliveredForm`). */
export type DeliveredPageDictionary = Omit<PageDictionary, 'aliases'> & { aliases: DeliveredDictionary };

export interface Requirement {
  entityId: string;
  anyOf: string[];
}

export function compilePageDictionary(entries: readonly DictionaryEntry[], requirements: readonly Requirement[]): PageDictionary {
  const phrases = new Map<string, string[]>();
  for (const { entityId, anyOf } of requirements) {
    for (const phrase of anyOf) {
      const key = foldText(phrase).toLowerCase();
      phrases.set(key, [...(phrases.get(key) ?? []), entityId]);
    }
  }
  // The page's text is read once, longest phrase first, so a phrase found
  // inside a longer one ("California" in "Oakland, California") would be
  // missed: the longer phrase unlocks what the shorter one does too.
  for (const [phrase, entityIds] of phrases) {
    for (const [inner, innerIds] of phrases) {
      if (inner !== phrase && containsWords(phrase, inner)) {
        for (const entityId of innerIds) if (!entityIds.includes(entityId)) entityIds.push(entityId);
      }
    }
  }
  const unlocks = [...phrases.values()];
  const contextEntries = [...phrases.keys()].map((text, i) => ({ text, entityId: String(i), caseSensitive: false }));
  return {
    aliases: compileDictionary(entries),
    context: compileDictionary(contextEntries),
    unlocks,
    locked: requirements.map((r) => r.entityId),
  };
}

/** Whether `inner` appears in `text` as whole words (as the matcher reads words: an astral letter is one). */
function containsWords(text: string, inner: string): boolean {
  for (let at = text.indexOf(inner); at >= 0; at = text.indexOf(inner, at + 1)) {
    if (!isWordCharBefore(text, at) && !isWordCharAt(text, at + inner.length)) return true;
  }
  return false;
}

export interface Found<B> {
  block: B;
  mention: Mention;
}

/** A delivered dictionary made ready to match with: done once per page configuration. */
export interface PreparedDictionary {
  aliases: Matcher;
  context: Matcher | null;
  unlocks: string[][];
  locked: string[];
  /** How the aliases of a large dictionary's first words are asked for (see `LazyDictionary`). */
  lookup: AliasLookupFunction | null;
}

export function prepareDictionary(dictionary: DeliveredPageDictionary, lookup: AliasLookupFunction | null = null): PreparedDictionary {
  return {
    lookup,
    aliases: new Matcher(dictionary.aliases),
    context: dictionary.unlocks.length ? new Matcher(dictionary.context) : null,
    unlocks: dictionary.unlocks,
    locked: dictionary.locked,
  };
}

/**
 * Past this many characters of text kept for a later reading of context
 * phrases, they are read at once and context is read as it comes from then
 * on: a page that never names a waiting entity (a long live blog) keeps no
 * more than this much text alive.
 */
const DEFERRED_CHARACTERS = 1 << 21;

/** A window of text whose context phrases have not been read yet. */
interface Deferred {
  text: string;
  from: number;
  to: number;
}

export class PageMatcher<B> {
  readonly #aliases: Matcher;
  readonly #lookup: AliasLookupFunction | null;
  readonly #context: Matcher | null;
  readonly #unlocks: string[][];
  readonly #gate: MentionGate<Found<B>>;
  /**
   * Context phrases matter only once a mention waits for them: an entity
   * that needs context is named (a surname alone, before the full name, does
   * not count). Until then, the windows read are only remembered (no copy:
   * the strings are the ones already read), and most pages, which never name
   * one, are read once. `null` once context is read along with the names.
   */
  #deferred: Deferred[] | null;
  #deferredCharacters = 0;

  /** A page's matching state (its gate) over a prepared dictionary. */
  constructor(prepared: PreparedDictionary) {
    this.#aliases = prepared.aliases;
    this.#lookup = prepared.lookup;
    this.#context = prepared.context;
    this.#unlocks = prepared.unlocks;
    this.#gate = new MentionGate(prepared.locked);
    this.#deferred = this.#context && this.#gate.waiting ? [] : null;
  }

  /** The mentions that may be painted after reading `text`, including earlier ones it released. */
  process(block: B, text: string): Found<B>[] {
    return this.processWindow(block, text, 0, text.length).found;
  }

  /**
   * The same for the matches that start in `[from, to)`; continue at `next`.
   * `stalled`: the window names words whose aliases must be asked for first
   * (a large dictionary, see `LazyDictionary`): nothing was read, and the
   * window is to be read again after `lookup()`. `words`: what `probe`
   * recorded of this text, to match from instead of reading it again.
   */
  processWindow(
    block: B,
    text: string,
    from: number,
    to: number,
    words?: readonly number[],
  ): { found: Found<B>[]; next: number; stalled?: true } {
    const ready: Found<B>[] = [];
    const { mentions, next } = words ? this.#aliases.replay(text, from, to, words) : this.#aliases.scan(text, from, to);
    if (this.#aliases.stalled) return { found: ready, next: from, stalled: true };
    // Once every entity has its context, context phrases need no more reading.
    if (this.#context && this.#gate.waiting) {
      if (this.#deferred === null) {
        this.#readContext(text, from, next, ready);
      } else {
        this.#deferred.push({ text, from, to: next });
        this.#deferredCharacters += next - from;
        if (this.#deferredCharacters > DEFERRED_CHARACTERS) this.#readDeferred(ready);
      }
    }
    for (const mention of mentions) {
      // Before a mention is held for its context, the text read so far
      // (this window too) is read for context, as if it had been all along.
      if (this.#deferred !== null && this.#gate.wouldHold(mention)) this.#readDeferred(ready);
      ready.push(...this.#gate.offer(mention, { block, mention }));
    }
    return { found: ready, next };
  }

  /**
   * Forgets the mentions held for their context that `doomed` picks: those
   * of text about to be read again, which would otherwise be released
   * beside the same mentions read anew.
   */
  forgetHeld(doomed: (found: Found<B>) => boolean): void {
    this.#gate.forget(doomed);
  }

  /** A pass begins (see `Matcher.beginPass`). */
  beginPass(): void {
    this.#aliases.beginPass();
  }

  /**
   * Notes the words of `text[from, …)` whose aliases must be asked for, while
   * a window is stalled; matches nothing. Returns the words that start an
   * alias, for `processWindow` to match from later.
   */
  probe(text: string, from: number): number[] {
    return this.#aliases.probe(text, from);
  }

  /** Asks for the aliases noted missing, once for all; afterwards every window reads again. */
  lookup(): Promise<void> {
    return this.#aliases.fill(this.#lookup);
  }

  /** Reads the context phrases of the text kept for later, and of all text from now on. */
  #readDeferred(ready: Found<B>[]): void {
    const deferred = this.#deferred ?? [];
    this.#deferred = null;
    for (const part of deferred) this.#readContext(part.text, part.from, part.to, ready);
  }

  /** Reads the context phrases that start in `[from, to)`, and adds what they release to `ready`. */
  #readContext(text: string, from: number, to: number, ready: Found<B>[]): void {
    if (!this.#context) return;
    for (const phrase of this.#context.scan(text, from, to).mentions) {
      for (const entityId of this.#unlocks[Number(phrase.entityId)] ?? []) ready.push(...this.#gate.unlock(entityId));
    }
  }
}
