/**
 * The in-page controller: asks the background what to match, paints the
 * mentions, follows the pointer, and shows the card. Everything it registers
 * is tied to `ctx`, so an updated or reloaded extension leaves nothing behind.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { CARD_UI_KEY, HOST_TAG, type CardUi, type PanelEntry } from '../dom/card-host';
import type { CardState } from '../../components/MentionCard';
import { MentionLayer, caretAt, liveRange, rangeContainsPoint, textNodeAt, type PageMention } from '../dom/mentions';
import { PageWatcher } from '../dom/page-watcher';
import { publishedDate } from '../dom/published-date';
import { isReadable, type WalkOptions } from '../dom/text-blocks';
import { isLazy } from '../matcher/compile';
import type { AliasLookupFunction } from '../matcher/matcher';
import { PageMatcher, prepareDictionary, type DeliveredPageDictionary, type PreparedDictionary } from '../matcher/page-matcher';
import { plural, t } from '../i18n';
import { handleTabRequests, sendToBackground } from '../messaging/channel';
import type { PageStats } from '../messaging/protocol';
import { markedEntities } from '../research-log/marked-entities';
import { LOG_LIMITS } from '../research-log/visit';
import { splitEntityKeys } from '../sets/entity-key';
import { siteKey } from '../sites/site-names';
import { scanPage, type Batch } from './scan';

/** Pointer rest before a card opens, and grace before it closes. */
const OPEN_DELAY_MS = 250;
const CLOSE_GRACE_MS = 400;
/** A card that answers sooner never flashes "Loading…". */
const LOADING_DELAY_MS = 150;
/** A page that keeps changing updates its research-log visit at most this often. */
const LOG_INTERVAL_MS = 2_000;

export class Annotator {
  readonly #ctx: ContentScriptContext;
  readonly #doc: Document;
  readonly #site: string;
  #layer = new MentionLayer();
  #enabled = false;
  #researchLog = false;
  /** The address this document last reported to the research log, and the update waiting to be sent. */
  #loggedUrl: string | null = null;
  #logTimer: number | undefined;
  #scan: AbortController | null = null;
  #matcher: PageMatcher<Batch> | null = null;
  /** A lazily delivered dictionary, prepared, with what it has looked up so far (see `#prepare`). */
  #prepared: { version: string; dictionary: PreparedDictionary } | null = null;
  #watcher: PageWatcher | null = null;
  /** Scans run one after another: a page change waits for the scan in progress. */
  #work: Promise<void> = Promise.resolve();
  /**
   * Settles when the latest configuration's first pass is done (the popup's
   * count waits for it). Set in `start()`, before any request can arrive.
   */
  #configured!: Promise<void>;
  readonly #walk: WalkOptions = { exclude: (element) => element.tagName.toLowerCase() === HOST_TAG };

  #ui: CardUi | null = null;
  #uiLoading: Promise<CardUi> | null = null;
  #open: { mention: PageMention; state: CardState } | null = null;
  #hovered: PageMention | null = null;
  #pointerInCard = false;
  /** A click pins the card open: it stays until Escape, its close button or a click elsewhere. */
  #pinned = false;
  #openTimer: number | undefined;
  #closeTimer: number | undefined;
  #request = 0;
  #pointer: { x: number; y: number } | null = null;
  #frame = 0;
  /** The "On this page" panel: open, where focus was before it, and the mention each entity's Enter reached last. */
  #panel: { returnFocus: Element | null; cursor: Map<string, number>; entries: PanelEntry[] | null } | null = null;

  constructor(ctx: ContentScriptContext, doc: Document) {
    this.#ctx = ctx;
    this.#doc = doc;
    this.#site = siteKey(doc.location?.hostname ?? '');
  }

