/**
 * The accuracy measurement behind `npm run accuracy` and tests/e2e/accuracy.test.ts:
 * the built extension's content script, in real Chromium, over pages served on
 * loopback under a news domain, so the manifest's match patterns apply.
 *
 * - The labeled corpus (tests/fixtures/accuracy/pages/*.html and the demo
 *   article, each with a `NAME.labels.json` listing every mention it should
 *   get) gives precision and recall.
 * - The real pages (tests/fixtures/real-pages/*.html, none about the story)
 *   give false positives: every mark there is one unless a person reviewed it
 *   (tests/fixtures/accuracy/real-pages-reviewed.json).
 *
 * Which entity a mark belongs to is known only to the content script: an
 * extension page asks it (`listMentions`), the page itself gives the text
 * around each mark.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative as relativePath, resolve, sep } from 'node:path';
import { errors, type Page } from 'playwright-core';
import { ROOT, launchChromium, type ChromiumSession } from './browsers.ts';
import { compareText, scoreCorpus, type CorpusScore, type Mention } from './accuracy-score.ts';
import { markContexts, type MarkContext } from './page-probes.ts';
import { serveDirectories } from './serve.ts';

/** A site on Backstory's default list: pages served under it are annotated as on the real site. */
export const NEWS_HOST = 'www.ktvu.com';
export const LABELED_DIR = join(ROOT, 'tests', 'fixtures', 'accuracy', 'pages');
export const DEMO_ARTICLE = join(ROOT, 'demo', 'article.html');
export const DEMO_LABELS = join(LABELED_DIR, 'demo-article.labels.json');
export const REAL_PAGES_DIR = join(ROOT, 'tests', 'fixtures', 'real-pages');
export const REVIEWED_FILE = join(ROOT, 'tests', 'fixtures', 'accuracy', 'real-pages-reviewed.json');
export const SETS_DIR = join(ROOT, 'public', 'sets');

export const TARGETS = { precision: 0.99, recall: 0.97 } as const;

/** The demo article's name in the report. */
const DEMO_PAGE = 'demo/article.html';
/** Characters of page text shown on each side of a real-page mark. */
const CONTEXT_RADIUS = 30;
const LOAD_TIMEOUT_MS = 30_000;
/** How long a live page may keep `data-updating` on its `<html>`. */
const UPDATING_TIMEOUT_MS = 60_000;
/** The page watcher reads changes at most every 250 ms: marks unchanged over this long have settled. */
const SETTLE_MS = 300;
const SETTLE_TIMEOUT_MS = 20_000;

export interface AccuracyOptions {
  labeledDir?: string;
  demoLabels?: string;
  realPagesDir?: string;
  reviewedFile?: string;
  /** Progress, one line at a time. */
  log?: (line: string) => void;
}

/** A reviewed real-page mark: the page really mentions the entity. */
export interface Review {
  page: string;
  entity: string;
  text: string;
  why: string;
}

export interface RealMark extends Mention {
  page: string;
  before: string;
  after: string;
  reviewed: boolean;
}

export interface AccuracyReport {
  /** The bundled sets measured, as `public/sets/` has them. */
  sets: { id: string; version: string }[];
  labeled: CorpusScore & {
    dir: string;
    /** Whether the folder exists and has pages. */
    present: boolean;
    /** What was left out, with why: the demo article without labels, labels without a page. */
    skipped: string[];
    /** Labels naming an entity no bundled set has (most likely a typo). */
    unknownEntities: string[];
    /** Pages that could not be measured, with why. */
    problems: string[];
  };
  real: {
    dir: string;
    present: boolean;
    pages: number;
    /** Every mark, by page and then in document order. */
    marks: RealMark[];
    /** Reviewed entries that matched no mark (the page or the sets changed). */
    unusedReviews: Review[];
    problems: string[];
  };
  seconds: number;
}

interface LabeledPage {
  name: string;
  path: string;
  expected: Mention[];
}

