import { describe, expect, it } from 'vitest';
import { dayOf, mentionsChart } from '../../utils/research-log/chart';
import { csvCell, researchLogAnnotations, researchLogCsv } from '../../utils/research-log/export';
import { markedEntities } from '../../utils/research-log/marked-entities';
import { LOG_LIMITS, mergeVisitEntities, type LoggedVisit } from '../../utils/research-log/visit';
import { readCsv as parseCsv } from '../support/read-csv';

const ICE = 'federal-immigration/ice';
const HSI = 'federal-immigration/hsi';
const OAKLAND = 'oakland-civic/oakland';
const LABELS = { [ICE]: 'U.S. Immigration and Customs Enforcement (ICE)', [HSI]: 'Homeland Security Investigations (HSI)' };

const VISIT: LoggedVisit = {
  at: Date.UTC(2026, 2, 14, 17, 5, 0),
  url: 'https://www.ktvu.com/news/raid?id=1',
  title: 'ICE, HSI agents in "West Oakland"',
  entities: [
    { key: ICE, count: 3, texts: ['ICE', 'Immigration and Customs Enforcement'] },
    { key: HSI, count: 1, texts: ['HSI'] },
  ],
  opened: [ICE],
};

describe('what the content script reports', () => {
  it('counts each entity’s marks and keeps its distinct texts, splitting a phrase several sets share', () => {
    const mentions = [
      { entityId: ICE, text: 'ICE' },
      { entityId: ICE, text: 'ICE' },
      { entityId: `${ICE} my-set/ice`, text: 'Immigration and Customs Enforcement' },
      { entityId: HSI, text: 'HSI' },
    ];
    expect(markedEntities(mentions)).toEqual([
      { key: ICE, count: 3, texts: ['ICE', 'Immigration and Customs Enforcement'] },
      { key: 'my-set/ice', count: 1, texts: ['Immigration and Customs Enforcement'] },
      { key: HSI, count: 1, texts: ['HSI'] },
    ]);
  });

  it('stays within the limits the background checks', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ entityId: `set/e${i % 250}`, text: `${'x'.repeat(300)}${i}` }));
    const reported = markedEntities(many);
    expect(reported).toHaveLength(LOG_LIMITS.entities);
    expect(Math.max(...reported.map((e) => e.texts.length))).toBeLessThanOrEqual(LOG_LIMITS.textsPerEntity);
    expect(Math.max(...reported.flatMap((e) => e.texts.map((t) => t.length)))).toBe(LOG_LIMITS.text);
  });

  it('adds a later pass to a visit: the highest count, the union of texts', () => {
    const before = [{ key: ICE, count: 3, texts: ['ICE'] }];
    const after = [
      { key: ICE, count: 1, texts: ['ICE', 'ice agents'] },
      { key: HSI, count: 2, texts: ['HSI'] },
    ];
    expect(mergeVisitEntities(before, after)).toEqual([
      { key: ICE, count: 3, texts: ['ICE', 'ice agents'] },
      { key: HSI, count: 2, texts: ['HSI'] },
    ]);
    expect(before[0]!.texts).toEqual(['ICE']);
  });
});

describe('the CSV export', () => {
  it('writes one row per entity per visit, with the card opened, readable back as written', () => {
    const csv = researchLogCsv([VISIT], LABELS);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(parseCsv(csv.slice(1))).toEqual([
      ['visited_at', 'url', 'title', 'entity', 'label', 'mentions', 'card_opened', 'marked_texts'],
      ['2026-03-14T17:05:00.000Z', VISIT.url, VISIT.title, ICE, LABELS[ICE], '3', 'yes', 'ICE | Immigration and Customs Enforcement'],
      ['2026-03-14T17:05:00.000Z', VISIT.url, VISIT.title, HSI, LABELS[HSI], '1', 'no', 'HSI'],
    ]);
  });

  it('lists an opened card the log has no count for, and an entity whose set is gone without a label', () => {
    const rows = parseCsv(researchLogCsv([{ ...VISIT, entities: [], opened: ['gone/x'] }], LABELS).slice(1));
    expect(rows[1]!.slice(3)).toEqual(['gone/x', '', '0', 'yes', '']);
  });

  it('is a header alone when the log is empty', () => {
    expect(researchLogCsv([], LABELS)).toBe('\uFEFFvisited_at,url,title,entity,label,mentions,card_opened,marked_texts\r\n');
  });

  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://evil.example")', `"'=HYPERLINK(""http://evil.example"")"`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['a=b', 'a=b'],
  ])('writes %j as %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('neutralises a formula in a page’s title', () => {
    const csv = researchLogCsv([{ ...VISIT, title: '=cmd|"/c calc"!A1' }], LABELS);
    expect(parseCsv(csv.slice(1))[1]![2]).toBe(`'=cmd|"/c calc"!A1`);
  });
});

