/**
 * End to end in real Chromium: the built extension (`.output/chrome-mv3`) is
 * loaded with --load-extension and pages are served on loopback under a real
 * news domain, so the manifest's own match patterns decide where it runs.
 */
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type ChromiumSession } from '../../scripts/lib/browsers';
import type { StaticServer } from '../../scripts/lib/serve';
import { findAnnotatedTab, parseCount } from './support/extension-pages';
import {
  DEMO_EXPECTED_MARKS,
  ICE_FACT,
  ICE_SOURCE_URL,
  OTHER_HOST,
  serveTestPages,
  urlOf,
} from './support/fixtures';
import { markedTexts, marksInside, mentionCenter, nodesAddedToPage } from './support/probes';

let server: StaticServer;
let session: ChromiumSession;

beforeAll(async () => {
  server = await serveTestPages();
  session = await launchChromium({ port: server.port });
});

afterAll(async () => {
  await session?.close();
  await server?.close();
});

/** Opens a page and records every error it or a content script reports. */
async function open(path: string, host?: string): Promise<{ page: Page; errors: string[] }> {
  const page = await session.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(urlOf(server, path, host));
  return { page, errors };
}

async function waitForMarks(page: Page, atLeast = 1): Promise<string[]> {
  await page.waitForFunction((n) => (CSS.highlights.get('backstory')?.size ?? 0) >= n, atLeast);
  return (await page.evaluate(markedTexts)) ?? [];
}

/**
 * The text and links inside Backstory's closed shadow root. Page scripts
 * cannot see into it; the DevTools protocol's pierce option can.
 */
async function readCard(cdp: CDPSession): Promise<{ text: string; links: Record<string, string>[]; closed: boolean }> {
  type DomNode = {
    nodeType: number;
    localName?: string;
    nodeValue?: string;
    attributes?: string[];
    children?: DomNode[];
    shadowRoots?: (DomNode & { shadowRootType?: string })[];
  };
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const find = (node: DomNode): DomNode | undefined =>
    node.localName?.startsWith('backstory-') ? node : [...(node.children ?? [])].map(find).find(Boolean);
  const host = find(root);
  const result = { text: '', links: [] as Record<string, string>[], closed: false };
  if (!host) return result;
  result.closed = host.shadowRoots?.[0]?.shadowRootType === 'closed';
  const visit = (node: DomNode) => {
    if (node.nodeType === 3 && node.nodeValue) result.text += `${node.nodeValue} `;
    if (node.localName === 'style') return;
    if (node.localName === 'a') {
      const attrs: Record<string, string> = {};
      for (let i = 0; i + 1 < (node.attributes?.length ?? 0); i += 2) attrs[node.attributes![i]!] = node.attributes![i + 1]!;
      result.links.push(attrs);
    }
    [...(node.shadowRoots ?? []), ...(node.children ?? [])].forEach(visit);
  };
  visit(host);
  return result;
}

