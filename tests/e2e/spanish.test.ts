/**
 * The built extension in Spanish, in real Chromium (`--lang=es`) and real
 * Firefox (its locale service set to es-ES before the add-on is installed):
 * see `locale` in scripts/lib/browsers.ts for how each is made to speak it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ChromiumDriver } from './support/chromium-driver';
import { eventually } from './support/driver';
import { FirefoxDriver } from './support/firefox-driver';
import { describeInSpanish } from './support/spanish';
import { waitForMarks, pointAt } from './support/suite';

/** Where the tests leave screenshots of what they saw (ignored by git). */
const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

const chromium = new ChromiumDriver({ locale: 'es' });

describeInSpanish(chromium, (context) => {
  // What only the DevTools protocol can read: the card's closed shadow root.
  it('gives the card and the panel the interface’s language, names their buttons in Spanish, and passes axe', async () => {
    const page = await chromium.open(context.url('/fixtures/dated-article.html'));
    await waitForMarks(page);
    await pointAt(page, 'Oakland City Council');
    await eventually('the council card is open', () => page.cardShows('Desde este artículo'));
    const card = await chromium.card(page);
    expect(card.lang).toMatch(/^es\b/);
    expect(card.dir).toBe('ltr');
    expect(card.labels).toContain('Cerrar');
    expect(await chromium.shadowAccessibilityViolations(page)).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot(join(SCREENSHOTS, 'card-es.png'));
    await page.press('Escape');
    await chromium.pressPanelShortcut(page);
    await eventually('the panel is open', () => page.cardShows('En esta página'));
    expect(await chromium.shadowAccessibilityViolations(page)).toEqual([]);
    await page.screenshot(join(SCREENSHOTS, 'panel-es.png'));
    expect(page.errors).toEqual([]);
    await page.close();
  });
});

describeInSpanish(new FirefoxDriver({ locale: 'es-ES' }));
