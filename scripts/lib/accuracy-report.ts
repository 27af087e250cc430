/**
 * The accuracy report: `docs/accuracy.md` and the summary `npm run accuracy`
 * prints. Everything is sorted and nothing depends on the clock or the
 * machine, so the committed report changes only when the results do.
 */
import { precision, recall, type Counts, type CountedMention } from './accuracy-score.ts';
import { NEWS_HOST, TARGETS, labeledFailures, realPageFailures, relative, type AccuracyReport, type RealMark } from './accuracy.ts';

const ratio = (value: number | null) => (value === null ? '—' : value.toFixed(3));
const fraction = (value: number | null, part: number, whole: number) => `${ratio(value)} (${part}/${whole})`;
const yesNo = (ok: boolean) => (ok ? 'yes' : 'no');

/** Text for a Markdown table cell: every character Markdown could read as markup is escaped. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\`*_[\]<>|~#&!]/g, '\\$&');
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

function counted(m: CountedMention): string {
  return `${cell(m.entity)} “${cell(m.text)}”${m.count > 1 ? ` ×${m.count}` : ''}`;
}

function context(m: RealMark): string {
  return `…${cell(m.before)}**${cell(m.text)}**${cell(m.after)}…`;
}

/** Whether each target is met. */
export function verdict(report: AccuracyReport) {
  const { overall } = report.labeled;
  const p = precision(overall);
  const r = recall(overall);
  const unreviewed = report.real.marks.filter((m) => !m.reviewed).length;
  return {
    precision: p,
    recall: r,
    unreviewed,
    precisionMet: p === null || p >= TARGETS.precision,
    recallMet: r !== null && r >= TARGETS.recall,
    realMet: report.real.present && unreviewed === 0 && report.real.problems.length === 0,
    passed: labeledFailures(report).length === 0 && realPageFailures(report).length === 0,
  };
}

