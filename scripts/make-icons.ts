/**
 * Draws the extension's icons from their one source, assets/icon.svg, in
 * every size the manifests and stores ask for: public/icon/{16,32,48,96,128}.png
 * (WXT puts them in each manifest) and the Edge store's 300×300 logo in
 * docs/store/. Rendered by Chromium, so what a browser draws is what ships.
 * Run with `npm run icons` after changing the SVG; the PNGs are committed.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, ROOT, requireChromium } from './lib/browsers';

const svg = readFileSync(join(ROOT, 'assets', 'icon.svg'), 'utf8');
const targets: [number, string][] = [
  ...[16, 32, 48, 96, 128].map((size): [number, string] => [size, join(ROOT, 'public', 'icon', `${size}.png`)]),
  [300, join(ROOT, 'docs', 'store', 'edge-logo-300.png')],
];

requireChromium();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
try {
  for (const [size, path] of targets) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const source = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(`<style>html,body{margin:0;background:transparent}</style><img src="${source}" width="${size}" height="${size}">`);
    await page.locator('img').evaluate((image: HTMLImageElement) => image.decode());
    mkdirSync(join(path, '..'), { recursive: true });
    await page.screenshot({ path, omitBackground: true });
    await page.close();
    console.log(`${size}×${size} → ${path.slice(ROOT.length + 1)}`);
  }
} finally {
  await browser.close();
}
