/**
 * Functions `npm start` and the tests run in the page's main world through Playwright or
 * Puppeteer. Each must be self-contained: it is sent to the page as source.
 * They read only what any page could read: `CSS.highlights` and the DOM.
 * Backstory paints static ranges; a probe makes a live range to read one.
 */

/** The text of every painted mention, or null when Backstory registered none. */
export function markedTexts(): string[] | null {
  const highlight = CSS.highlights.get('backstory');
  const text = (r: AbstractRange) => {
    const live = document.createRange();
    live.setStart(r.startContainer, r.startOffset);
    live.setEnd(r.endContainer, r.endOffset);
    return live.toString();
  };
  return highlight ? [...highlight].map(text) : null;
}

/** How many painted mentions lie inside elements matching `selector`. */
export function marksInside(selector: string): number {
  const highlight = CSS.highlights.get('backstory');
  if (!highlight) return 0;
  const containers = [...document.querySelectorAll(selector)];
  return [...highlight].filter((range) => {
    const node = (range as AbstractRange).startContainer;
    return containers.some((container) => container.contains(node));
  }).length;
}

/** The centre of the first painted mention whose text is `text`, in viewport pixels. */
export function mentionCenter(text: string): { x: number; y: number } | null {
  const highlight = CSS.highlights.get('backstory');
  const live = (r: AbstractRange) => {
    const range = document.createRange();
    range.setStart(r.startContainer, r.startOffset);
    range.setEnd(r.endContainer, r.endOffset);
    return range;
  };
  const range = highlight && ([...highlight] as AbstractRange[]).map(live).find((r) => r.toString() === text);
  if (!range) return null;
  range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
  const rect = range.getClientRects()[0]!;
  return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
}

/** Elements that are not in the page as served: only Backstory's host may be. */
export async function nodesAddedToPage(): Promise<{ added: string[]; sameArticle: boolean }> {
  const served = new DOMParser().parseFromString(await (await fetch(location.href)).text(), 'text/html');
  const tags = (doc: Document) => [...doc.body.children].map((el) => el.tagName.toLowerCase());
  const before = tags(served);
  const added = tags(document).filter((tag) => !before.includes(tag));
  const article = (doc: Document) => doc.querySelector('article')?.outerHTML;
  return { added, sameArticle: article(served) === article(document) };
}