export function renderAccuracyMarkdown(report: AccuracyReport): string {
  const { labeled, real } = report;
  const v = verdict(report);
  const { overall } = labeled;
  const lines: string[] = [
    '# Accuracy',
    '',
    'Written by `npm run accuracy`; do not edit by hand. `tests/e2e/accuracy.test.ts` runs the same measurement',
    'and fails when a target below is missed.',
    '',
    '## Method',
    '',
    `The built extension (\`.output/chrome-mv3\`) runs in real Chromium, loaded with \`--load-extension\`. Every page is`,
    `served on loopback under \`${NEWS_HOST}\`, a site on Backstory's list, so the manifest's own match patterns decide`,
    'where the content script runs and nothing in the extension is switched off. Pages are loaded one after another; a',
    'page that updates itself carries `data-updating` on its `<html>` until its last update, and its marks are read once',
    'that is gone and they have stopped changing. An extension page asks the content script which entity each mark',
    'belongs to (`listMentions`).',
    '',
    `- **Labeled pages**: every \`*.html\` in \`${relative(labeled.dir)}\` and the demo article, each with a`,
    '  `NAME.labels.json` listing every mention it should get (entity and exact text). Per page, expected and found',
    '  mentions are compared as multisets of (entity, text): true positives are the lesser count of each pair, false',
    '  positives the marks beyond it, misses the labels beyond it. Precision and recall are micro-averaged (every',
    '  mention counts once).',
    `- **Real pages**: every \`*.html\` in \`${relative(real.dir)}\`, saved real-world pages, none about this story.`,
    '  Every mark there is a false positive unless it is listed, with why, in',
    '  `tests/fixtures/accuracy/real-pages-reviewed.json` after a person checked that the page really mentions the entity.',
    '',
    `Sets measured: ${report.sets.map((s) => `\`${s.id}\` ${s.version}`).join(', ') || 'none'}.`,
    '',
    '## Result',
    '',
    ...table(
      ['measure', 'value', 'target', 'met'],
      [
        ['precision, labeled pages', fraction(v.precision, overall.tp, overall.found), `≥ ${TARGETS.precision}`, yesNo(v.precisionMet)],
        ['recall, labeled pages', fraction(v.recall, overall.tp, overall.expected), `≥ ${TARGETS.recall}`, yesNo(v.recallMet)],
        [
          'unreviewed marks, real pages',
          `${v.unreviewed} of ${real.marks.length} on ${real.pages} pages`,
          '0',
          yesNo(v.realMet),
        ],
      ],
    ),
    '',
    `${labeled.pages.length} labeled pages measured: ${overall.expected} mentions expected, ${overall.found} found, ` +
      `${overall.tp} right, ${overall.fp} false positives, ${overall.fn} missed.`,
  ];

  const notes = [
    ...(!labeled.present ? [`The labeled corpus is missing: no \`*.html\` in \`${relative(labeled.dir)}\`.`] : []),
    ...labeled.skipped.map((s) => `Skipped ${cell(s)}.`),
    ...labeled.unknownEntities.map((e) => `Labels name \`${e}\`, which no bundled set has.`),
    ...labeled.problems.map((p) => `Problem on ${cell(p)}`),
    ...(!real.present ? [`The real pages are missing: no \`*.html\` in \`${relative(real.dir)}\`.`] : []),
    ...real.problems.map((p) => `Problem on ${cell(p)}`),
    ...real.unusedReviews.map((r) => `Reviewed but not marked any more: ${cell(r.page)}, \`${r.entity}\` “${cell(r.text)}”.`),
  ];
  if (notes.length) lines.push('', '### Notes', '', ...notes.map((n) => `- ${n}`));

  lines.push(
    '',
    '## Per entity (labeled pages)',
    '',
    ...table(
      ['entity', 'expected', 'found', 'TP', 'FP', 'FN', 'precision', 'recall'],
      labeled.entities.map((e) => [`\`${e.entity}\``, ...countCells(e)]),
    ),
    '',
    '## Per page (labeled pages)',
    '',
    ...table(
      ['page', 'expected', 'found', 'TP', 'FP', 'FN', 'precision', 'recall'],
      labeled.pages.map((p) => [cell(p.page), ...countCells(p)]),
    ),
    '',
    '### Misses and false positives',
    '',
  );
  const wrong = labeled.pages.filter((p) => p.misses.length || p.falsePositives.length);
  if (!wrong.length) lines.push('None.');
  for (const page of wrong) {
    lines.push(`**${cell(page.page)}**`, '');
    for (const m of page.misses) lines.push(`- missed: ${counted(m)}`);
    for (const m of page.falsePositives) lines.push(`- false positive: ${counted(m)}`);
    lines.push('');
  }
  if (!wrong.length) lines.push('');

  lines.push('## Marks on real pages', '');
  if (!real.marks.length) lines.push(`None on ${real.pages} pages.`);
  else {
    lines.push(
      ...table(
        ['page', 'entity', 'text', 'context', 'reviewed'],
        real.marks.map((m) => [cell(m.page), `\`${m.entity}\``, cell(m.text), context(m), yesNo(m.reviewed)]),
      ),
    );
  }
  lines.push('');
  return lines.join('\n');
}

function countCells(c: Counts): string[] {
  return [c.expected, c.found, c.tp, c.fp, c.fn].map(String).concat(ratio(precision(c)), ratio(recall(c)));
}

/** The summary `npm run accuracy` prints. */
export function renderAccuracySummary(report: AccuracyReport): string {
  const { labeled, real } = report;
  const v = verdict(report);
  const { overall } = labeled;
  const lines = [
    `Labeled pages: ${labeled.pages.length} measured, ${overall.expected} mentions expected, ${overall.found} found.`,
    `  precision ${fraction(v.precision, overall.tp, overall.found)}, target ≥ ${TARGETS.precision}: ${v.precisionMet ? 'met' : 'MISSED'}`,
    `  recall    ${fraction(v.recall, overall.tp, overall.expected)}, target ≥ ${TARGETS.recall}: ${v.recallMet ? 'met' : 'MISSED'}`,
  ];
  const width = Math.max(0, ...labeled.entities.map((e) => e.entity.length));
  for (const e of labeled.entities) {
    lines.push(`  ${e.entity.padEnd(width)}  expected ${e.expected}, found ${e.found}, FP ${e.fp}, FN ${e.fn}`);
  }
  lines.push(
    `Real pages: ${real.pages} read, ${real.marks.length} marks, ${v.unreviewed} unreviewed: ${v.realMet ? 'met' : 'MISSED'}`,
  );
  const failures = [...labeledFailures(report), ...realPageFailures(report)];
  if (failures.length) lines.push('', ...failures);
  lines.push('', `${report.seconds.toFixed(1)} s`);
  return lines.join('\n');
}