describe('Chromium: the demo article', () => {
  it('marks Oakland, ICE, HSI and Homeland Security Investigations', async () => {
    const { page, errors } = await open('/');
    const marks = await waitForMarks(page);
    for (const name of DEMO_EXPECTED_MARKS) expect(marks).toContain(name);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('marks nothing in the comment form, script, noscript, template or title', async () => {
    const { page } = await open('/');
    await waitForMarks(page);
    expect(await page.evaluate(marksInside, '#comment-form, noscript, template, script, title, head')).toBe(0);
    // The article itself is marked, so the count above is not zero by accident.
    expect(await page.evaluate(marksInside, 'article')).toBeGreaterThan(10);
    await page.close();
  });

  it('opens a card with the summary, facts and source links when the pointer rests on a mark', async () => {
    const { page, errors } = await open('/');
    await waitForMarks(page);
    const cdp = await session.context.newCDPSession(page);
    expect((await readCard(cdp)).text).toBe('');

    const point = await page.evaluate(mentionCenter, 'ICE');
    expect(point).not.toBeNull();
    await page.mouse.move(point!.x, point!.y);
    await expect.poll(async () => (await readCard(cdp)).text, { timeout: 10_000 }).toContain(ICE_FACT);

    const card = await readCard(cdp);
    expect(card.closed).toBe(true);
    expect(card.text).toContain('U.S. Immigration and Customs Enforcement (ICE)');
    expect(card.text).toContain('part of the Department of Homeland Security');
    const source = card.links.find((link) => link.href === ICE_SOURCE_URL);
    expect(source).toMatchObject({ target: '_blank', rel: 'noopener noreferrer' });
    expect(card.links.length).toBeGreaterThanOrEqual(2);

    // The page's own nodes are untouched; the one addition is Backstory's host.
    expect(await page.evaluate(nodesAddedToPage)).toEqual({ added: ['backstory-card'], sameArticle: true });

    await page.keyboard.press('Escape');
    await expect.poll(async () => (await readCard(cdp)).text).not.toContain(ICE_FACT);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('does not run on a site outside the news list', async () => {
    const { page } = await open('/', OTHER_HOST);
    await page.waitForLoadState('load');
    // Give a content script every chance to have run.
    await page.waitForTimeout(1_000);
    expect(await page.evaluate(markedTexts)).toBeNull();
    await page.close();
  });
});

describe('Chromium: the popup', () => {
  it('counts the mentions and switches the site off and back on at once', async () => {
    const { page: article } = await open('/');
    const marks = await waitForMarks(article);

    const extensionPage = `chrome-extension://${session.extensionId}/popup.html`;
    const probe = await session.context.newPage();
    await probe.goto(extensionPage);
    const tabId = await probe.evaluate(findAnnotatedTab);
    expect(tabId).not.toBeNull();
    await probe.close();

    const popup = await session.context.newPage();
    await popup.goto(`${extensionPage}?tab=${tabId}`);
    const count = popup.getByTestId('count');
    await expect.poll(async () => parseCount(await count.innerText())).toEqual({
      mentions: marks.length,
      entities: 5,
    });

    const toggle = popup.getByRole('switch');
    expect(await toggle.isChecked()).toBe(true);
    await toggle.click();
    await article.waitForFunction(() => !CSS.highlights.has('backstory'));
    await expect.poll(() => count.innerText()).toBe('Off on this site.');

    await toggle.click();
    const back = await waitForMarks(article, marks.length);
    expect(back).toEqual(marks);
    await expect.poll(async () => parseCount(await count.innerText())).toEqual({ mentions: marks.length, entities: 5 });
    await popup.close();
    await article.close();
  });
});

describe('Chromium: awkward pages', () => {
  it('finds a name split by inline markup, never across blocks', async () => {
    const { page, errors } = await open('/fixtures/inline-markup.html');
    const marks = await waitForMarks(page);
    expect(marks).toEqual(['Homeland Security Investigations']);
    expect(await page.evaluate(marksInside, '#blocks')).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('annotates a page that has no body', async () => {
    const { page, errors } = await open('/fixtures/no-body.html');
    expect(await waitForMarks(page, 2)).toEqual(['ICE', 'Oakland']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('annotates an XHTML page', async () => {
    const { page, errors } = await open('/fixtures/page.xhtml');
    expect(await waitForMarks(page, 2)).toEqual(['ICE', 'Oakland']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('leaves a frameset and an XML feed alone without an error', async () => {
    for (const path of ['/fixtures/frameset.html', '/fixtures/feed.xml']) {
      const { page, errors } = await open(path);
      await page.waitForLoadState('load');
      await page.waitForTimeout(1_000);
      expect(await page.evaluate(() => CSS.highlights.get('backstory')?.size ?? 0), path).toBe(0);
      expect(errors, path).toEqual([]);
      await page.close();
    }
  });

  it('gets through a page of 100,000 text nodes', async () => {
    const { page, errors } = await open('/fixtures/many-nodes.html');
    // One mention in every 500th of 50,000 paragraphs.
    const marks = await waitForMarks(page, 100);
    expect(marks).toHaveLength(100);
    expect(errors).toEqual([]);
    await page.close();
  });
});
