/**
 * A set large enough that the page receives the dictionary's first-word
 * table alone and looks its names up in the background (see
 * `LazyDictionary`): the end-to-end import fixture's entity and 1,500 made-up
 * others. Every enabled set's names then come by lookup, the bundled ones too.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { generatedDictionary } from '../../../bench/generate';
import { markedTexts } from '../../../scripts/lib/page-probes';
import { ROOT } from '../../../scripts/lib/browsers';
import { eventually, type ExtensionDriver, type TestPage } from './driver';
import { waitForMarks } from './suite';

export const LARGE_SET_ID = 'e2e-large';
export const LARGE_SET_NAME = 'Zelkova Harbor Authority';

export function writeLargeSet(): string {
  const base = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'sets', 'import-e2e.json'), 'utf8')) as {
    entities: Record<string, unknown>[];
  };
  const [entity] = base.entities;
  const others = generatedDictionary(1_500).map((entry, i) => ({ ...entity, id: `generated-${i}`, label: `Generated ${i}`, aliases: [{ text: entry.text }] }));
  const set = { ...base, id: LARGE_SET_ID, title: 'End-to-end large set', entities: [entity, ...others] };
  const path = join(mkdtempSync(join(tmpdir(), 'backstory-large-set-')), 'large-set.json');
  writeFileSync(path, JSON.stringify(set));
  return path;
}

/**
 * With the large set imported: the demo article marks what it marked before
 * (context, full-name and case rules included), and, the background stopped,
 * a page opened next is marked from what the background stored.
 */
export async function checkLargeSet(
  driver: ExtensionDriver,
  open: (path: string) => Promise<TestPage>,
  stopBackground: () => Promise<void>,
): Promise<void> {
  const before = await open('/');
  const marks = await waitForMarks(before);
  await before.close();

  const options = await driver.openOptions();
  await options.importFile(writeLargeSet());
  await eventually('the set is listed', async () => (await options.setIds()).includes(LARGE_SET_ID), 30_000);

  const article = await open('/');
  expect(await waitForMarks(article, marks.length)).toEqual(marks);
  expect(article.errors).toEqual([]);
  await article.close();

  await stopBackground();
  const harbor = await open('/fixtures/import-target.html');
  await eventually('the page marks the large set’s entity', async () => ((await harbor.evaluate(markedTexts, undefined)) ?? []).includes(LARGE_SET_NAME));
  expect(harbor.errors).toEqual([]);
  await harbor.close();

  await options.removeSet(LARGE_SET_ID);
  await eventually('the set is removed', async () => !(await options.setIds()).includes(LARGE_SET_ID));
  await options.close();
}
