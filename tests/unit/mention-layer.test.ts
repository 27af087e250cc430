/**
 * The mention layer registers every mark, and on a busy page only the marks
 * whose element is near the viewport (issue #3: on a page that changes every
 * frame, Chromium rebuilds and repaints every registered mark every frame);
 * the page watcher says when a page is busy. Node has no DOM,
 * so the few browser objects the layer touches are small fakes here; the
 * end-to-end suite checks the same in Chromium and Firefox.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TextRun } from '../../utils/dom/text-blocks';

class FakeHighlight extends Set<unknown> {
  priority = 0;
}

class FakeStaticRange {
  startContainer: FakeText;
  startOffset: number;
  endContainer: FakeText;
  endOffset: number;
  constructor(init: { startContainer: FakeText; startOffset: number; endContainer: FakeText; endOffset: number }) {
    this.startContainer = init.startContainer;
    this.startOffset = init.startOffset;
    this.endContainer = init.endContainer;
    this.endOffset = init.endOffset;
  }
}

class FakeElement {
  readonly children: FakeText[] = [];
  readonly parentElement: FakeElement | null;
  /** Carries `contenteditable` (as the layer asks through `closest`), and is editable. */
  readonly isContentEditable: boolean;
  constructor(parent: FakeElement | null = null, editable = false) {
    this.parentElement = parent;
    this.isContentEditable = editable;
  }
  contains(node: unknown): boolean {
    return this.children.includes(node as FakeText);
  }
  closest(selector: string): FakeElement | null {
    if (selector !== '[contenteditable]') throw new Error(`The fake knows only [contenteditable], not ${selector}.`);
    for (let element: FakeElement | null = this; element; element = element.parentElement) if (element.isContentEditable) return element;
    return null;
  }
}

class FakeText {
  data: string;
  isConnected = true;
  readonly parentElement: FakeElement | null;
  constructor(data: string, parent: FakeElement | null) {
    this.data = data;
    this.parentElement = parent;
    parent?.children.push(this);
  }
}

type FakeEntry = { target: unknown; isIntersecting: boolean; boundingClientRect: { width: number; height: number } };

class FakeIntersectionObserver {
  static last: FakeIntersectionObserver | null = null;
  readonly observed = new Set<unknown>();
  readonly options: { rootMargin?: string };
  readonly #callback: (entries: FakeEntry[]) => void;
  constructor(callback: (entries: FakeEntry[]) => void, options: { rootMargin?: string }) {
    this.#callback = callback;
    this.options = options;
    FakeIntersectionObserver.last = this;
  }
  observe(target: unknown) {
    this.observed.add(target);
  }
  unobserve(target: unknown) {
    this.observed.delete(target);
  }
  disconnect() {
    this.observed.clear();
  }
  /**
   * What the browser reports after a frame: these elements entered or left
   * the margin, and these have no box of their own (`display: contents`).
   */
  report(near: unknown[], far: unknown[] = [], boxless: unknown[] = []) {
    const box = { width: 600, height: 24 };
    const none = { width: 0, height: 0 };
    this.#callback([
      ...near.map((target) => ({ target, isIntersecting: true, boundingClientRect: box })),
      ...far.map((target) => ({ target, isIntersecting: false, boundingClientRect: box })),
      ...boxless.map((target) => ({ target, isIntersecting: false, boundingClientRect: none })),
    ]);
  }
}

const globals = globalThis as Record<string, unknown>;
let registry: Map<string, FakeHighlight>;

beforeEach(() => {
  registry = new Map();
  globals.Highlight = FakeHighlight;
  globals.StaticRange = FakeStaticRange;
  globals.CSS = { highlights: registry };
  globals.IntersectionObserver = FakeIntersectionObserver;
  FakeIntersectionObserver.last = null;
});

afterEach(() => {
  for (const name of ['Highlight', 'StaticRange', 'CSS', 'IntersectionObserver']) delete globals[name];
});

