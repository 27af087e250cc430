/**
 * The pure matcher: text in, mentions out. No DOM, no browser APIs.
 *
 * Aliases are compiled into a character trie keyed on folded, lower-cased code
 * units. Scanning starts only at word starts and walks the trie as far as the
 * text allows, so the cost is bounded by the text length times the longest
 * alias, whatever the input: there is no regular expression to backtrack.
 */
import { foldKey, foldText, isSpace, isWordCharAt, isWordCharBefore } from './fold';

export interface DictionaryEntry {
  /** The alias as the author wrote it. */
  text: string;
  /**
   * The entity this alias names, or `null` for an exclusion phrase: a phrase
   * that claims its words so that no entity matches inside it (`Oakland County`).
   */
  entityId: string | null;
  caseSensitive: boolean;
  /** A short name that counts only after the entity's full name (see `MentionGate`). */
  requiresFullNameFirst?: boolean;
}

export interface Mention {
  start: number;
  end: number;
  entityId: string;
  /** Found through a short name that needs the full name earlier on the page. */
  needsFullName: boolean;
}

interface Terminal {
  entityId: string | null;
  caseSensitive: boolean;
  needsFullName: boolean;
  /** The folded alias, compared with the folded text when case matters. */
  folded: string;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  terminals: Terminal[];
}

export class Matcher {
  readonly #root: TrieNode = newNode();

  constructor(entries: readonly DictionaryEntry[]) {
    for (const entry of entries) this.#add(entry);
  }

  /** Every mention in `text`, in order, none overlapping; the longest alias wins. */
  findMentions(text: string): Mention[] {
    return this.scan(text, 0, text.length).mentions;
  }

  /**
   * The mentions that start in `[from, to)`. A match may run past `to`;
   * `next` is where the following window must start so that no text is read
   * twice. Windows let a huge block be matched in slices.
   */
  scan(text: string, from: number, to: number): { mentions: Mention[]; next: number } {
    const mentions: Mention[] = [];
    let index = from;
    while (index < to) {
      if (!isWordCharAt(text, index) || isWordCharBefore(text, index)) {
        index += 1;
        continue;
      }
      const found = this.#longestAt(text, index);
      if (found) {
        const { entityId, needsFullName } = found.terminal;
        if (entityId !== null) mentions.push({ start: index, end: found.end, entityId, needsFullName });
        index = found.end;
      } else {
        index += 1;
      }
    }
    return { mentions, next: Math.max(index, to) };
  }

  #add(entry: DictionaryEntry): void {
    const folded = foldText(entry.text);
    if (!folded) return;
    let node = this.#root;
    for (const ch of folded) {
      // Astral characters are stored unit by unit, as the scan reads them.
      for (let i = 0; i < ch.length; i++) {
        const key = foldKey(ch[i]!);
        let child = node.next.get(key);
        if (!child) {
          child = newNode();
          node.next.set(key, child);
        }
        node = child;
      }
    }
    node.terminals.push({
      entityId: entry.entityId,
      caseSensitive: entry.caseSensitive,
      needsFullName: entry.requiresFullNameFirst ?? false,
      folded,
    });
  }

  #longestAt(text: string, start: number): { end: number; terminal: Terminal } | null {
    let node: TrieNode | undefined = this.#root;
    let best: { end: number; terminal: Terminal } | null = null;
    let index = start;
    while (index < text.length) {
      const ch = text[index]!;
      let key: string;
      let after: number;
      if (isSpace(ch)) {
        key = ' ';
        after = index + 1;
        while (after < text.length && isSpace(text[after]!)) after += 1;
      } else {
        key = foldKey(ch);
        after = index + 1;
      }
      node = node.next.get(key);
      if (!node) break;
      index = after;
      if (node.terminals.length > 0 && endsWord(text, index)) {
        const terminal = pickTerminal(node.terminals, text, start, index);
        if (terminal) best = { end: index, terminal };
      }
    }
    return best;
  }
}

function newNode(): TrieNode {
  return { next: new Map(), terminals: [] };
}

/** A match may not stop in the middle of a word (`ICE` in `ICEland`). */
function endsWord(text: string, end: number): boolean {
  return !isWordCharBefore(text, end) || !isWordCharAt(text, end);
}

function pickTerminal(terminals: Terminal[], text: string, start: number, end: number): Terminal | null {
  let folded: string | undefined;
  // An exclusion phrase outranks an entity alias with the same letters.
  let chosen: Terminal | null = null;
  for (const terminal of terminals) {
    if (terminal.caseSensitive) {
      folded ??= foldText(text.slice(start, end));
      if (folded !== terminal.folded) continue;
    }
    if (terminal.entityId === null) return terminal;
    chosen ??= terminal;
  }
  return chosen;
}
