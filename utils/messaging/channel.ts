/**
 * Sending and answering protocol messages through `runtime` and `tabs` messaging.
 *
 * Written to the part of the API every browser has natively, so the content
 * script can use the browser's own `browser`/`chrome` object rather than the
 * polyfill (see wxt.config.ts): a listener answers through `sendResponse`, and
 * an answer travels as `{ ok, value }` or `{ ok: false, error }`, so a
 * handler's failure reaches the sender as a rejected promise on either side.
 */
import { browser, type Browser } from 'wxt/browser';
import {
  CONTENT_SCRIPT_REQUESTS,
  EXTENSION_PAGE_REQUESTS,
  PROTOCOL_TAG,
  backgroundRequests,
  tabRequests,
  type BackgroundResponses,
  type Envelope,
  type RequestMap,
  type RequestOf,
  type TabResponses,
} from './protocol';

type Handlers<M extends RequestMap, R extends { [K in keyof M]: unknown }> = {
  [K in keyof M]: (request: RequestOf<M, K>, sender: Browser.runtime.MessageSender) => Promise<R[K]> | R[K];
};

export type BackgroundHandlers = Handlers<typeof backgroundRequests, BackgroundResponses>;
export type TabHandlers = Handlers<typeof tabRequests, TabResponses>;

export function sendToBackground<K extends keyof typeof backgroundRequests>(
  type: K,
  payload: RequestOf<typeof backgroundRequests, K>,
): Promise<BackgroundResponses[K]> {
  return settle(browser.runtime.sendMessage(envelope(type, payload))) as Promise<BackgroundResponses[K]>;
}

export function sendToTab<K extends keyof typeof tabRequests>(
  tabId: number,
  type: K,
  payload: RequestOf<typeof tabRequests, K>,
): Promise<TabResponses[K]> {
  return settle(browser.tabs.sendMessage(tabId, envelope(type, payload))) as Promise<TabResponses[K]>;
}

/**
 * Answers background requests; returns a function that stops answering. What
 * changes a reader's sets or switches is answered only for Backstory's own
 * pages, never for a content script, which runs inside web pages; what a
 * page reports about itself is answered only for a content script.
 */
export function handleBackgroundRequests(handlers: BackgroundHandlers): () => void {
  const guarded: Record<string, Handler> = { ...handlers };
  for (const type of EXTENSION_PAGE_REQUESTS) {
    const handler = handlers[type] as Handler;
    guarded[type] = (request, sender) => {
      if (!isExtensionPage(sender)) throw new Error(`"${type}" may be asked only by Backstory's own pages.`);
      return handler(request, sender);
    };
  }
  for (const type of CONTENT_SCRIPT_REQUESTS) {
    const handler = handlers[type] as Handler;
    guarded[type] = (request, sender) => {
      if (!isContentScript(sender)) throw new Error(`"${type}" may be asked only by Backstory's content script.`);
      return handler(request, sender);
    };
  }
  return listen(backgroundRequests, guarded as BackgroundHandlers);
}

type Handler = (request: never, sender: Browser.runtime.MessageSender) => unknown;

/** Answers a tab's requests; returns a function that stops answering. */
export function handleTabRequests(handlers: TabHandlers): () => void {
  return listen(tabRequests, handlers);
}

/**
 * Parses a message against the protocol. Anything else — another extension's
 * message, a page's forgery relayed by a compromised frame, a malformed
 * payload — yields `null` and is ignored.
 */
export function parseEnvelope<M extends RequestMap>(
  requests: M,
  message: unknown,
): { type: keyof M & string; payload: unknown } | null {
  if (typeof message !== 'object' || message === null) return null;
  const { protocol, type, payload } = message as Partial<Envelope>;
  if (protocol !== PROTOCOL_TAG || typeof type !== 'string' || !Object.hasOwn(requests, type)) return null;
  return requests[type]!(payload) ? { type, payload } : null;
}

function listen<M extends RequestMap>(
  requests: M,
  handlers: { [K in keyof M]: Handler },
): () => void {
  const listener = (message: unknown, sender: Browser.runtime.MessageSender, sendResponse: (answer: Answer) => void) => {
    // Only Backstory's own parts may talk to Backstory.
    if (sender.id !== browser.runtime.id) return false;
    const parsed = parseEnvelope(requests, message);
    if (!parsed) return false;
    const handler = handlers[parsed.type] as (request: unknown, sender: Browser.runtime.MessageSender) => unknown;
    Promise.resolve()
      .then(() => handler(parsed.payload, sender))
      .then(
        (value) => sendResponse({ ok: true, value }),
        (error: unknown) => sendResponse({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
    // The answer comes later, through `sendResponse`.
    return true;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

function isExtensionPage(sender: Browser.runtime.MessageSender): boolean {
  return typeof sender.url === 'string' && sender.url.startsWith(browser.runtime.getURL('/'));
}

/** A content script of this extension (`listen` checked the id): it runs in a tab, at a web page's address. */
function isContentScript(sender: Browser.runtime.MessageSender): boolean {
  return sender.tab?.id !== undefined && typeof sender.url === 'string' && /^https?:/.test(sender.url) && !isExtensionPage(sender);
}

/** What a listener sends back. */
type Answer = { ok: true; value: unknown } | { ok: false; error: string };

/** The value of an answer; a rejection with the handler's error, or when nothing answered. */
async function settle(sent: Promise<unknown>): Promise<unknown> {
  const answer = (await sent) as Answer | undefined;
  if (answer?.ok === true) return answer.value;
  if (answer?.ok === false) throw new Error(answer.error);
  throw new Error('Backstory did not answer.');
}

function envelope(type: string, payload: unknown): Envelope {
  return { protocol: PROTOCOL_TAG, type, payload };
}