  start(): void {
    // A host left by an earlier copy of this script: Firefox, updating or
    // reloading Backstory, stops the old copy dead (it cannot clean up) and
    // runs the new one in the open tabs. Its marks are replaced below.
    for (const stale of this.#doc.querySelectorAll(HOST_TAG)) stale.remove();
    const stopAnswering = handleTabRequests({
      getPageStats: () => this.#configured.then(() => this.stats()),
      listMentions: () =>
        this.#configured.then(() => [...this.#layer.mentions].map(({ text, entityId }) => ({ text, entityKeys: splitEntityKeys(entityId) }))),
      siteSettingChanged: ({ site }) => (site === this.#site ? this.#reconfigure() : undefined),
      // A set switched on or off, added or removed: read the page again with the new dictionary.
      setsChanged: () => this.#reconfigure(),
      togglePanel: () => (this.#panel ? this.#closePanel() : this.#openPanel()),
      openPanel: () => (this.#panel ? undefined : this.#openPanel()),
    });
    this.#ctx.onInvalidated(() => {
      stopAnswering();
      this.#teardown();
    });
    this.#ctx.addEventListener(this.#doc, 'mousemove', (event) => this.#onPointerMove(event), { passive: true, capture: true });
    this.#ctx.addEventListener(this.#doc, 'click', (event) => this.#onClick(event), { capture: true });
    this.#ctx.addEventListener(this.#doc, 'keydown', (event) => this.#onKey(event), { capture: true });
    this.#ctx.addEventListener(window, 'scroll', () => this.#onScroll(), { passive: true, capture: true });
    // Single-page apps change the URL without a new document: start the page afresh.
    this.#ctx.addEventListener(window, 'wxt:locationchange', () => void this.#reconfigure());
    void this.#reconfigure();
  }

  stats(): PageStats {
    // A phrase that several sets share names each of their entities (`set/a set/b`).
    const entities = new Set<string>();
    for (const mention of this.#layer.mentions) for (const key of splitEntityKeys(mention.entityId)) entities.add(key);
    return { site: this.#site, enabled: this.#enabled, mentions: this.#layer.size, entityKeys: [...entities] };
  }

  #reconfigure(): Promise<void> {
    this.#configured = this.#configure().catch((error) => this.#report(error));
    return this.#configured;
  }

  /** (Re)reads the page configuration from the background and repaints. */
  async #configure(): Promise<void> {
    const config = await sendToBackground('getPageConfig', { site: this.#site });
    if (this.#ctx.isInvalid) return;
    this.#clearMentions();
    this.#enabled = config.enabled;
    this.#researchLog = config.researchLog;
    const root = this.#doc.body ?? this.#doc.documentElement;
    if (!config.enabled || !config.dictionary || config.dictionary.aliases.count === 0 || !root) return;

    const scan = new AbortController();
    this.#scan = scan;
    this.#matcher = new PageMatcher(this.#prepare(config.dictionary));
    this.#layer.show(config.highlightStyle);
    this.#watcher = new PageWatcher(root, {
      ignore: (node) => this.#isOwn(node),
      onChange: (roots, textRemoved) => this.#enqueue(() => this.#rescan(roots, textRemoved, scan.signal)),
      // A page that never stops changing pays for every registered mark at every frame (see MentionLayer).
      onBusy: (busy) => this.#layer.paintNearOnly(busy),
    });
    // Watching starts before the first pass, so nothing that changes during it is missed.
    this.#watcher.start();
    await this.#enqueue(() => this.#scanRoot(root, scan.signal));
    this.#logVisit();
  }

  /**
   * A large dictionary comes as its first-word table: the aliases of the
   * words a pass meets are asked for then, and kept while the page has that
   * dictionary, across its rescans and a single-page app's new addresses.
   */
  #prepare(dictionary: DeliveredPageDictionary): PreparedDictionary {
    const version = isLazy(dictionary.aliases) ? dictionary.aliases.version : null;
    if (version !== null && this.#prepared?.version === version) return this.#prepared.dictionary;
    const lookup: AliasLookupFunction = (request) =>
      sendToBackground('lookupAliases', request).catch((error: unknown) => {
        this.#report(new Error(`could not look up ${request.words.length} names (${error instanceof Error ? error.message : String(error)}).`));
        return null;
      });
    const prepared = prepareDictionary(dictionary, lookup);
    this.#prepared = version === null ? null : { version, dictionary: prepared };
    return prepared;
  }

  /**
   * The research log, when the reader keeps one: after a pass that marked
   * something, one message with what the page marked. A visit's first report
   * goes at once (a card may open right after); later passes on the same
   * address are gathered into one update every few seconds.
   */
  #logVisit(): void {
    if (!this.#researchLog || this.#layer.size === 0 || this.#logTimer !== undefined) return;
    const send = () => {
      this.#logTimer = undefined;
      const url = this.#doc.location.href;
      if (url.length > LOG_LIMITS.url) return;
      this.#loggedUrl = url;
      const visit = { loadedAt: performance.timeOrigin, url, title: this.#doc.title.slice(0, LOG_LIMITS.title), entities: markedEntities(this.#layer.mentions) };
      sendToBackground('logVisit', visit).catch((error) => this.#report(error));
    };
    if (this.#loggedUrl !== this.#doc.location.href) send();
    else this.#logTimer = this.#ctx.setTimeout(send, LOG_INTERVAL_MS);
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    this.#work = this.#work.then(task).catch((error) => this.#report(error));
    return this.#work;
  }

  async #scanRoot(root: Node, signal: AbortSignal): Promise<void> {
    if (signal.aborted || !this.#matcher) return;
    // The watcher vouches for text read before the pass yielded, if the page changed nothing meanwhile.
    const watcher = this.#watcher;
    const changes = watcher ? () => watcher.changeCount() : undefined;
    await scanPage(root, this.#matcher, this.#layer, { ...this.#walk, signal, changes });
  }

  /** Reads changed blocks again; drops mentions whose text went away or changed. */
  async #rescan(roots: Element[], textRemoved: boolean, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    if (textRemoved) this.#layer.pruneStale();
    for (const root of roots) {
      if (signal.aborted) return;
      if (!root.isConnected) continue;
      this.#layer.removeInside(root);
      // What it held for context there too, or that would be painted beside what is read now.
      this.#matcher?.forgetHeld(({ block, mention }) => root.contains(textNodeAt(block.run, mention.start)));
      // Text that became editable (or skipped) keeps no mark, and is not read.
      if (!isReadable(root, this.#walk)) continue;
      await this.#scanRoot(root, signal);
    }
    const open = this.#open;
    if (open) {
      const now = this.#current(open.mention);
      if (!now) this.#closeCard();
      else if (now !== open.mention) {
        // Its block was read again for a change beside it: the card stays, with the mark now painted there.
        if (this.#hovered === open.mention) this.#hovered = now;
        open.mention = now;
        this.#layer.setActive(now);
      }
    }
    this.#logVisit();
  }

  /**
   * `mention` as painted now: itself, or the mention over the same text that
   * took its place when its block was read again; null once that text is
   * gone or changed.
   */
  #current(mention: PageMention): PageMention | null {
    return this.#layer.has(mention) ? mention : this.#layer.paintedOver(liveRange(mention), mention.entityId);
  }

  #isOwn(node: Node): boolean {
    const element = node instanceof Element ? node : node.parentElement;
    return element?.closest(HOST_TAG) != null;
  }

  /**
   * Backstory never throws into the page: a failure is one line under its own
   * name, and the page goes on. An orphaned script (extension reloaded) stays silent.
   */
  #report(error: unknown): void {
    if (!this.#ctx.isInvalid) console.warn(`Backstory: ${error instanceof Error ? error.message : String(error)}`);
  }

  #clearMentions(): void {
    clearTimeout(this.#logTimer);
    this.#logTimer = undefined;
    this.#scan?.abort();
    this.#scan = null;
    this.#watcher?.stop();
    this.#watcher = null;
    this.#matcher = null;
    this.#closeCard();
    this.#layer.clear();
    this.#layer = new MentionLayer();
  }

  /**
   * The extension was updated, reloaded or removed under this page. Marks go at
   * once; an open card stays just long enough to tell the reader why its
   * mentions went and to offer a reload, and leaves with its host when closed.
   */
  #teardown(): void {
    const open = this.#open;
    const ui = this.#ui;
    const pinned = this.#pinned;
    this.#open = null;
    this.#panel = null;
    this.#clearMentions();
    cancelAnimationFrame(this.#frame);
    this.#ui = null;
    if (!ui) return;
    ui.showPanel(null);
    if (!open) return ui.remove();
    const noop = () => {};
    ui.show({
      anchor: liveRange(open.mention),
      state: { status: 'updated' },
      modal: pinned,
      onClose: () => ui.remove(),
      onRetry: noop,
      onPointerEnter: noop,
      onPointerLeave: noop,
    });
  }

  /**
   * Whether the extension went away under this page (updated, reloaded,
   * removed). Chromium tells an orphaned script nothing, so the reader's
   * moves (once a frame), clicks and keys ask; reading `isInvalid` sets off
   * the teardown the first time.
   */
  #orphaned(): boolean {
    return this.#ctx.isInvalid;
  }

  #onPointerMove(event: MouseEvent): void {
    this.#pointer = { x: event.clientX, y: event.clientY };
    this.#hitTestSoon();
  }

  #hitTestSoon(): void {
    if (this.#frame) return;
    // One hit-test (and one check that the extension is still there) per frame however fast the pointer moves.
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      if (!this.#orphaned() && this.#pointer) this.#pointerAt(this.#pointer.x, this.#pointer.y);
    });
  }

  #pointerAt(x: number, y: number): void {
    if (this.#pointerInCard || this.#pinned) return;
    const mention = this.#mentionAt(x, y);
    if (mention === this.#hovered) return;
    this.#hovered = mention;
    clearTimeout(this.#openTimer);
    if (mention && mention === this.#open?.mention) {
      clearTimeout(this.#closeTimer);
    } else if (mention) {
      this.#openTimer = this.#ctx.setTimeout(() => this.#openCard(mention), OPEN_DELAY_MS);
    } else if (this.#open) {
      this.#scheduleClose();
    }
  }

  #mentionAt(x: number, y: number): PageMention | null {
    if (this.#layer.size === 0) return null;
    const caret = caretAt(this.#doc, x, y);
    if (!caret) return null;
    // The caret APIs answer with the nearest position even beside the text;
    // and where two marks touch, a position between them is in both.
    return this.#layer.at(caret.node, caret.offset).find((mention) => rangeContainsPoint(liveRange(mention), x, y)) ?? null;
  }

  #onClick(event: MouseEvent): void {
    if (this.#orphaned()) return;
    // A name that is also a link or a button does what the page made it for;
    // its card opens on hover, and from "On this page".
    const mention = isControl(event) ? null : this.#mentionAt(event.clientX, event.clientY);
    if (mention) {
      this.#pinned = true;
      this.#hovered = mention;
      clearTimeout(this.#openTimer);
      clearTimeout(this.#closeTimer);
      if (mention !== this.#open?.mention) void this.#openCard(mention);
      // Its hover card is open already: pinned now, it takes the keyboard.
      else this.#show(this.#open);
    } else if (this.#pinned && !this.#isOwn(event.target as Node)) {
      this.#closeCard();
    }
  }

  /**
   * A card whose mention scrolled a screen or more out of view has nothing
   * left to stand beside; a hover card follows what the page scrolled under
   * the pointer, which may be another mark or none.
   */
  #onScroll(): void {
    if (!this.#open) return;
    const { top, bottom } = liveRange(this.#open.mention).getBoundingClientRect();
    if (bottom < -innerHeight || top > 2 * innerHeight) this.#closeCard();
    else if (!this.#pinned) this.#hitTestSoon();
  }

  /** Escape pressed in the page (the card and panel handle their own keys). */
  #onKey(event: KeyboardEvent): void {
    if (this.#orphaned()) return;
    if (event.key !== 'Escape' || this.#isOwn(event.target as Node)) return;
    if (this.#open) this.#closeCard();
    else if (this.#panel) this.#closePanel();
  }

  /**
   * The mentions of each entity a reader can go to, in document order. Text
   * the page hides (a closed menu, the copy of a story meant for another
   * screen size) is read and marked, but has no place on the screen to
   * scroll to or to stand a card beside.
   */
  #mentionsByEntity(): Map<string, PageMention[]> {
    const shown = [...this.#layer.mentions].filter(
      (mention) => mention.range.startContainer.parentElement?.checkVisibility({ visibilityProperty: true }) ?? true,
    );
    const sorted = shown.sort((a, b) => comparePositions(a.range, b.range));
    const byEntity = new Map<string, PageMention[]>();
    for (const mention of sorted) {
      for (const key of splitEntityKeys(mention.entityId)) {
        const list = byEntity.get(key);
        if (list) list.push(mention);
        else byEntity.set(key, [mention]);
      }
    }
    return byEntity;
  }

  async #openPanel(): Promise<void> {
    await this.#configured;
    const active = this.#doc.activeElement;
    const panel = { returnFocus: active && !this.#isOwn(active) ? active : null, cursor: new Map<string, number>(), entries: null as PanelEntry[] | null };
    this.#panel = panel;
    this.#renderPanel();
    const byEntity = this.#mentionsByEntity();
    let entries: PanelEntry[] = [];
    try {
      const labels = byEntity.size ? await sendToBackground('entityLabels', { entityKeys: [...byEntity.keys()] }) : [];
      entries = labels.map(({ entityKey, label, kind }) => ({ entityKey, label, kind, count: byEntity.get(entityKey)?.length ?? 0 }));
    } catch (error) {
      this.#report(error);
    }
    if (this.#panel !== panel) return;
    panel.entries = entries;
    this.#renderPanel();
    this.#announce(plural(entries.length, 'announce_entities_one', 'announce_entities_other'));
  }

  #renderPanel(): void {
    const panel = this.#panel;
    this.#cardUi().then(
      (ui) => {
        if (this.#ctx.isInvalid || this.#panel !== panel) return;
        ui.showPanel(
          panel && {
            entries: panel.entries,
            onChoose: (entityKey) => this.#goToNext(entityKey),
            onClose: () => this.#closePanel(),
          },
        );
      },
      (error) => this.#report(error),
    );
  }

  /** Says `message` to screen readers, once the card's code is in. */
  #announce(message: string): void {
    this.#cardUi().then(
      (ui) => ui.announce(message),
      (error) => this.#report(error),
    );
  }

  #closePanel(): void {
    const panel = this.#panel;
    if (!panel) return;
    this.#panel = null;
    this.#closeCard();
    this.#ui?.showPanel(null);
    if (panel.returnFocus instanceof HTMLElement || panel.returnFocus instanceof SVGElement) panel.returnFocus.focus({ preventScroll: true });
  }

  /** Enter in the panel: the entity's next mention (round again after the last), scrolled to, with its card pinned open. */
  #goToNext(entityKey: string): void {
    const panel = this.#panel;
    const mentions = this.#mentionsByEntity().get(entityKey);
    if (!panel || !mentions?.length) return;
    const index = ((panel.cursor.get(entityKey) ?? -1) + 1) % mentions.length;
    panel.cursor.set(entityKey, index);
    const mention = mentions[index]!;
    scrollToMiddle(liveRange(mention));
    const label = panel.entries?.find((entry) => entry.entityKey === entityKey)?.label ?? '';
    this.#announce(t('announce_mention', label, index + 1, mentions.length));
    this.#pinned = true;
    this.#hovered = mention;
    clearTimeout(this.#openTimer);
    clearTimeout(this.#closeTimer);
    void this.#openCard(mention);
  }

  #scheduleClose(): void {
    clearTimeout(this.#closeTimer);
    if (this.#pinned) return;
    this.#closeTimer = this.#ctx.setTimeout(() => this.#closeCard(), CLOSE_GRACE_MS);
  }

  async #openCard(pointed: PageMention): Promise<void> {
    // The page may have changed or removed its text since the pointer came to rest on it.
    const mention = this.#current(pointed);
    if (!mention) return;
    clearTimeout(this.#closeTimer);
    const request = ++this.#request;
    const loading = { mention, state: { status: 'loading' } as CardState };
    this.#open = loading;
    const slow = this.#ctx.setTimeout(() => this.#open === loading && this.#show(loading), LOADING_DELAY_MS);
    let state: CardState;
    try {
      const cards = await sendToBackground('getCard', { entityKey: mention.entityId, published: publishedDate(this.#doc) });
      state = cards.length ? { status: 'found', cards } : { status: 'missing' };
    } catch (error) {
      state = { status: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    clearTimeout(slow);
    // A newer card was asked for (or this one closed) while we waited.
    if (request !== this.#request || this.#ctx.isInvalid) return;
    // The mark as painted now (its block may have been read again meanwhile, see `#rescan`).
    this.#show({ mention: loading.mention, state });
  }

  #closeCard(): void {
    this.#request += 1;
    clearTimeout(this.#openTimer);
    clearTimeout(this.#closeTimer);
    this.#pointerInCard = false;
    this.#pinned = false;
    this.#hovered = null;
    if (!this.#open) return;
    this.#layer.setActive(null);
    this.#show(null);
  }

  #show(open: { mention: PageMention; state: CardState } | null): void {
    this.#open = open;
    if (this.#ctx.isInvalid || (!open && !this.#ui)) return;
    this.#cardUi().then(
      (ui) => {
        if (this.#ctx.isInvalid) return;
        // The latest state, whatever was asked while the card's code loaded.
        const current = this.#open;
        // The mark turns active as its card appears.
        this.#layer.setActive(current?.mention ?? null);
        ui.show(
          current && {
            anchor: liveRange(current.mention),
            state: current.state,
            modal: this.#pinned,
            onClose: () => this.#closeCard(),
            onRetry: () => void this.#openCard(current.mention),
            onPointerEnter: () => {
              this.#pointerInCard = true;
              clearTimeout(this.#closeTimer);
            },
            onPointerLeave: () => {
              this.#pointerInCard = false;
              this.#hovered = null;
              this.#scheduleClose();
            },
          },
        );
      },
      (error) => {
        this.#report(error);
        this.#closeCard();
      },
    );
  }

  /**
   * The card's code is loaded the first time a card opens, and only once, into
   * this script's own world (components/card-ui.tsx).
   */
  #cardUi(): Promise<CardUi> {
    this.#uiLoading ??= (async () => {
      const scope = globalThis as Record<string, unknown>;
      if (typeof scope[CARD_UI_KEY] !== 'function') await import(/* @vite-ignore */ browser.runtime.getURL('/card.js'));
      const create = scope[CARD_UI_KEY];
      if (typeof create !== 'function') throw new Error('the card could not be loaded.');
      // Torn down while the code loaded: nothing may be added to the page now.
      if (this.#ctx.isInvalid) throw new Error('the extension was reloaded.');
      this.#ui = (create as (doc: Document) => CardUi)(this.#doc);
      return this.#ui;
    })().catch((error: unknown) => {
      this.#uiLoading = null;
      throw error;
    });
    return this.#uiLoading;
  }
}

/**
 * Scrolls `range` to the middle of the window: its element into view first
 * (through any scrolling box it is in), then the window by what is left, for
 * a mention deep inside a block taller than the screen.
 */
function scrollToMiddle(range: Range): void {
  range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
  const { top, bottom } = range.getBoundingClientRect();
  if (top < 0 || bottom > innerHeight) scrollBy({ top: (top + bottom - innerHeight) / 2, behavior: 'instant' });
}

/** Orders two ranges by where they start in the document. */
function comparePositions(a: StaticRange, b: StaticRange): number {
  if (a.startContainer === b.startContainer) return a.startOffset - b.startOffset;
  return a.startContainer.compareDocumentPosition(b.startContainer) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}

/** What a click activates on a page: a link, a button, or what stands for one (a `label` only when it has a control). */
const CONTROLS = [
  'a[href], a[onclick], area[href], button, summary',
  ...'button link tab menuitem menuitemcheckbox menuitemradio option switch checkbox radio treeitem'.split(' ').map((role) => `[role="${role}"]`),
].join(', ');

/**
 * Whether a click is one the page handles as a control's (see `CONTROLS`),
 * including a link a component draws around its text in its shadow tree.
 */
function isControl(event: MouseEvent): boolean {
  return event.composedPath().some((target) => {
    const element = target as Partial<HTMLLabelElement>;
    return element.matches?.(CONTROLS) === true || (element.localName === 'label' && element.control != null);
  });
}
