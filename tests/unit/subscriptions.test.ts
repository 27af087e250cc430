/**
 * Subscriptions against a real HTTP server on loopback: every way a set
 * server can answer, and what the reader's installed set looks like after.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BackstoryDatabase, type StoredSet } from '../../utils/db/database';
import { exportSet, getSet, listSets } from '../../utils/db/store';
import { LIMITS } from '../../utils/model/set-schema';
import { dueSubscriptions, subscribe, subscriptionUrl, updateSubscription } from '../../utils/sets/subscriptions';

const good = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sets', 'good.json'), 'utf8'));
const version = (v: string) => JSON.stringify({ ...good, version: v });

/** What the server answers on each path; tests change `current` to publish a new version. */
let current = version('1.0.0');
const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void> = {
  '/set.json': (request, response) => {
    const etag = `"${JSON.parse(current).version}"`;
    if (request.headers['if-none-match'] === etag) return void response.writeHead(304).end();
    response.writeHead(200, { 'content-type': 'application/json', etag }).end(current);
  },
  '/other-set.json': (_q, response) => response.writeHead(200).end(JSON.stringify({ ...good, id: 'someone-else' })),
  '/invalid.json': (_q, response) => response.writeHead(200).end(JSON.stringify({ ...good, version: 'one' })),
  '/page.html': (_q, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>Sign in</p>'),
  '/missing': (_q, response) => response.writeHead(404, 'Not Found').end('nothing here'),
  '/broken': (_q, response) => response.writeHead(500, 'Internal Server Error').end(),
  '/slow': (_q, response) => void setTimeout(() => response.writeHead(200).end(current), 2_000),
  '/declared-huge': (_q, response) => {
    response.writeHead(200, { 'content-length': String(LIMITS.fileBytes + 1) });
    response.write('{');
    setTimeout(() => response.destroy(), 200);
  },
  '/streamed-huge': (_q, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    const chunk = ' '.repeat(64 * 1024);
    let sent = 0;
    const pump = () => {
      while (sent <= LIMITS.fileBytes + chunk.length) {
        sent += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      response.end();
    };
    pump();
  },
  '/truncated': (_q, response) => {
    response.writeHead(200, { 'content-length': String(current.length) });
    response.write(current.slice(0, 40));
    setTimeout(() => response.destroy(), 50);
  },
  '/reset': (request) => request.socket.destroy(),
  '/redirect-away': (_q, response) => response.writeHead(302, { location: `${elsewhere}/set.json` }).end(),
  '/set-slowly.json': (_q, response) => void setTimeout(() => response.writeHead(200).end(current), 300),
  '/latin1': (_q, response) => response.writeHead(200).end(Buffer.from([0x7b, 0xe9, 0x7d])),
};

const server = createServer((request, response) => {
  const route = routes[new URL(request.url ?? '/', 'http://localhost').pathname];
  if (route) route(request, response);
  else response.writeHead(404).end();
});
/** Another loopback address, serving the same set: plain http that is not this computer's name for itself. */
const other = createServer((_q, response) => response.writeHead(200).end(current));
let base = '';
let elsewhere = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.2', resolve));
  elsewhere = `http://127.0.0.2:${(other.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of [server, other]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

let db: BackstoryDatabase;
let counter = 0;
beforeEach(async () => {
  current = version('1.0.0');
  db = new BackstoryDatabase(`backstory-subscriptions-${++counter}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

/** Subscribes to the good set, then points its subscription at `path` for the next check. */
async function subscribedThenMovedTo(path: string): Promise<void> {
  await subscribe(db, `${base}/set.json`, { now: () => 1_000 });
  const stored = (await getSet(db, 'example-good'))!;
  await db.sets.update('example-good', { subscription: { ...stored.subscription!, url: `${base}${path}` } });
}

describe('subscribing', () => {
  it('installs the set from its address, with the validators for the next check', async () => {
    const set = await subscribe(db, `${base}/set.json`, { now: () => 1_000 });
    expect(set.version).toBe('1.0.0');
    const stored = await getSet(db, 'example-good');
    expect(stored).toMatchObject({ origin: 'url', enabled: true, subscription: { url: `${base}/set.json`, etag: '"1.0.0"', checkedAt: 1_000 } });
    expect(await exportSet(db, 'example-good')).toEqual(good);
  });

  it('takes https, or plain http to this computer only', () => {
    expect(subscriptionUrl(' https://example.org/set.json ')).toBe('https://example.org/set.json');
    expect(subscriptionUrl('http://localhost:8080/set.json')).toBe('http://localhost:8080/set.json');
    expect(() => subscriptionUrl('http://example.org/set.json')).toThrow('over https only');
    expect(() => subscriptionUrl('file:///etc/passwd')).toThrow('over https only');
    expect(() => subscriptionUrl('https://user:secret@example.org/set.json')).toThrow('user name or password');
    expect(() => subscriptionUrl('not a url')).toThrow('is not a web address');
  });

  it('stores nothing when the first download fails, and says why', async () => {
    await expect(subscribe(db, `${base}/page.html`)).rejects.toThrow(/is not a valid annotation set: \$: This is not JSON/);
    await expect(subscribe(db, `${base}/missing`)).rejects.toThrow('answered 404 Not Found.');
    expect(await listSets(db)).toEqual([]);
  });
});

describe('checking a subscription again', () => {
  it('installs a new version, and keeps the reader’s switch', async () => {
    await subscribe(db, `${base}/set.json`);
    await db.sets.update('example-good', { enabled: false });
    current = version('1.1.0');
    expect(await updateSubscription(db, 'example-good', { now: () => 2_000 })).toEqual({ status: 'updated', version: '1.1.0' });
    expect(await getSet(db, 'example-good')).toMatchObject({ version: '1.1.0', enabled: false, subscription: { etag: '"1.1.0"', checkedAt: 2_000 } });
  });

  it('asks whether it changed, and records the check when it has not', async () => {
    await subscribe(db, `${base}/set.json`, { now: () => 1_000 });
    const installedAt = (await getSet(db, 'example-good'))!.installedAt;
    expect(await updateSubscription(db, 'example-good', { now: () => 5_000 })).toEqual({ status: 'unchanged' });
    const stored = (await getSet(db, 'example-good'))!;
    expect(stored.subscription).toEqual({ url: `${base}/set.json`, etag: '"1.0.0"', checkedAt: 5_000 });
    expect(stored.installedAt).toBe(installedAt);
  });

  it.each([
    ['a 404', '/missing', '127.0.0.1:PORT answered 404 Not Found.'],
    ['a 500', '/broken', '127.0.0.1:PORT answered 500 Internal Server Error.'],
    ['an HTML page', '/page.html', 'is not a valid annotation set: $: This is not JSON'],
    ['a set that does not validate', '/invalid.json', 'is not a valid annotation set: $.version: A version is MAJOR.MINOR.PATCH'],
    ['another set', '/other-set.json', 'now serves the set "someone-else", not "example-good".'],
    ['a declared size over the limit', '/declared-huge', 'The set is 5.0 MB; a set is at most 5.0 MB.'],
    ['a download that runs past the limit', '/streamed-huge', 'The set is larger than 5.0 MB, the most a set may be.'],
    ['a download cut off midway', '/truncated', 'The download from 127.0.0.1:PORT was cut off'],
    ['a connection reset', '/reset', 'Could not reach 127.0.0.1:PORT'],
    ['text that is not UTF-8', '/latin1', 'The set is not UTF-8 text.'],
    ['no answer in time', '/slow', '127.0.0.1:PORT did not answer within 300 ms.'],
    ['a redirect off https', '/redirect-away', 'A set is subscribed to over https only; "http://127.0.0.2:'],
  ])('keeps the last good version after %s, and shows why and when', async (_what, path, message) => {
    await subscribedThenMovedTo(path);
    const result = await updateSubscription(db, 'example-good', { now: () => 9_000, timeoutMs: 300 });
    const expected = message.replace('PORT', base.split(':').at(-1)!);
    expect(result).toEqual({ status: 'failed', message: expect.stringContaining(expected) });
    const stored = (await getSet(db, 'example-good'))!;
    expect(stored.version).toBe('1.0.0');
    expect(stored.subscription).toMatchObject({ checkedAt: 9_000, error: { message: result.status === 'failed' ? result.message : '', at: 9_000 } });
    expect(await exportSet(db, 'example-good')).toEqual(good);
  });

  it('does not bring back a set the reader removed while it was being checked', async () => {
    await subscribedThenMovedTo('/set-slowly.json');
    current = version('3.0.0');
    const checking = updateSubscription(db, 'example-good', { timeoutMs: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await db.transaction('rw', db.sets, db.entities, async () => {
      await db.entities.where('setId').equals('example-good').delete();
      await db.sets.delete('example-good');
    });
    expect(await checking).toEqual({ status: 'failed', message: expect.stringContaining('was removed or replaced while it was being updated') });
    expect(await listSets(db)).toEqual([]);
    expect(await db.entities.count()).toBe(0);
  });

  it('clears the error after a good check', async () => {
    await subscribedThenMovedTo('/broken');
    await updateSubscription(db, 'example-good');
    await db.sets.update('example-good', { subscription: { ...(await getSet(db, 'example-good'))!.subscription!, url: `${base}/set.json` } });
    current = version('2.0.0');
    expect(await updateSubscription(db, 'example-good')).toMatchObject({ status: 'updated' });
    expect((await getSet(db, 'example-good'))!.subscription!.error).toBeUndefined();
  });
});

describe('which subscriptions are due', () => {
  const stored = (id: string, fields: Partial<StoredSet>): StoredSet => ({ ...(good as StoredSet), id, enabled: true, origin: 'url', installedAt: 0, ...fields });
  const HOUR = 3_600_000;

  it('is every subscribed set whose interval has passed, or that was never checked', () => {
    const sets = [
      stored('never-checked', { subscription: { url: 'https://example.org/a.json' } }),
      stored('daily-fresh', { subscription: { url: 'https://example.org/b.json', checkedAt: 10 * HOUR } }),
      stored('daily-due', { subscription: { url: 'https://example.org/c.json', checkedAt: 0 } }),
      stored('hourly-due', { updateIntervalHours: 1, subscription: { url: 'https://example.org/d.json', checkedAt: 9 * HOUR } }),
      stored('a-file', { origin: 'file' }),
    ];
    expect(dueSubscriptions(sets, 24 * HOUR)).toEqual(['never-checked', 'daily-due', 'hourly-due']);
    expect(dueSubscriptions(sets, 24 * HOUR - 1)).toEqual(['never-checked', 'hourly-due']);
  });
});
