/**
 * The research log as files a researcher can take elsewhere: a CSV table, one
 * row per entity per visit, and the mentions as W3C Web Annotations
 * (https://www.w3.org/TR/annotation-model/). Pure: records in, text out.
 */
import type { LoggedVisit } from './visit';

const CSV_COLUMNS = ['visited_at', 'url', 'title', 'entity', 'label', 'mentions', 'card_opened', 'marked_texts'];
/** Several marked texts share one cell. */
const TEXT_SEPARATOR = ' | ';

/**
 * One row per entity per visit (an entity whose card was opened but that the
 * log has no count for shows 0 mentions). Cells are quoted as RFC 4180 asks;
 * a cell a spreadsheet would run as a formula is made plain text first.
 */
export function researchLogCsv(visits: readonly LoggedVisit[], labels: Readonly<Record<string, string>>): string {
  const rows = [CSV_COLUMNS];
  for (const visit of visits) {
    const keys = [...visit.entities.map((entity) => entity.key), ...visit.opened.filter((key) => !visit.entities.some((e) => e.key === key))];
    for (const key of keys) {
      const entity = visit.entities.find((e) => e.key === key);
      rows.push([
        new Date(visit.at).toISOString(),
        visit.url,
        visit.title,
        key,
        labels[key] ?? '',
        String(entity?.count ?? 0),
        visit.opened.includes(key) ? 'yes' : 'no',
        (entity?.texts ?? []).join(TEXT_SEPARATOR),
      ]);
    }
  }
  // The byte-order mark tells spreadsheets the file is UTF-8.
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/**
 * A cell as text a spreadsheet shows and never runs. Cells that begin with
 * `=`, `+`, `-`, `@` (or a tab or carriage return, which some spreadsheets
 * skip before those) get a leading apostrophe (OWASP's advice on CSV
 * injection); cells with a comma, quote or line break are quoted.
 */
export function csvCell(value: string): string {
  const plain = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(plain) ? `"${plain.replaceAll('"', '""')}"` : plain;
}

const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

export interface AnnotationExportOptions {
  /** A new unique id (the default: a random UUID); each object that needs an IRI gets `urn:uuid:` and one. */
  newId?: () => string;
}

/**
 * The mentions as a W3C Web Annotation Collection with its one page embedded:
 * one Annotation per entity per visit, `identifying` what each marked text on
 * the page names. Each target is the page (its address as `source`) narrowed
 * by a TextQuoteSelector whose `exact` is the marked text; a body gives the
 * entity's label (`identifying`), another its Backstory key (`tagging`). An
 * empty log is a collection of 0 annotations, which has no page.
 */
export function researchLogAnnotations(
  visits: readonly LoggedVisit[],
  labels: Readonly<Record<string, string>>,
  { newId = () => crypto.randomUUID() }: AnnotationExportOptions = {},
): object {
  const iri = () => `urn:uuid:${newId()}`;
  const items = visits.flatMap((visit) =>
    visit.entities.map((entity) => ({
      id: iri(),
      type: 'Annotation',
      motivation: 'identifying',
      created: new Date(visit.at).toISOString(),
      body: [
        ...(labels[entity.key] ? [{ type: 'TextualBody', purpose: 'identifying', value: labels[entity.key], format: 'text/plain' }] : []),
        { type: 'TextualBody', purpose: 'tagging', value: entity.key, format: 'text/plain' },
      ],
      // Every annotation needs a target: without a recorded text, the page itself.
      target: entity.texts.length
        ? entity.texts.map((exact) => ({ type: 'SpecificResource', source: visit.url, selector: { type: 'TextQuoteSelector', exact } }))
        : visit.url,
    })),
  );
  const collection = iri();
  return {
    '@context': ANNOTATION_CONTEXT,
    id: collection,
    type: 'AnnotationCollection',
    label: 'Backstory research log: names marked on the pages you read',
    total: items.length,
    ...(items.length > 0 ? { first: { id: iri(), type: 'AnnotationPage', partOf: collection, startIndex: 0, items } } : {}),
  };
}