/** A run of one text node per element, each naming Oakland at its start. */
function page(count: number) {
  const elements = Array.from({ length: count }, () => new FakeElement());
  const nodes = elements.map((element, i) => new FakeText(`Oakland item ${i}`, element));
  const starts: number[] = [];
  let text = '';
  for (const node of nodes) {
    starts.push(text.length);
    text += `${node.data}\u0000`;
  }
  const run = { text, nodes, starts } as unknown as TextRun;
  return { elements, run };
}

async function layerWith(count: number, nearOnly = true) {
  const { MentionLayer } = await import('../../utils/dom/mentions');
  const { elements, run } = page(count);
  const layer = new MentionLayer();
  layer.show('underline');
  if (nearOnly) layer.paintNearOnly(true);
  for (let i = 0; i < count; i++) {
    const start = run.starts[i]!;
    layer.add(run, { start, end: start + 'Oakland'.length, entityId: 'set/oakland', needsFullName: false }, 'fresh');
  }
  // The observer, once the page turned busy (none is made before).
  return { layer, elements, observer: FakeIntersectionObserver.last! };
}

describe('MentionLayer', () => {
  it('registers every mark, and watches nothing, on a page that is not busy', async () => {
    const { layer, observer } = await layerWith(5, false);
    expect(layer.paintedSize).toBe(5);
    expect(registry.get('backstory')!.size).toBe(5);
    expect(registry.get('backstory-underline')).toBe(registry.get('backstory'));
    // No IntersectionObserver is even made.
    expect(observer).toBeNull();
  });

  it('on a busy page, keeps every mark until the browser reports, then only those within a screen of the viewport', async () => {
    const { layer, elements } = await layerWith(5, false);
    layer.paintNearOnly(true);
    const observer = FakeIntersectionObserver.last!;
    expect(observer.options.rootMargin).toBe('100% 0px');
    expect(observer.observed.size).toBe(5);
    // Nothing blinks before the browser has said where the elements are.
    expect(layer.paintedSize).toBe(5);
    observer.report(elements.slice(0, 2), elements.slice(2));
    expect(layer.paintedSize).toBe(2);
    expect(registry.get('backstory')!.size).toBe(2);
    // Every mention is still known (the panel, the popup's count, hit-testing).
    expect(layer.size).toBe(5);
  });

  it('registers every mark again, and stops watching, when the page calms down', async () => {
    const { layer, elements, observer } = await layerWith(4);
    observer.report([elements[0]], elements.slice(1));
    expect(layer.paintedSize).toBe(1);
    layer.paintNearOnly(false);
    expect(layer.paintedSize).toBe(4);
    expect(observer.observed.size).toBe(0);
    // A report that was on its way changes nothing, and new marks are registered at once.
    observer.report([], elements);
    expect(layer.paintedSize).toBe(4);
  });

  it('registers a mark found on a busy page only once its element is reported near the viewport', async () => {
    const { layer, elements, observer } = await layerWith(5);
    expect(observer.observed.size).toBe(5);
    expect(layer.size).toBe(5);
    // The highlight is registered under its names at once, empty until the browser reports.
    expect(registry.get('backstory')).toBeDefined();
    expect(layer.paintedSize).toBe(0);
    observer.report(elements.slice(0, 2));
    expect(layer.paintedSize).toBe(2);
    expect(registry.get('backstory')!.size).toBe(2);
  });

  it('takes a mark out when its element leaves the margin, and back when it returns', async () => {
    const { layer, elements, observer } = await layerWith(4);
    observer.report(elements);
    expect(layer.paintedSize).toBe(4);
    observer.report([], [elements[0], elements[1]]);
    expect(layer.paintedSize).toBe(2);
    observer.report([elements[0]]);
    expect(layer.paintedSize).toBe(3);
    expect(layer.size).toBe(4);
  });

  it('watches the parent of an element with no box of its own, and paints its mark when that is near', async () => {
    const { MentionLayer } = await import('../../utils/dom/mentions');
    const paragraph = new FakeElement();
    const contents = new FakeElement(paragraph);
    const node = new FakeText('DHS agents', contents);
    const run = { text: node.data, nodes: [node], starts: [0] } as unknown as TextRun;
    const layer = new MentionLayer();
    layer.show('underline');
    layer.paintNearOnly(true);
    layer.add(run, { start: 0, end: 3, entityId: 'set/dhs', needsFullName: false }, 'fresh');
    const observer = FakeIntersectionObserver.last!;
    observer.report([], [], [contents]);
    expect(observer.observed.has(contents)).toBe(false);
    expect(observer.observed.has(paragraph)).toBe(true);
    expect(layer.paintedSize).toBe(0);
    observer.report([paragraph]);
    expect(layer.paintedSize).toBe(1);
    // Taken out, it leaves nothing watched.
    layer.removeInside({ contains: (n: unknown) => n === node } as unknown as Node);
    expect(observer.observed.size).toBe(0);
  });

  it('paints a mark found in an element already near the viewport at once', async () => {
    const { MentionLayer } = await import('../../utils/dom/mentions');
    const { elements, run } = page(2);
    const layer = new MentionLayer();
    layer.show('underline');
    layer.paintNearOnly(true);
    layer.add(run, { start: 0, end: 7, entityId: 'set/oakland', needsFullName: false }, 'fresh');
    FakeIntersectionObserver.last!.report([elements[0]]);
    // A second mark in the same element (found by a later read) needs no new report.
    layer.add(run, { start: 8, end: 12, entityId: 'set/item', needsFullName: false }, 'fresh');
    expect(layer.paintedSize).toBe(2);
  });

  it('stops watching an element when its last mention goes', async () => {
    const { layer, elements, observer } = await layerWith(3);
    observer.report(elements);
    layer.removeInside(elements[1] as unknown as Node);
    expect(layer.size).toBe(2);
    expect(layer.paintedSize).toBe(2);
    expect(observer.observed.has(elements[1])).toBe(false);
    // A late report about the element changes nothing.
    observer.report([elements[1]]);
    expect(layer.paintedSize).toBe(2);
  });

  it('stops watching everything when cleared', async () => {
    const { layer, elements, observer } = await layerWith(3);
    observer.report(elements);
    layer.clear();
    expect(observer.observed.size).toBe(0);
    expect(layer.size).toBe(0);
    expect(registry.has('backstory')).toBe(false);
  });

  it('leaves out a mention whose text lies in an editable region, or runs into one', async () => {
    const { MentionLayer } = await import('../../utils/dom/mentions');
    const editor = new FakeElement(null, true);
    const plain = new FakeText('Oakland ', new FakeElement());
    const inEditor = new FakeText('Oakland', new FakeElement(editor));
    const after = new FakeText(' Oakland', new FakeElement());
    const run = { text: 'Oakland Oakland Oakland', nodes: [plain, inEditor, after], starts: [0, 8, 15] } as unknown as TextRun;
    const layer = new MentionLayer();
    const oakland = (start: number, end = start + 7) => ({ start, end, entityId: 'set/oakland', needsFullName: false });
    expect(layer.add(run, oakland(0), 'fresh')).toBe(true);
    // In a paragraph inside the editor.
    expect(layer.add(run, oakland(8), 'fresh')).toBe(false);
    // From plain text into the editor's.
    expect(layer.add(run, oakland(0, 15), 'fresh')).toBe(false);
    expect(layer.add(run, oakland(16), 'fresh')).toBe(true);
    expect([...layer.mentions].map((m) => m.range.startContainer)).toEqual([plain, after]);
  });

  it('finds a mention under the caret in every node it covers, from what the run said of them', async () => {
    const { MentionLayer } = await import('../../utils/dom/mentions');
    const block = new FakeElement();
    const nodes = ['Homeland ', 'Security ', 'Investigations said'].map((data) => new FakeText(data, new FakeElement(block)));
    const run = { text: nodes.map((node) => node.data).join(''), nodes, starts: [0, 9, 18] } as unknown as TextRun;
    const layer = new MentionLayer();
    expect(layer.add(run, { start: 0, end: 32, entityId: 'set/hsi', needsFullName: false }, 'fresh')).toBe(true);
    const [hsi] = [...layer.mentions];
    expect(layer.at(nodes[0] as unknown as Node, 3)).toEqual([hsi]);
    expect(layer.at(nodes[1] as unknown as Node, 9)).toEqual([hsi]);
    expect(layer.at(nodes[2] as unknown as Node, 14)).toEqual([hsi]);
    expect(layer.at(nodes[2] as unknown as Node, 16)).toEqual([]);
  });

  it('finds both marks where one ends right where the next begins', async () => {
    const { MentionLayer } = await import('../../utils/dom/mentions');
    const node = new FakeText('The 287(g)ICE deal', new FakeElement(new FakeElement()));
    const run = { text: node.data, nodes: [node], starts: [0] } as unknown as TextRun;
    const layer = new MentionLayer();
    layer.add(run, { start: 4, end: 10, entityId: 'set/287g', needsFullName: false }, 'fresh');
    layer.add(run, { start: 10, end: 13, entityId: 'set/ice', needsFullName: false }, 'fresh');
    const [section, ice] = [...layer.mentions];
    expect(layer.at(node as unknown as Node, 7)).toEqual([section]);
    // The hit-test keeps the one whose text is under the pointer.
    expect(layer.at(node as unknown as Node, 10)).toEqual([section, ice]);
    expect(layer.at(node as unknown as Node, 12)).toEqual([ice]);
  });

  it('checks a match read before the page last ran against its text, and one released for its context against what is painted', async () => {
    const { MentionLayer } = await import('../../utils/dom/mentions');
    const { run } = page(3);
    const layer = new MentionLayer();
    const oakland = (i: number) => ({ start: run.starts[i]!, end: run.starts[i]! + 'Oakland'.length, entityId: 'set/oakland', needsFullName: false });
    // The page changed the second node's text after it was read.
    (run.nodes[1] as unknown as { data: string }).data = 'Berkeley item 1';
    expect(layer.add(run, oakland(1), 'earlier')).toBe(false);
    expect(layer.add(run, oakland(1), 'released')).toBe(false);
    expect(layer.add(run, oakland(0), 'earlier')).toBe(true);
    // Held for its context and released after a later read of its block painted it: painted once.
    expect(layer.add(run, oakland(0), 'released')).toBe(false);
    expect(layer.add(run, oakland(2), 'released')).toBe(true);
    expect(layer.size).toBe(2);
    // A node the page took out keeps its text, but is no place for a mark.
    const { run: other } = page(1);
    (other.nodes[0] as unknown as { isConnected: boolean }).isConnected = false;
    expect(layer.add(other, { ...oakland(0), start: 0, end: 7 }, 'earlier')).toBe(false);
    expect(layer.size).toBe(2);
  });

  it('checks a mark over several nodes against the text of those nodes alone, and drops it once one of them goes', async () => {
    const { MentionLayer } = await import('../../utils/dom/mentions');
    // "Homeland Security <style>…</style><span>Investigations</span>": the style's text is not read, so not in the run.
    const block = new FakeElement();
    const nodes = [new FakeText('Agents of Homeland Security ', block), new FakeText('Investigations came.', new FakeElement(block))];
    const run = { text: nodes.map((node) => node.data).join(''), nodes, starts: [0, 28] } as unknown as TextRun;
    const layer = new MentionLayer();
    expect(layer.add(run, { start: 10, end: 42, entityId: 'set/hsi', needsFullName: false }, 'earlier')).toBe(true);
    layer.pruneStale();
    expect(layer.size).toBe(1);
    nodes[1]!.isConnected = false;
    layer.pruneStale();
    expect(layer.size).toBe(0);
  });

  it('registers every mark, busy page or not, where there is no IntersectionObserver', async () => {
    delete globals.IntersectionObserver;
    const { layer } = await layerWith(3);
    layer.paintNearOnly(true);
    expect(layer.paintedSize).toBe(3);
    expect(registry.get('backstory')!.size).toBe(3);
  });
});
