/**
 * The in-page controller: asks the background what to match, paints the
 * mentions, follows the pointer, and shows the card. Everything it registers
 * is tied to `ctx`, so an updated or reloaded extension leaves nothing behind.
 */
import { h, render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { CardLayer } from '../../components/CardLayer';
import cardCss from '../../components/card.css?inline';
import type { CardState } from '../../components/MentionCard';
import { MentionLayer, caretAt, rangeContainsPoint, type PageMention } from '../dom/mentions';
import { PageMatcher } from '../matcher/page-matcher';
import { handleTabRequests, sendToBackground } from '../messaging/channel';
import type { PageStats } from '../messaging/protocol';
import { siteKey } from '../sites/news-sites';
import { scanPage } from './scan';

export const HOST_TAG = 'backstory-card';
/** Pointer rest before a card opens, and grace before it closes. */
const OPEN_DELAY_MS = 250;
const CLOSE_GRACE_MS = 400;

export class Annotator {
  readonly #ctx: ContentScriptContext;
  readonly #doc: Document;
  readonly #site: string;
  #layer = new MentionLayer();
  #enabled = false;
  #scan: AbortController | null = null;

  #ui: Promise<ShadowRootContentScriptUi<HTMLElement>> | null = null;
  #open: { mention: PageMention; state: CardState } | null = null;
  #hovered: PageMention | null = null;
  #pointerInCard = false;
  #openTimer: number | undefined;
  #closeTimer: number | undefined;
  #request = 0;
  #pointer: { x: number; y: number } | null = null;
  #frame = 0;

  constructor(ctx: ContentScriptContext, doc: Document) {
    this.#ctx = ctx;
    this.#doc = doc;
    this.#site = siteKey(doc.location?.hostname ?? '');
  }

  start(): void {
    const stopAnswering = handleTabRequests({
      getPageStats: () => this.stats(),
      siteSettingChanged: ({ site }) => (site === this.#site ? this.#configure() : undefined),
    });
    this.#ctx.onInvalidated(() => {
      stopAnswering();
      this.#teardown();
    });
    this.#ctx.addEventListener(this.#doc, 'mousemove', (event) => this.#onPointerMove(event), { passive: true, capture: true });
    this.#ctx.addEventListener(this.#doc, 'click', (event) => this.#onClick(event), { capture: true });
    this.#ctx.addEventListener(this.#doc, 'keydown', (event) => this.#onKey(event), { capture: true });
    this.#configure().catch((error) => this.#report(error));
  }

  stats(): PageStats {
    const mentions = this.#layer.mentions;
    return {
      site: this.#site,
      enabled: this.#enabled,
      mentions: mentions.length,
      entities: new Set(mentions.map((m) => m.entityId)).size,
    };
  }

  /** (Re)reads the page configuration from the background and repaints. */
  async #configure(): Promise<void> {
    const config = await sendToBackground('getPageConfig', { site: this.#site });
    if (this.#ctx.isInvalid) return;
    this.#clearMentions();
    this.#enabled = config.enabled;
    if (!config.enabled || config.dictionary.entries.length === 0) return;

    const scan = new AbortController();
    this.#scan = scan;
    this.#layer.show();
    const root = this.#doc.body ?? this.#doc.documentElement;
    if (!root) return;
    await scanPage(root, new PageMatcher(config.dictionary), this.#layer, {
      signal: scan.signal,
      exclude: (element) => element.tagName.toLowerCase() === HOST_TAG,
    });
  }

  /** Backstory never throws into the page; an orphaned script stays silent. */
  #report(error: unknown): void {
    if (!this.#ctx.isInvalid) console.error('Backstory:', error);
  }

  #clearMentions(): void {
    this.#scan?.abort();
    this.#scan = null;
    this.#closeCard();
    this.#layer.clear();
    this.#layer = new MentionLayer();
  }

  #teardown(): void {
    this.#clearMentions();
    cancelAnimationFrame(this.#frame);
    void this.#ui?.then((ui) => ui.remove());
    this.#ui = null;
  }

  #onPointerMove(event: MouseEvent): void {
    this.#pointer = { x: event.clientX, y: event.clientY };
    if (this.#frame) return;
    // One hit-test per frame however fast the pointer moves.
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      if (this.#pointer) this.#pointerAt(this.#pointer.x, this.#pointer.y);
    });
  }

  #pointerAt(x: number, y: number): void {
    if (this.#pointerInCard) return;
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
    if (!this.#layer.mentions.length) return null;
    const caret = caretAt(this.#doc, x, y);
    if (!caret) return null;
    const mention = this.#layer.at(caret.node, caret.offset);
    // The caret APIs answer with the nearest position even beside the text.
    return mention && rangeContainsPoint(mention.range, x, y) ? mention : null;
  }

  #onClick(event: MouseEvent): void {
    const mention = this.#mentionAt(event.clientX, event.clientY);
    if (mention && mention !== this.#open?.mention) this.#openCard(mention);
  }

  #onKey(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.#open) this.#closeCard();
  }

  #scheduleClose(): void {
    clearTimeout(this.#closeTimer);
    this.#closeTimer = this.#ctx.setTimeout(() => this.#closeCard(), CLOSE_GRACE_MS);
  }

  async #openCard(mention: PageMention): Promise<void> {
    clearTimeout(this.#closeTimer);
    const request = ++this.#request;
    this.#layer.setActive(mention);
    this.#show({ mention, state: { status: 'loading' } });
    let state: CardState;
    try {
      const card = await sendToBackground('getCard', { entityId: mention.entityId });
      state = card ? { status: 'found', card } : { status: 'missing' };
    } catch (error) {
      state = { status: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    // A newer card was asked for (or this one closed) while we waited.
    if (request !== this.#request || this.#ctx.isInvalid) return;
    this.#show({ mention, state });
  }

  #closeCard(): void {
    this.#request += 1;
    clearTimeout(this.#openTimer);
    clearTimeout(this.#closeTimer);
    this.#pointerInCard = false;
    this.#hovered = null;
    if (!this.#open) return;
    this.#layer.setActive(null);
    this.#show(null);
  }

  #show(open: { mention: PageMention; state: CardState } | null): void {
    this.#open = open;
    void this.#cardUi().then((ui) => {
      if (this.#ctx.isInvalid) return;
      render(
        h(CardLayer, {
          anchor: this.#open?.mention.range ?? null,
          state: this.#open?.state ?? { status: 'loading' },
          onClose: () => this.#closeCard(),
          onPointerEnter: () => {
            this.#pointerInCard = true;
            clearTimeout(this.#closeTimer);
          },
          onPointerLeave: () => {
            this.#pointerInCard = false;
            this.#hovered = null;
            this.#scheduleClose();
          },
        }),
        ui.uiContainer,
      );
    });
  }

  /** The card's shadow host is made the first time a card opens, and only once. */
  #cardUi(): Promise<ShadowRootContentScriptUi<HTMLElement>> {
    this.#ui ??= createShadowRootUi(this.#ctx, {
      name: HOST_TAG,
      mode: 'closed',
      css: cardCss,
      position: 'inline',
      anchor: () => this.#doc.body ?? this.#doc.documentElement,
      isolateEvents: true,
      onMount: (container) => container,
      onRemove: (container) => container && render(null, container),
    }).then((ui) => {
      ui.mount();
      return ui;
    });
    return this.#ui;
  }
}
