/**
 * `npm run accuracy`: measures the built extension's precision and recall on
 * the labeled pages and its false positives on saved real pages (see
 * scripts/lib/accuracy.ts), prints a summary and writes docs/accuracy.md.
 * Exits 1 when a target is missed, as the accuracy test would fail.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/browsers.ts';
import { measureAccuracy, relative } from './lib/accuracy.ts';
import { renderAccuracyMarkdown, renderAccuracySummary, verdict } from './lib/accuracy-report.ts';

const { values: options } = parseArgs({
  options: {
    labeled: { type: 'string' },
    'demo-labels': { type: 'string' },
    'real-pages': { type: 'string' },
    reviewed: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'docs', 'accuracy.md') },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (options.help) {
  console.log(`Usage: npm run accuracy [-- OPTIONS]

  --labeled DIR       labeled pages (default tests/fixtures/accuracy/pages)
  --demo-labels FILE  labels of demo/article.html (default DIR/demo-article.labels.json)
  --real-pages DIR    saved real pages (default tests/fixtures/real-pages)
  --reviewed FILE     reviewed real-page marks (default tests/fixtures/accuracy/real-pages-reviewed.json)
  --out FILE          the report (default docs/accuracy.md)
  --quiet             no progress lines`);
  process.exit(0);
}

const path = (value: string | undefined) => (value === undefined ? undefined : resolve(value));
const labeledDir = path(options.labeled);
const report = await measureAccuracy({
  labeledDir,
  demoLabels: path(options['demo-labels']) ?? (labeledDir && join(labeledDir, 'demo-article.labels.json')),
  realPagesDir: path(options['real-pages']),
  reviewedFile: path(options.reviewed),
  log: options.quiet ? undefined : (line) => process.stderr.write(`  ${line}\n`),
});

const out = resolve(options.out);
writeFileSync(out, renderAccuracyMarkdown(report));
console.log(renderAccuracySummary(report));
console.log(`Report: ${relative(out)}`);
process.exit(verdict(report).passed ? 0 : 1);
