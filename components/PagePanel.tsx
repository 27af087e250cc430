import { Component, createRef } from 'preact';
import type { PanelEntry } from '../utils/dom/card-host';
import { plural, t } from '../utils/i18n';
import { kindName } from './kind-name';

export interface PagePanelProps {
  /** `null` while the labels are on their way. */
  entries: PanelEntry[] | null;
  /** Enter on an entry: the next mention of it, scrolled to, with its card. */
  onChoose: (entityKey: string) => void;
  onClose: () => void;
}

interface PagePanelState {
  active: number;
}

/**
 * "On this page": the entities Backstory marked, with their counts, opened by
 * the reader's keyboard shortcut. A listbox: the arrow keys, Home and End move,
 * Enter goes to the entity's next mention and opens its card, Escape closes.
 * Focus lands on the list when the panel opens (the annotator gives it back
 * where it was when the panel closes).
 */
export class PagePanel extends Component<PagePanelProps, PagePanelState> {
  override state: PagePanelState = { active: 0 };
  readonly #list = createRef<HTMLUListElement>();
  readonly #section = createRef<HTMLElement>();

  override componentDidMount(): void {
    this.focus();
  }

  /** Puts the keyboard on the list (again: a card opened from it gives focus back here). */
  focus(): void {
    (this.#list.current ?? this.#section.current)?.focus();
  }

  override componentDidUpdate(previous: PagePanelProps, before: PagePanelState): void {
    // The labels arrived while the panel had focus: the list takes it.
    if (previous.entries === null && this.props.entries !== null) this.focus();
    if (before.active !== this.state.active) {
      this.#list.current?.children[this.state.active]?.scrollIntoView({ block: 'nearest' });
    }
  }

  #onKey = (event: KeyboardEvent): void => {
    const count = this.props.entries?.length ?? 0;
    const move = (to: number) => {
      event.preventDefault();
      if (count > 0) this.setState({ active: Math.max(0, Math.min(count - 1, to)) });
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(this.state.active + 1);
      case 'ArrowUp':
        return move(this.state.active - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(count - 1);
      case 'Enter':
      case ' ': {
        event.preventDefault();
        const entry = this.props.entries?.[this.state.active];
        if (entry) this.props.onChoose(entry.entityKey);
        return;
      }
      case 'Escape':
        event.preventDefault();
        this.props.onClose();
    }
  };

  override render({ entries, onChoose, onClose }: PagePanelProps, { active }: PagePanelState) {
    const current = entries?.[active];
    return (
      <section ref={this.#section} class="panel" role="dialog" aria-labelledby="backstory-panel-title" tabIndex={-1} onKeyDown={this.#onKey}>
        <header>
          <h2 id="backstory-panel-title" class="label">
            {t('panel_title')}
          </h2>
          <button type="button" class="close" aria-label={t('close')} onClick={onClose}>
            ×
          </button>
        </header>
        {entries === null && <p class="status">{t('loading')}</p>}
        {entries?.length === 0 && <p class="status">{t('panel_empty')}</p>}
        {entries !== null && entries.length > 0 && (
          <>
            <ul
              ref={this.#list}
              class="entries"
              role="listbox"
              tabIndex={0}
              aria-labelledby="backstory-panel-title"
              aria-activedescendant={current ? optionId(active) : undefined}
            >
              {entries.map((entry, i) => (
                <li
                  key={entry.entityKey}
                  id={optionId(i)}
                  class="entry"
                  role="option"
                  aria-selected={i === active}
                  onClick={() => {
                    this.setState({ active: i });
                    onChoose(entry.entityKey);
                  }}
                >
                  <span class="entry-label">{entry.label}</span>
                  <span class="kind">{kindName(entry.kind)}</span>
                  <span class="count">
                    <span aria-hidden="true">{entry.count}</span>
                    <span class="visually-hidden">{plural(entry.count, 'mentions_one', 'mentions_other')}</span>
                  </span>
                </li>
              ))}
            </ul>
            <p class="hint">{t('panel_hint')}</p>
          </>
        )}
      </section>
    );
  }
}

function optionId(index: number): string {
  return `backstory-entry-${index}`;
}