describe('the Web Annotation export', () => {
  let n = 0;
  const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

  it('is an AnnotationCollection of Annotations that identify each marked text on the page', () => {
    n = 0;
    const collection = researchLogAnnotations([VISIT], LABELS, { newId }) as Record<string, any>;
    expect(collection).toMatchObject({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'urn:uuid:00000000-0000-4000-8000-000000000003',
      type: 'AnnotationCollection',
      total: 2,
      first: { type: 'AnnotationPage', partOf: 'urn:uuid:00000000-0000-4000-8000-000000000003', startIndex: 0 },
    });
    expect(collection.label).toEqual(expect.any(String));
    const [ice, hsi] = collection.first.items;
    expect(ice).toEqual({
      id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
      type: 'Annotation',
      motivation: 'identifying',
      created: '2026-03-14T17:05:00.000Z',
      body: [
        { type: 'TextualBody', purpose: 'identifying', value: LABELS[ICE], format: 'text/plain' },
        { type: 'TextualBody', purpose: 'tagging', value: ICE, format: 'text/plain' },
      ],
      target: [
        { type: 'SpecificResource', source: VISIT.url, selector: { type: 'TextQuoteSelector', exact: 'ICE' } },
        { type: 'SpecificResource', source: VISIT.url, selector: { type: 'TextQuoteSelector', exact: 'Immigration and Customs Enforcement' } },
      ],
    });
    expect(hsi.target).toEqual([{ type: 'SpecificResource', source: VISIT.url, selector: { type: 'TextQuoteSelector', exact: 'HSI' } }]);
    // Embedded annotations take the collection's context; every id is distinct.
    expect(ice).not.toHaveProperty('@context');
    const ids = [collection.id, collection.first.id, ice.id, hsi.id];
    expect(new Set(ids).size).toBe(4);
  });

  it('keeps an entity whose set is gone by its key, and targets the page when no text was kept', () => {
    const collection = researchLogAnnotations([{ ...VISIT, entities: [{ key: 'gone/x', count: 1, texts: [] }] }], LABELS, { newId }) as Record<string, any>;
    const [annotation] = collection.first.items;
    expect(annotation.body).toEqual([{ type: 'TextualBody', purpose: 'tagging', value: 'gone/x', format: 'text/plain' }]);
    expect(annotation.target).toBe(VISIT.url);
  });

  it('has no page when the log is empty (a page holds at least one annotation)', () => {
    const collection = researchLogAnnotations([], LABELS, { newId }) as Record<string, unknown>;
    expect(collection).toMatchObject({ type: 'AnnotationCollection', total: 0 });
    expect(collection).not.toHaveProperty('first');
  });

  it('makes random urn:uuid ids by default', () => {
    const { id } = researchLogAnnotations([], LABELS) as { id: string };
    expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('the chart of mentions per entity over time', () => {
  const noon = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12).getTime();
  const visit = (at: number, entities: [string, number][]): LoggedVisit => ({
    at,
    url: 'https://www.ktvu.com/',
    title: '',
    entities: entities.map(([key, count]) => ({ key, count, texts: [] })),
    opened: [],
  });

  it('sums each entity’s mentions per local day over the last days, most mentioned first', () => {
    const chart = mentionsChart(
      [
        visit(noon(2026, 3, 12), [[ICE, 2], [HSI, 1]]),
        visit(noon(2026, 3, 14), [[ICE, 3]]),
        visit(noon(2026, 3, 14) + 3_600_000, [[ICE, 1], [OAKLAND, 5]]),
        // Too old for the chart.
        visit(noon(2026, 3, 1), [[HSI, 40]]),
      ],
      LABELS,
      { today: noon(2026, 3, 14), days: 3, top: 2 },
    );
    expect(chart.days).toEqual(['2026-03-12', '2026-03-13', '2026-03-14']);
    expect(chart.series).toEqual([
      { key: ICE, label: LABELS[ICE], counts: [2, 0, 4], total: 6 },
      // No label for an entity whose set is gone: its key.
      { key: OAKLAND, label: OAKLAND, counts: [0, 0, 5], total: 5 },
    ]);
    expect(chart.max).toBe(5);
    expect(chart.others).toBe(1);
  });

  it('counts days across a month’s end and is empty for an empty log', () => {
    const chart = mentionsChart([], LABELS, { today: noon(2026, 3, 1), days: 3 });
    expect(chart).toEqual({ days: ['2026-02-27', '2026-02-28', '2026-03-01'], series: [], max: 0, others: 0 });
    expect(dayOf(noon(2026, 12, 31))).toBe('2026-12-31');
  });
});
