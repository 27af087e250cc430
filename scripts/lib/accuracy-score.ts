/**
 * Scoring marks against labels, for `npm run accuracy` and its test. Pure:
 * mentions in, counts out. A page's expected and found mentions are compared
 * as multisets of (entity, text): the same name marked three times where the
 * labels expect it twice is two hits and one false positive.
 */

/** One mention of one entity: `entity` is `set id/entity id`, `text` the marked text. */
export interface Mention {
  entity: string;
  text: string;
}

/** A mention that occurs `count` times. */
export interface CountedMention extends Mention {
  count: number;
}

export interface Counts {
  expected: number;
  found: number;
  /** True positives: per (entity, text), the lesser of expected and found. */
  tp: number;
  fp: number;
  fn: number;
}

export interface PageScore extends Counts {
  page: string;
  misses: CountedMention[];
  falsePositives: CountedMention[];
}

export interface EntityScore extends Counts {
  entity: string;
}

export interface CorpusScore {
  pages: PageScore[];
  entities: EntityScore[];
  overall: Counts;
}

/** TP / found; null when nothing was found (nothing to be wrong about). */
export function precision(counts: Counts): number | null {
  return counts.found === 0 ? null : counts.tp / counts.found;
}

/** TP / expected; null when nothing was expected. */
export function recall(counts: Counts): number | null {
  return counts.expected === 0 ? null : counts.tp / counts.expected;
}

const SEPARATOR = '\u0000';
const keyOf = ({ entity, text }: Mention) => `${entity}${SEPARATOR}${text}`;

function tally(mentions: readonly Mention[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mention of mentions) counts.set(keyOf(mention), (counts.get(keyOf(mention)) ?? 0) + 1);
  return counts;
}

function unkey(key: string, count: number): CountedMention {
  const [entity = '', text = ''] = key.split(SEPARATOR);
  return { entity, text, count };
}

/** Code-unit order, the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareMentions(a: Mention, b: Mention): number {
  return compareText(a.entity, b.entity) || compareText(a.text, b.text);
}

/** Per (entity, text) of one page: how many were expected, found, and matched. */
function pairsOf(expected: readonly Mention[], found: readonly Mention[]) {
  const want = tally(expected);
  const got = tally(found);
  return [...new Set([...want.keys(), ...got.keys()])].map((key) => {
    const e = want.get(key) ?? 0;
    const f = got.get(key) ?? 0;
    const tp = Math.min(e, f);
    return { key, entity: unkey(key, 0).entity, expected: e, found: f, tp, fp: f - tp, fn: e - tp };
  });
}

export function scorePage(page: string, expected: readonly Mention[], found: readonly Mention[]): PageScore {
  const pairs = pairsOf(expected, found);
  const score: PageScore = { page, ...sum(pairs), misses: [], falsePositives: [] };
  for (const pair of pairs) {
    if (pair.fn > 0) score.misses.push(unkey(pair.key, pair.fn));
    if (pair.fp > 0) score.falsePositives.push(unkey(pair.key, pair.fp));
  }
  score.misses.sort(compareMentions);
  score.falsePositives.sort(compareMentions);
  return score;
}

/** Scores every page, then per entity and overall (micro-averaged: every mention counts once). */
export function scoreCorpus(pages: readonly { page: string; expected: readonly Mention[]; found: readonly Mention[] }[]): CorpusScore {
  const byEntity = new Map<string, Counts[]>();
  for (const { expected, found } of pages) {
    for (const pair of pairsOf(expected, found)) {
      const list = byEntity.get(pair.entity) ?? [];
      list.push(pair);
      byEntity.set(pair.entity, list);
    }
  }
  const scored = pages.map(({ page, expected, found }) => scorePage(page, expected, found));
  scored.sort((a, b) => compareText(a.page, b.page));
  const entities = [...byEntity].map(([entity, counts]) => ({ entity, ...sum(counts) }));
  entities.sort((a, b) => compareText(a.entity, b.entity));
  return { pages: scored, entities, overall: sum(scored) };
}

function sum(counts: readonly Counts[]): Counts {
  const total: Counts = { expected: 0, found: 0, tp: 0, fp: 0, fn: 0 };
  for (const c of counts) {
    total.expected += c.expected;
    total.found += c.found;
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  return total;
}
