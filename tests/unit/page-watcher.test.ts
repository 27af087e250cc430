/**
 * The page watcher tells when a page is busy: it changes at many moments a
 * second, second after second (issue #3: there only the marks near the
 * viewport stay registered). Node has no DOM, so the MutationObserver is a
 * small fake that hands the watcher records; the end-to-end suite runs the
 * real one in Chromium and Firefox.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUSY_AFTER_SECONDS, BUSY_CHANGES_PER_SECOND, PageWatcher } from '../../utils/dom/page-watcher';

type Callback = (records: unknown[]) => void;
let deliver: Callback;
/** Records the page made that the observer has not handed over yet (`takeRecords` takes them). */
let pending: unknown[] = [];
const OWN = { own: true } as unknown as Node;

beforeEach(() => {
  vi.useFakeTimers();
  pending = [];
  (globalThis as Record<string, unknown>).MutationObserver = class {
    constructor(callback: Callback) {
      deliver = callback;
    }
    observe() {}
    disconnect() {}
    takeRecords() {
      const taken = pending;
      pending = [];
      return taken;
    }
  };
});

afterEach(() => {
  vi.useRealTimers();
  delete (globalThis as Record<string, unknown>).MutationObserver;
});

/** A watcher whose verdicts are collected in `verdicts`. */
function watch(root = { isConnected: true } as Element) {
  const verdicts: boolean[] = [];
  const watcher = new PageWatcher(root, {
    ignore: (node) => node === OWN,
    onChange: async () => {},
    onBusy: (busy) => verdicts.push(busy),
  });
  watcher.start();
  return { watcher, verdicts };
}

/** One second in which the page changes `times` times, evenly spread (a change that adds and removes no node). */
function second(times: number, target: unknown = {}) {
  const step = times ? Math.floor(1000 / times) : 0;
  for (let i = 0; i < times; i++) {
    deliver([{ type: 'childList', target, addedNodes: [], removedNodes: [] }]);
    vi.advanceTimersByTime(step);
  }
  vi.advanceTimersByTime(1000 - step * times);
}

describe('PageWatcher: a busy page', () => {
  it(`is busy after ${BUSY_AFTER_SECONDS} seconds of ${BUSY_CHANGES_PER_SECOND} changes or more, and calm after one second with fewer`, () => {
    const { verdicts } = watch();
    for (let s = 1; s < BUSY_AFTER_SECONDS; s++) second(BUSY_CHANGES_PER_SECOND * 5);
    expect(verdicts).toEqual([]);
    second(BUSY_CHANGES_PER_SECOND * 5);
    expect(verdicts).toEqual([true]);
    second(BUSY_CHANGES_PER_SECOND);
    expect(verdicts).toEqual([true]);
    second(BUSY_CHANGES_PER_SECOND - 1);
    expect(verdicts).toEqual([true, false]);
  });

  it('is found calm again when it stops changing altogether', () => {
    const { verdicts } = watch();
    for (let s = 0; s < BUSY_AFTER_SECONDS; s++) second(100);
    expect(verdicts).toEqual([true]);
    second(0);
    expect(verdicts).toEqual([true, false]);
  });

  it('is not busy when its changes come in bursts with calm seconds between them', () => {
    const { verdicts } = watch();
    for (let s = 0; s < 6; s++) second(s % 2 === 0 ? 100 : 0);
    expect(verdicts).toEqual([]);
  });

  it('does not count changes inside Backstory’s own host', () => {
    const { verdicts } = watch();
    for (let s = 0; s < BUSY_AFTER_SECONDS + 2; s++) second(100, OWN);
    expect(verdicts).toEqual([]);
  });

  it('runs no timer on a page that does not change, and none once stopped', () => {
    const { watcher } = watch();
    expect(vi.getTimerCount()).toBe(0);
    second(100);
    watcher.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('PageWatcher: the count of changes a pass reads', () => {
  const change = (target: unknown = {}) => ({ type: 'childList', target, addedNodes: [], removedNodes: [] });

  it('counts the changes handed over and those still pending, and not Backstory’s own', () => {
    const { watcher } = watch();
    const start = watcher.changeCount();
    expect(watcher.changeCount()).toBe(start);
    deliver([change(), change(OWN)]);
    expect(watcher.changeCount()).toBe(start + 1);
    // Made just now: the observer has not called back yet.
    pending.push(change(), change());
    expect(watcher.changeCount()).toBe(start + 3);
    expect(pending).toEqual([]);
    pending.push(change(OWN));
    expect(watcher.changeCount()).toBe(start + 3);
  });

  it('does not count Backstory’s own host going in or out of the page, but counts a page change made with it', () => {
    const { watcher } = watch();
    const start = watcher.changeCount();
    const body = { nodeType: 1, localName: 'body', parentElement: null, isConnected: true };
    deliver([{ type: 'childList', target: body, addedNodes: [OWN], removedNodes: [] }]);
    deliver([{ type: 'childList', target: body, addedNodes: [], removedNodes: [OWN] }]);
    expect(watcher.changeCount()).toBe(start);
    const globals = globalThis as Record<string, unknown>;
    globals.Node = { ELEMENT_NODE: 1 };
    globals.Element = class {};
    try {
      deliver([{ type: 'childList', target: body, addedNodes: [OWN, { nodeType: 3 }], removedNodes: [] }]);
    } finally {
      delete globals.Node;
      delete globals.Element;
    }
    expect(watcher.changeCount()).toBe(start + 1);
  });

  it('reads the pending records as changes to read again', async () => {
    const onChange = vi.fn(async () => {});
    const target = { nodeType: 1, localName: 'p', parentElement: null, isConnected: true };
    const watcher = new PageWatcher({ isConnected: true } as Element, { ignore: (node) => node === OWN, onChange });
    watcher.start();
    (globalThis as Record<string, unknown>).Node = { ELEMENT_NODE: 1 };
    try {
      const start = watcher.changeCount();
      pending.push({ type: 'characterData', target: { nodeType: 3, parentElement: target } });
      expect(watcher.changeCount()).toBe(start + 1);
    } finally {
      delete (globalThis as Record<string, unknown>).Node;
    }
    await vi.advanceTimersByTimeAsync(1_000);
    expect(onChange).toHaveBeenCalledWith([target], true);
  });

  it('counts a change every time it is asked once the root has left the document, or once stopped', () => {
    const root = { isConnected: true } as { isConnected: boolean };
    const { watcher } = watch(root as unknown as Element);
    expect(watcher.changeCount()).toBe(watcher.changeCount());
    root.isConnected = false;
    const once = watcher.changeCount();
    expect(watcher.changeCount()).toBeGreaterThan(once);

    const other = watch().watcher;
    expect(other.changeCount()).toBe(other.changeCount());
    other.stop();
    const stopped = other.changeCount();
    expect(other.changeCount()).toBeGreaterThan(stopped);
    // Watching again: what changed meanwhile went unseen, so the count moves on.
    const before = other.changeCount();
    other.start();
    const after = other.changeCount();
    expect(after).toBeGreaterThan(before);
    expect(other.changeCount()).toBe(after);
  });
});
