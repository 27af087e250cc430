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
const OWN = { own: true } as unknown as Node;

beforeEach(() => {
  vi.useFakeTimers();
  (globalThis as Record<string, unknown>).MutationObserver = class {
    constructor(callback: Callback) {
      deliver = callback;
    }
    observe() {}
    disconnect() {}
  };
});

afterEach(() => {
  vi.useRealTimers();
  delete (globalThis as Record<string, unknown>).MutationObserver;
});

/** A watcher whose verdicts are collected in `verdicts`. */
function watch() {
  const verdicts: boolean[] = [];
  const watcher = new PageWatcher({} as Element, {
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
