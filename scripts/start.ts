/**
 * `npm start`: builds the extension, serves the demo article on loopback under
 * www.ktvu.com (a site on Backstory's list), and opens Chromium with Backstory
 * loaded on it. With `--headless --screenshot FILE.png` it does the same
 * without a display and saves a picture with a card open.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, launchChromium, requireChromium } from './lib/browsers.ts';
import { markedTexts, mentionCenter } from './lib/page-probes.ts';
import { serveDirectories } from './lib/serve.ts';

const { values: options } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    screenshot: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (options.help) {
  console.log('Usage: npm start [-- --headless] [-- --screenshot FILE.png]');
  process.exit(0);
}

const headless = options.headless;
if (!headless && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error('There is no display to open Chromium on. Run `npm start -- --headless --screenshot backstory.png` instead.');
  process.exit(1);
}
requireChromium();

console.log('Building the extension for Chromium…');
const build = spawnSync(join(ROOT, 'node_modules', '.bin', 'wxt'), ['build'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const server = await serveDirectories({ '/': join(ROOT, 'demo') });
const session = await launchChromium({ port: server.port, headless, viewport: headless ? undefined : null });
const stop = async () => {
  await session.close().catch(() => undefined);
  await server.close();
};
process.once('SIGINT', () => void stop().then(() => process.exit(130)));

const page = session.context.pages()[0] ?? (await session.context.newPage());
// Every host name resolves to the local server, so the real match patterns apply.
await page.goto('http://www.ktvu.com/');
await page.waitForFunction(() => (CSS.highlights.get('backstory')?.size ?? 0) > 0, undefined, { timeout: 15_000 });
const marks = (await page.evaluate(markedTexts)) ?? [];
console.log(`Backstory marked ${marks.length} mentions: ${[...new Set(marks)].join(', ')}.`);

if (options.screenshot) {
  const point = await page.evaluate(mentionCenter, 'ICE');
  if (!point) throw new Error('No mark for ICE on the demo article.');
  await page.mouse.move(point.x, point.y);
  // The card is open once the active-mention highlight is set and its host is in the page.
  await page.waitForFunction(
    () => (CSS.highlights.get('backstory-active')?.size ?? 0) === 1 && document.querySelector('backstory-card') !== null,
  );
  await page.waitForTimeout(500);
  await page.screenshot({ path: options.screenshot });
  console.log(`Screenshot with the ICE card open: ${options.screenshot}`);
}

if (headless) {
  await stop();
} else {
  console.log('Chromium is open on the demo article: point at a highlighted name. Close the window or press Ctrl+C to stop.');
  session.context.once('close', () => void server.close());
}
