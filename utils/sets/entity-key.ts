/**
 * An entity's key beyond its set. Entity ids are unique only within their set
 * (two sets may both describe `oakland`), so pages, cards and the popup name
 * an entity by `set id/entity id`; ids never contain `/`.
 */
export function entityKey(setId: string, entityId: string): string {
  return `${setId}/${entityId}`;
}

export function parseEntityKey(key: string): { setId: string; entityId: string } | null {
  const slash = key.indexOf('/');
  if (slash <= 0 || slash === key.length - 1 || key.includes('/', slash + 1)) return null;
  return { setId: key.slice(0, slash), entityId: key.slice(slash + 1) };
}

/**
 * One phrase may name entities of several sets (two sets that both describe
 * ICE): the page then marks it once, under the keys of all of them joined by a
 * space (ids never contain one), and the card shows each, grouped by set.
 */
/** The most entities one phrase names (a card has to stay readable): the rest of the sets sharing it are left out. */
export const MAX_ENTITIES_PER_PHRASE = 8;

export function joinEntityKeys(keys: readonly string[]): string {
  return keys.join(' ');
}

export function splitEntityKeys(key: string): string[] {
  return key.split(' ');
}
