/**
 * The extension in Spanish, in a browser started in Spanish: Backstory's own
 * words come from its `es` catalog, the sets' text stays in the sets'
 * language (the bundled sets are English), and the Spanish pages pass axe.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StaticServer } from '../../../scripts/lib/serve';
import { markedTexts } from '../../../scripts/lib/page-probes';
import { eventually, type ExtensionDriver, type TestPage } from './driver';
import { DEMO_ENTITY_COUNT, NEWS_HOST, OTHER_HOST, serveTestPages, urlOf } from './fixtures';
import { pointAt, waitForMarks, type SuiteContext } from './suite';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The document's language and its text, as the popup or the options page shows them. */
const languageAndText = () => ({ lang: document.documentElement.lang, dir: document.documentElement.dir, title: document.title, text: document.body.innerText });

/** Defines the Spanish cases for a driver made with a Spanish locale; `extra` adds a browser's own. */
export function describeInSpanish(driver: ExtensionDriver, extra?: (context: SuiteContext) => void): void {
  const context = { driver } as SuiteContext;
  let startup: unknown;

  // A describe of its own: its browser starts when its cases start, and stops after them.
  describe(`${driver.browserName} in Spanish`, () => {
    beforeAll(async () => {
      context.server = await serveTestPages();
      context.url = (path, host) => urlOf(context.server, path, host);
      try {
        await driver.start(context.server.port, [NEWS_HOST, OTHER_HOST]);
      } catch (error) {
        startup = error;
      }
    });
    beforeEach(() => {
      if (startup) throw startup;
    });
    const opened: TestPage[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((page) => page.close().catch(() => undefined)));
    });
    afterAll(async () => {
      await driver.stop();
      await context.server?.close();
    });
    const open = async (path: string, host?: string) => {
      const page = await driver.open(context.url(path, host));
      opened.push(page);
      return page;
    };

    it('shows the popup in Spanish, on a news page and elsewhere, without axe violations', async () => {
      const article = await open('/');
      const marks = await waitForMarks(article);
      const popup = await driver.openPopup();
      await eventually('the popup counts in Spanish', async () =>
        (await popup.countText()) === `${marks.length} menciones de ${DEMO_ENTITY_COUNT} entidades en esta página.`,
      );
      const shown = await popup.evaluate(languageAndText, undefined);
      expect(shown.lang).toMatch(/^es\b/);
      expect(shown.dir).toBe('ltr');
      expect(shown.text).toContain('Activado en ktvu.com');
      expect(shown.text).toContain('Conjuntos de anotaciones…');
      expect(await popup.accessibilityViolations()).toEqual([]);
      await popup.close();

      const other = await open('/', OTHER_HOST);
      const inactive = await driver.clickToolbarButton(other);
      expect(await inactive.inactiveText()).toBe(`Backstory no está activo en ${OTHER_HOST}.`);
      expect((await inactive.evaluate(languageAndText, undefined)).text).toContain(`Activar en ${OTHER_HOST}`);
      expect(await inactive.accessibilityViolations()).toEqual([]);
      await inactive.close();
    });

    it('shows the options page in Spanish, with its notices and dates, without axe violations', async () => {
      const options = await driver.openOptions();
      const shown = await options.evaluate(languageAndText, undefined);
      expect(shown.lang).toMatch(/^es\b/);
      expect(shown.title).toBe('Backstory — conjuntos de anotaciones');
      for (const words of ['Conjuntos de anotaciones', 'Suscribirse a un conjunto', 'Registro de investigación', 'Incluido con Backstory']) {
        expect(shown.text).toContain(words);
      }
      // (Shown once the log has been read.)
      expect(await options.researchLogCount()).toBe('No hay páginas registradas.');
      // A set's date, written the Spanish way ("actualización: 16 de enero de 2018").
      expect(await options.rowText('oakland-civic')).toMatch(/actualización: (\d{1,2} de )?[a-z]+ de \d{4}/);
      // The set's own title stays as its set wrote it.
      expect(shown.text).toContain('Oakland civic life');
      expect(await options.accessibilityViolations()).toEqual([]);

      // A notice the page writes, with a count: one entity.
      await options.importFile(join(ROOT, 'tests', 'fixtures', 'sets', 'import-e2e.json'));
      await eventually('the import is confirmed in Spanish', async () => (await options.notice()) === 'Se importó “End-to-end import test” (1 entidad).');
      await eventually('the set is listed', async () => (await options.setIds()).includes('e2e-import'));
      // Removed with the row's own (Spanish) button; the page's question is answered yes.
      await options.evaluate(
        () => [...document.querySelectorAll<HTMLButtonElement>('[data-set-id="e2e-import"] button')].find((button) => button.textContent?.trim() === 'Quitar')!.click(),
        undefined,
      );
      await eventually('the removal is confirmed in Spanish', async () => (await options.notice()) === 'Se quitó “End-to-end import test”.');
      expect(await options.setIds()).not.toContain('e2e-import');
      await options.close();
    });

    it('shows the card’s own words in Spanish and the set’s facts as the set wrote them', async () => {
      const page = await open('/fixtures/dated-article.html');
      await waitForMarks(page);
      await pointAt(page, 'Oakland City Council');
      await eventually('the council card is open', () => page.cardShows('voted 8–0'));
      for (const words of ['Desde este artículo', 'organización', 'Del conjunto “Oakland civic life”', 'noviembre de 2016']) {
        expect(await page.cardShows(words), words).toBe(true);
      }
      expect(await page.cardShows('Since this article')).toBe(false);
      expect(page.errors).toEqual([]);
    });

    it('shows the “On this page” panel and says where the reader is in Spanish', async () => {
      const page = await open('/');
      await waitForMarks(page);
      await driver.pressPanelShortcut(page);
      await eventually('the panel announces the entities in Spanish', () => page.cardShows(`${DEMO_ENTITY_COUNT} entidades en esta página`));
      for (const words of ['En esta página', '↑ ↓ para moverse, Enter para ir a la siguiente mención y su ficha, Esc para cerrar.', 'lugar']) {
        expect(await page.cardShows(words), words).toBe(true);
      }
      // The page is still marked as before: only the words around the marks changed.
      expect((await page.evaluate(markedTexts, undefined))?.length).toBeGreaterThan(10);
      expect(page.errors).toEqual([]);
    });

    extra?.(context);
  });
}