/** Runs the whole measurement: one Chromium, pages one after another. */
export async function measureAccuracy(options: AccuracyOptions = {}): Promise<AccuracyReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const labeledDir = options.labeledDir ?? LABELED_DIR;
  const realDir = options.realPagesDir ?? REAL_PAGES_DIR;
  const sets = readSets();
  const knownEntities = new Set(sets.flatMap((set) => set.entities.map((id) => `${set.id}/${id}`)));

  const demoLabels = options.demoLabels ?? DEMO_LABELS;
  const { files: labeledFiles, pages: labeledPages, skipped, problems: labeledProblems } = labeledCorpus(labeledDir, demoLabels);
  const unknownEntities = [
    ...new Set(labeledPages.flatMap((page) => page.expected.map((m) => m.entity)).filter((key) => !knownEntities.has(key))),
  ].sort(compareText);

  const realFiles = htmlFiles(realDir);
  const reviews = readReviews(options.reviewedFile ?? REVIEWED_FILE);

  const mounts: Record<string, string> = { '/demo/': join(ROOT, 'demo') };
  if (labeledFiles.length) mounts['/labeled/'] = labeledDir;
  if (realFiles.length) mounts['/real/'] = realDir;
  const server = await serveDirectories(mounts);
  let session: ChromiumSession | undefined;
  const found = new Map<string, Mention[]>();
  const realMarks: RealMark[] = [];
  const realProblems: string[] = [];
  try {
    session = await launchChromium({ port: server.port });
    const reader = await PageReader.open(session);
    const url = (path: string) => `http://${NEWS_HOST}:${server.port}${path}`;

    for (const [index, page] of labeledPages.entries()) {
      log(`labeled ${index + 1}/${labeledPages.length} ${page.name}`);
      try {
        const { marks, warnings } = await reader.read(url(page.path));
        labeledProblems.push(...warnings.map((w) => `${page.name}: ${w}`));
        found.set(page.name, marks.flatMap(({ entities, text }) => entities.map((entity) => ({ entity, text }))));
      } catch (error) {
        labeledProblems.push(`${page.name}: ${message(error)}`);
      }
    }
    for (const [index, file] of realFiles.entries()) {
      log(`real ${index + 1}/${realFiles.length} ${file}`);
      try {
        const { marks, warnings } = await reader.read(url(`/real/${file}`));
        realProblems.push(...warnings.map((w) => `${file}: ${w}`));
        for (const { entities, text, before, after } of marks) {
          for (const entity of entities) {
            const reviewed = reviews.some((r) => r.page === file && r.entity === entity && r.text === text);
            realMarks.push({ page: file, entity, text, before, after, reviewed });
          }
        }
      } catch (error) {
        realProblems.push(`${file}: ${message(error)}`);
      }
    }
  } finally {
    await session?.close();
    await server.close();
  }

  const measured = labeledPages.filter((page) => found.has(page.name));
  const score = scoreCorpus(measured.map((page) => ({ page: page.name, expected: page.expected, found: found.get(page.name)! })));
  return {
    sets: sets.map(({ id, version }) => ({ id, version })),
    labeled: {
      ...score,
      dir: labeledDir,
      present: labeledFiles.length > 0,
      skipped,
      unknownEntities,
      problems: labeledProblems,
    },
    real: {
      dir: realDir,
      present: realFiles.length > 0,
      pages: realFiles.length,
      marks: realMarks,
      unusedReviews: reviews.filter((r) => !realMarks.some((m) => m.page === r.page && m.entity === r.entity && m.text === r.text)),
      problems: realProblems,
    },
    seconds: (Date.now() - started) / 1000,
  };
}

/** The labeled pages and their labels; what is left out, and what cannot be read, with why. */
function labeledCorpus(labeledDir: string, demoLabels: string) {
  const skipped: string[] = [];
  const problems: string[] = [];
  const pages: LabeledPage[] = [];
  const files = htmlFiles(labeledDir);
  for (const file of files) {
    try {
      pages.push({ name: file, path: `/labeled/${file}`, expected: readLabels(join(labeledDir, file.replace(/\.html$/, '.labels.json'))) });
    } catch (error) {
      problems.push(`${file}: ${message(error)}`);
    }
  }
  for (const file of existsSync(labeledDir) ? readdirSync(labeledDir).sort(compareText) : []) {
    const page = file.replace(/\.labels\.json$/, '.html');
    if (page !== file && !files.includes(page) && join(labeledDir, file) !== demoLabels) {
      skipped.push(`${file}: labels without a page (no ${page})`);
    }
  }
  if (!existsSync(demoLabels)) {
    skipped.push(`${DEMO_PAGE}: no labels at ${relative(demoLabels)}`);
  } else {
    try {
      pages.push({ name: DEMO_PAGE, path: '/demo/article.html', expected: readLabels(demoLabels) });
    } catch (error) {
      problems.push(`${DEMO_PAGE}: ${message(error)}`);
    }
  }
  return { files, pages, skipped, problems };
}

