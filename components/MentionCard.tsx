import { formatSetDate } from '../utils/format/dates';
import { interfaceLanguage, t } from '../utils/i18n';
import { kindName } from './kind-name';
import type { CardFact, EntityCard } from '../utils/messaging/protocol';

export type CardState =
  | { status: 'loading' }
  /** One entity, or several that sets share a phrase for, each with its set. */
  | { status: 'found'; cards: EntityCard[] }
  | { status: 'missing' }
  | { status: 'error'; message: string }
  /** The extension was updated or reloaded under this page: its old script can no longer ask for cards. */
  | { status: 'updated' };

export interface MentionCardProps {
  state: CardState;
  /** Pinned: the card holds the keyboard until it closes. */
  modal: boolean;
  onClose: () => void;
  onRetry: () => void;
}

/** The card for one mention. Everything from a set is rendered as text. */
export function MentionCard({ state, modal, onClose, onRetry }: MentionCardProps) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    onClose();
  };
  return (
    <div
      class="card"
      role="dialog"
      aria-modal={modal ? 'true' : undefined}
      aria-label={state.status === 'found' ? state.cards.map((card) => card.label).join(', ') : 'Backstory'}
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      <button type="button" class="close" aria-label={t('close')} onClick={onClose}>
        ×
      </button>
      {state.status === 'loading' && <p class="status">{t('loading')}</p>}
      {state.status === 'missing' && <p class="status">{t('card_missing')}</p>}
      {state.status === 'error' && (
        <p class="status" role="alert">
          {t('card_error', state.message)}{' '}
          <button type="button" class="retry" onClick={onRetry}>
            {t('try_again')}
          </button>
        </p>
      )}
      {state.status === 'updated' && (
        <p class="status" role="alert">
          {t('card_updated')}{' '}
          <button type="button" class="retry" onClick={() => location.reload()}>
            {t('reload_page')}
          </button>
        </p>
      )}
      {state.status === 'found' &&
        state.cards.map((card) => (
          // The set's text in its own language and direction, whatever the page's or the interface's.
          <section key={card.entityKey} class="entity" lang={card.set.language} dir={writtenRightToLeft(card.set.language) ? 'rtl' : 'ltr'}>
            <CardBody card={card} language={interfaceLanguage()} />
          </section>
        ))}
    </div>
  );
}

/**
 * One entity's part of the card. Backstory's own words and dates inside it
 * (its kind, "Since this article", the footer) carry the interface's
 * `language`, the rest is the set's.
 */
function CardBody({ card, language }: { card: EntityCard; language: string }) {
  return (
    <>
      <header>
        <h2 class="label">{card.label}</h2>
        <span class="kind" lang={language}>
          {kindName(card.kind)}
        </span>
      </header>
      <p class="summary">{card.summary}</p>
      <FactList facts={card.facts} language={language} />
      {card.later.length > 0 && (
        <>
          <h3 class="kind since" lang={language}>
            {t('card_since')}
          </h3>
          <FactList facts={card.later} language={language} />
        </>
      )}
      <footer class="set" lang={language}>
        {t('card_from_set', card.set.title, card.set.version)}
        {card.set.report && (
          <>
            {' · '}
            <a class="report" href={safeHref(card.set.report)} target="_blank" rel="noopener noreferrer">
              {t('report_problem')}
            </a>
          </>
        )}
      </footer>
    </>
  );
}

function FactList({ facts, language }: { facts: CardFact[]; language: string }) {
  if (facts.length === 0) return null;
  return (
    <ul class="facts">
      {facts.map((fact, i) => (
        <FactItem key={i} fact={fact} language={language} />
      ))}
    </ul>
  );
}

function FactItem({ fact, language }: { fact: CardFact; language: string }) {
  const when = fact.date ?? fact.asOf;
  return (
    <li class="fact">
      {when && (
        <time class="date" dateTime={when} lang={language}>
          {fact.date ? formatSetDate(when, language) : asOf(when, language)}
        </time>
      )}
      <span class="text">{fact.text}</span>
      <span class="sources">
        {fact.sources.map((source, i) => (
          <a key={i} class="source" href={safeHref(source.url)} target="_blank" rel="noopener noreferrer">
            {`${source.publisher}: ${source.title}`}
          </a>
        ))}
      </span>
    </li>
  );
}

/** "As of March 1, 2003": Spanish says a day ("al 1 de marzo") and a month or year ("de noviembre") differently. */
function asOf(date: string, language: string): string {
  const when = formatSetDate(date, language);
  return date.length === 10 ? t('as_of_day', when) : t('as_of_period', when);
}

/** Languages written right to left, by their primary subtag. */
const RIGHT_TO_LEFT = new Set(['ar', 'dv', 'fa', 'he', 'ks', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);

function writtenRightToLeft(language: string): boolean {
  return RIGHT_TO_LEFT.has(language.split('-')[0]!.toLowerCase());
}

/** Sets are validated on the way in; this is the second lock on the door. */
function safeHref(url: string): string | undefined {
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'https:' || protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
