/**
 * The research log's records (options page, off by default): each page where
 * Backstory marked names, what it marked, and which cards the reader opened.
 * Kept in the extension's own database and never sent anywhere.
 */

/** One entity marked on a visited page: how often, and the distinct texts that named it. */
export interface VisitEntity {
  /** `set id/entity id`: never a joined key (see utils/sets/entity-key.ts). */
  key: string;
  count: number;
  texts: string[];
}

/** A visit — one document load at one address — as the log keeps and exports it. */
export interface LoggedVisit {
  /** When it was first recorded (ms since the epoch). */
  at: number;
  url: string;
  title: string;
  entities: VisitEntity[];
  /** Entities whose card the reader opened during the visit, by key, in the order first opened. */
  opened: string[];
}

/**
 * Bounds on what one page may put in the log: a page is untrusted, and the
 * log must stay small enough to list and chart on the options page.
 */
export const LOG_LIMITS = {
  url: 4_096,
  title: 500,
  entities: 200,
  textsPerEntity: 20,
  text: 200,
  count: 1_000_000,
} as const;

/**
 * A later pass over the same visit (a live blog's new post, sets switched on
 * again) adds to what the reader was shown: counts keep their highest value,
 * texts are the union, so marks that went away are still counted as seen.
 */
export function mergeVisitEntities(before: readonly VisitEntity[], after: readonly VisitEntity[]): VisitEntity[] {
  const merged = new Map<string, VisitEntity>(before.map((entity) => [entity.key, { ...entity, texts: [...entity.texts] }]));
  for (const entity of after) {
    const known = merged.get(entity.key);
    if (!known) {
      if (merged.size < LOG_LIMITS.entities) merged.set(entity.key, { ...entity, texts: [...entity.texts] });
      continue;
    }
    known.count = Math.max(known.count, entity.count);
    for (const text of entity.texts) {
      if (known.texts.length >= LOG_LIMITS.textsPerEntity) break;
      if (!known.texts.includes(text)) known.texts.push(text);
    }
  }
  return [...merged.values()];
}