/** Why the labeled corpus misses its targets; empty when it meets them. */
export function labeledFailures(report: AccuracyReport): string[] {
  const { labeled } = report;
  const failures: string[] = [];
  if (!labeled.present) failures.push(`The labeled corpus is missing: no *.html in ${relative(labeled.dir)}.`);
  failures.push(...labeled.problems.map((p) => `Problem on ${p}`));
  const { overall } = labeled;
  if (labeled.present && overall.expected === 0) failures.push('The labeled pages expect no mentions at all.');
  const p = overall.found === 0 ? null : overall.tp / overall.found;
  const r = overall.expected === 0 ? null : overall.tp / overall.expected;
  if (p !== null && p < TARGETS.precision) failures.push(`Precision ${p.toFixed(3)} (${overall.tp}/${overall.found}) is below ${TARGETS.precision}.`);
  if (r !== null && r < TARGETS.recall) failures.push(`Recall ${r.toFixed(3)} (${overall.tp}/${overall.expected}) is below ${TARGETS.recall}.`);
  if (failures.length && (overall.fp || overall.fn)) {
    for (const page of labeled.pages) {
      for (const m of page.misses) failures.push(`  missed on ${page.page}: ${m.entity} "${m.text}"${times(m.count)}`);
      for (const m of page.falsePositives) failures.push(`  false positive on ${page.page}: ${m.entity} "${m.text}"${times(m.count)}`);
    }
  }
  return failures;
}

/** Why the real pages fail (an unreviewed mark, a page not measured); empty when they pass. */
export function realPageFailures(report: AccuracyReport): string[] {
  const { real } = report;
  const failures: string[] = [];
  if (!real.present) failures.push(`The real pages are missing: no *.html in ${relative(real.dir)}.`);
  failures.push(...real.problems.map((p) => `Problem on ${p}`));
  const unreviewed = real.marks.filter((m) => !m.reviewed);
  if (unreviewed.length) {
    failures.push(
      `${unreviewed.length} unreviewed ${unreviewed.length === 1 ? 'mark' : 'marks'} on real pages (false positives unless listed in ${relative(REVIEWED_FILE)}):`,
      ...unreviewed.map((m) => `  ${m.page}: ${m.entity} "${m.text}" in "…${m.before}[${m.text}]${m.after}…"`),
    );
  }
  return failures;
}

/** A path as the report shows it: from the repository's root, unless it lies far outside. */
export function relative(path: string): string {
  const fromRoot = relativePath(ROOT, path);
  return fromRoot.startsWith(`..${sep}..${sep}`) || isAbsolute(fromRoot) ? path : fromRoot;
}

/** A mark as the content script lists it, with the page text around it. */
interface PageMark {
  text: string;
  entities: string[];
  before: string;
  after: string;
}

interface Listed {
  text: string;
  entityKeys: string[];
}

/**
 * Reads one page at a time in its own tab, and asks the content script for
 * its mentions from one extension page kept open throughout.
 */
class PageReader {
  readonly #session: ChromiumSession;
  readonly #extensionPage: Page;

  private constructor(session: ChromiumSession, extensionPage: Page) {
    this.#session = session;
    this.#extensionPage = extensionPage;
  }

  static async open(session: ChromiumSession): Promise<PageReader> {
    const page = session.context.pages()[0] ?? (await session.context.newPage());
    await page.goto(`chrome-extension://${session.extensionId}/popup.html`);
    return new PageReader(session, page);
  }

