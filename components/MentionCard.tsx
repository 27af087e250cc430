import { formatSetDate } from '../utils/format/dates';
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
      <button type="button" class="close" aria-label="Close" onClick={onClose}>
        ×
      </button>
      {state.status === 'loading' && <p class="status">Loading…</p>}
      {state.status === 'missing' && <p class="status">This entity is no longer in an enabled annotation set.</p>}
      {state.status === 'error' && (
        <p class="status" role="alert">
          Backstory could not load this card: {state.message}{' '}
          <button type="button" class="retry" onClick={onRetry}>
            Try again
          </button>
        </p>
      )}
      {state.status === 'updated' && (
        <p class="status" role="alert">
          Backstory was updated. Reload the page to see its cards again.{' '}
          <button type="button" class="retry" onClick={() => location.reload()}>
            Reload page
          </button>
        </p>
      )}
      {state.status === 'found' &&
        state.cards.map((card) => (
          // The set's text in its own language and direction, whatever the page's or the interface's.
          <section key={card.entityKey} class="entity" lang={card.set.language} dir={writtenRightToLeft(card.set.language) ? 'rtl' : 'ltr'}>
            <CardBody card={card} />
          </section>
        ))}
    </div>
  );
}

function CardBody({ card }: { card: EntityCard }) {
  return (
    <>
      <header>
        <h2 class="label">{card.label}</h2>
        <span class="kind">{card.kind}</span>
      </header>
      <p class="summary">{card.summary}</p>
      <FactList facts={card.facts} />
      {card.later.length > 0 && (
        <>
          <h3 class="kind since">Since this article</h3>
          <FactList facts={card.later} />
        </>
      )}
      <footer class="set">
        From “{card.set.title}” {card.set.version}
        {card.set.report && (
          <>
            {' · '}
            <a class="report" href={safeHref(card.set.report)} target="_blank" rel="noopener noreferrer">
              Report a problem
            </a>
          </>
        )}
      </footer>
    </>
  );
}

function FactList({ facts }: { facts: CardFact[] }) {
  if (facts.length === 0) return null;
  return (
    <ul class="facts">
      {facts.map((fact, i) => (
        <FactItem key={i} fact={fact} />
      ))}
    </ul>
  );
}

function FactItem({ fact }: { fact: CardFact }) {
  const when = fact.date ?? fact.asOf;
  return (
    <li class="fact">
      {when && (
        <time class="date" dateTime={when}>
          {fact.date ? formatSetDate(when) : `As of ${formatSetDate(when)}`}
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
