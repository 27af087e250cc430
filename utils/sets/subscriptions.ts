/**
 * Sets subscribed to by address: fetched once to install, then checked again
 * (on the set's interval, or when the reader asks). A check that fails for any
 * reason — no answer, an error status, a cut-off or oversized download, a page
 * that is not JSON, a set that does not validate — keeps the last good version
 * installed and records the failure and its time on the set.
 */
import type { BackstoryDatabase, StoredSet, Subscription } from '../db/database';
import { installSet, recordSubscription } from '../db/store';
import { LIMITS, megabytes } from '../model/limits';
import type { AnnotationSet } from '../model/set-schema';
import { validateSetText } from '../model/validate-set';
import type { UpdateResult } from '../messaging/protocol';
import { subscriptionUrl } from './subscription-url';

export { subscriptionUrl };

export interface FetchOptions {
  /** How long a check may take before it counts as failed. */
  timeoutMs?: number;
  now?: () => number;
}


/**
 * Under the 30 s after which an idle background is stopped (Chromium's worker,
 * Firefox's event page), counted from the message or alarm that started the
 * check: a browser that stops it mid-check would leave the check unrecorded.
 */
const DEFAULT_TIMEOUT_MS = 20_000;
/** How often a subscribed set is checked when it does not say. */
const DEFAULT_INTERVAL_HOURS = 24;

/** The subscribed sets whose interval has passed since their last check (never checked: due). */
export function dueSubscriptions(sets: readonly StoredSet[], now: number): string[] {
  return sets
    .filter((set) => {
      const checkedAt = set.subscription?.checkedAt;
      if (!set.subscription) return false;
      if (checkedAt === undefined) return true;
      return now - checkedAt >= (set.updateIntervalHours ?? DEFAULT_INTERVAL_HOURS) * 3_600_000;
    })
    .map((set) => set.id);
}

/** Installs the set at `address`. Nothing is stored when it fails; the error says why. */
export async function subscribe(db: BackstoryDatabase, address: string, options: FetchOptions = {}): Promise<AnnotationSet> {
  const url = subscriptionUrl(address);
  const now = options.now ?? Date.now;
  const fetched = await fetchSet(url, {}, options);
  if (fetched.notModified) throw new Error(`${url} answered "not modified" to a first request.`);
  await installSet(db, fetched.set, 'url', { url, ...fetched.validators, checkedAt: now() });
  return fetched.set;
}

/** Checks a subscribed set's address again. Never throws for what the server does; the result says. */
export async function updateSubscription(db: BackstoryDatabase, setId: string, options: FetchOptions = {}): Promise<UpdateResult> {
  const stored = await db.sets.get(setId);
  if (!stored?.subscription) throw new Error(`The set "${setId}" is not a subscription.`);
  const now = options.now ?? Date.now;
  const previous: Subscription = stored.subscription;
  const { url } = previous;
  try {
    const fetched = await fetchSet(url, previous, options);
    if (fetched.notModified) {
      await recordSubscription(db, setId, { url, etag: previous.etag, lastModified: previous.lastModified, checkedAt: now() });
      return { status: 'unchanged' };
    }
    if (fetched.set.id !== setId) {
      throw new Error(`${url} now serves the set "${fetched.set.id}", not "${setId}".`);
    }
    await installSet(db, fetched.set, 'url', { url, ...fetched.validators, checkedAt: now() }, {
      onlyReplacing: (current) => current?.origin === 'url' && current.subscription?.url === url,
    });
    return { status: 'updated', version: fetched.set.version };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = now();
    await recordSubscription(db, setId, { ...previous, checkedAt: at, error: { message, at } });
    return { status: 'failed', message };
  }
}


type Fetched =
  | { notModified: true }
  | { notModified: false; set: AnnotationSet; validators: Pick<Subscription, 'etag' | 'lastModified'> };

async function fetchSet(url: string, validators: Pick<Subscription, 'etag' | 'lastModified'>, options: FetchOptions): Promise<Fetched> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  const host = new URL(url).host;
  const within = timeoutMs >= 1_000 ? `${Math.round(timeoutMs / 1_000)} s` : `${timeoutMs} ms`;
  const timedOut = () => new Error(`${host} did not answer within ${within}.`);

  let response: Response;
  try {
    // No cookies or credentials go with it: a set server learns nothing about
    // the reader. `no-store`: the validators above are ours, so a 304 reaches us.
    response = await fetch(url, { headers, signal, credentials: 'omit', cache: 'no-store', redirect: 'follow' });
  } catch (error) {
    throw signal.aborted ? timedOut() : new Error(`Could not reach ${host}: ${reason(error)}.`);
  }
  // A redirect may not leave https (or this computer): the set must not be rewritable on the wire.
  if (response.redirected) subscriptionUrl(response.url);
  if (response.status === 304) return { notModified: true };
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`${host} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (declared > LIMITS.fileBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(declared);
  }

  let text: string;
  let bytes: number;
  try {
    ({ text, bytes } = await readLimited(response));
  } catch (error) {
    if (signal.aborted) throw timedOut();
    throw error instanceof DownloadError ? error : new Error(`The download from ${host} was cut off: ${reason(error)}.`);
  }
  const result = validateSetText(text, bytes);
  if (!result.ok) {
    const [first, ...rest] = result.errors;
    throw new Error(`${url} is not a valid annotation set: ${first!.path}: ${first!.message}${rest.length ? ` (and ${rest.length} more)` : ''}`);
  }
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  return {
    notModified: false,
    set: result.set,
    validators: { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) },
  };
}

/** A download that arrived whole but cannot be a set; its message stands as it is. */
class DownloadError extends Error {}

function tooLarge(bytes: number | null): DownloadError {
  const limit = megabytes(LIMITS.fileBytes);
  return new DownloadError(bytes === null ? `The set is larger than ${limit}, the most a set may be.` : `The set is ${megabytes(bytes)}; a set is at most ${limit}.`);
}

/** Reads the body as UTF-8 text, stopping as soon as it passes the size limit. */
async function readLimited(response: Response): Promise<{ text: string; bytes: number }> {
  if (!response.body) return { text: '', bytes: 0 };
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > LIMITS.fileBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(null);
    }
    text += decode(decoder, value);
  }
  text += decode(decoder);
  return { text, bytes };
}

function decode(decoder: TextDecoder, chunk?: Uint8Array): string {
  try {
    return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
  } catch {
    throw new DownloadError('The set is not UTF-8 text.');
  }
}

function reason(error: unknown): string {
  const cause = (error as { cause?: { message?: string; code?: string } } | null)?.cause;
  const message = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return message.replace(/\.$/, '');
}