  /**
   * The marks on the page at `url` once they have settled, in document order,
   * and the warnings Backstory logged there (it logs one line when it fails).
   */
  async read(url: string): Promise<{ marks: PageMark[]; warnings: string[] }> {
    const page = await this.#session.context.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.text().startsWith('Backstory:')) warnings.push(m.text());
    });
    try {
      try {
        await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
      } catch (error) {
        // A resource that never finishes: the page is read as far as it came.
        if (!(error instanceof errors.TimeoutError)) throw error;
      }
      // A live page says it is still updating itself.
      await page
        .waitForFunction(() => !document.documentElement?.hasAttribute('data-updating'), undefined, { timeout: UPDATING_TIMEOUT_MS, polling: 100 })
        .catch(() => {
          throw new Error(`it still had data-updating after ${UPDATING_TIMEOUT_MS / 1000} s`);
        });
      return { marks: await this.#settledMarks(page), warnings };
    } finally {
      await page.close();
    }
  }

  /**
   * The content script's list, twice, `SETTLE_MS` apart, with the page's view
   * of the marks in between: when both lists agree nothing changed meanwhile,
   * and the page lists the marks in the content script's order.
   */
  async #settledMarks(page: Page): Promise<PageMark[]> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    let last = await this.#list(deadline);
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const contexts: MarkContext[] = await page.evaluate(markContexts, CONTEXT_RADIUS);
      const now = await this.#list(deadline);
      if (JSON.stringify(now) === JSON.stringify(last) && inStep(now, contexts)) {
        return now
          .map(({ text, entityKeys }, i) => ({ ...contexts[i]!, text, entities: entityKeys }))
          .sort((a, b) => a.order - b.order)
          .map(({ text, entities, before, after }) => ({ text, entities, before, after }));
      }
      if (Date.now() > deadline) throw new Error(`its marks were still changing after ${SETTLE_TIMEOUT_MS / 1000} s`);
      last = now;
    }
  }

  /** The one annotated tab's mentions; waits until its content script answers. */
  async #list(deadline: number): Promise<Listed[]> {
    for (;;) {
      const answers = await this.#extensionPage.evaluate(listMentionsOfTabs);
      if (answers.length > 1) throw new Error('more than one tab runs Backstory');
      const answer = answers[0];
      if (answer && 'error' in answer) throw new Error(`listMentions failed: ${answer.error}`);
      if (answer) return answer.mentions;
      if (Date.now() > deadline) throw new Error('Backstory never answered on it (did the content script run?)');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Whether the content script's list and the page's highlight list the same marks in the same order. */
function inStep(listed: readonly Listed[], contexts: readonly MarkContext[]): boolean {
  return listed.length === contexts.length && listed.every((m, i) => m.text === contexts[i]!.text);
}

/**
 * Runs in an extension page: every other tab's answer to `listMentions`.
 * Tabs without Backstory's content script answer nothing. Self-contained: it
 * is sent to the page as source.
 */
async function listMentionsOfTabs(): Promise<({ mentions: Listed[] } | { error: string })[]> {
  const api = (globalThis as { chrome?: any }).chrome;
  const self = await api.tabs.getCurrent();
  const answers: ({ mentions: Listed[] } | { error: string })[] = [];
  for (const tab of await api.tabs.query({})) {
    if (tab.id === undefined || tab.id === self?.id) continue;
    try {
      const answer = await api.tabs.sendMessage(tab.id, { protocol: 'backstory/1', type: 'listMentions', payload: {} });
      if (answer?.ok === true) answers.push({ mentions: answer.value });
      else if (answer?.ok === false) answers.push({ error: String(answer.error) });
    } catch {
      // No Backstory content script in that tab (yet).
    }
  }
  return answers;
}

/** The `*.html` files of `dir`, sorted; none when it is missing. */
export function htmlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.html'))
    .sort(compareText);
}

const ENTITY_KEY = /^[^\s/]+\/[^\s/]+$/;

/** A sidecar `{ "mentions": [{ "entity": "set/entity", "text": "..." }] }`. */
function readLabels(file: string): Mention[] {
  if (!existsSync(file)) throw new Error(`no labels at ${relative(file)}`);
  const data = readJson(file) as { mentions?: unknown };
  if (!Array.isArray(data?.mentions)) throw new Error(`${relative(file)} has no "mentions" list`);
  return data.mentions.map((item: unknown, i: number) => {
    const { entity, text } = (item ?? {}) as Record<string, unknown>;
    if (typeof entity !== 'string' || !ENTITY_KEY.test(entity) || typeof text !== 'string' || text === '') {
      throw new Error(`${relative(file)}: mentions[${i}] needs "entity" as "set/entity" and a non-empty "text"`);
    }
    return { entity, text };
  });
}

function readReviews(file: string): Review[] {
  if (!existsSync(file)) return [];
  const data = readJson(file) as { reviewed?: unknown };
  if (!Array.isArray(data?.reviewed)) throw new Error(`${relative(file)} has no "reviewed" list.`);
  return data.reviewed.map((item: unknown, i: number) => {
    const { page, entity, text, why } = (item ?? {}) as Record<string, unknown>;
    if ([page, entity, text, why].some((value) => typeof value !== 'string' || value === '')) {
      throw new Error(`${relative(file)}: reviewed[${i}] needs "page", "entity", "text" and "why".`);
    }
    return { page, entity, text, why } as Review;
  });
}

/** Each bundled set's id, version and entity ids. */
function readSets(): { id: string; version: string; entities: string[] }[] {
  if (!existsSync(SETS_DIR)) return [];
  return readdirSync(SETS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort(compareText)
    .map((name) => {
      const set = readJson(join(SETS_DIR, name)) as { id: string; version: string; entities?: { id: string }[] };
      return { id: set.id, version: set.version, entities: (set.entities ?? []).map((e) => e.id) };
    });
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${relative(file)} is not readable JSON: ${message(error)}`);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

function times(count: number): string {
  return count > 1 ? ` ×${count}` : '';
}
