import type { EntityKind } from '../utils/model/set-schema';
import { t } from '../utils/i18n';

/** An entity's kind in the reader's language (the set gives it as a fixed English word). */
export function kindName(kind: EntityKind): string {
  switch (kind) {
    case 'person':
      return t('kind_person');
    case 'place':
      return t('kind_place');
    case 'organization':
      return t('kind_organization');
    case 'law':
      return t('kind_law');
    case 'event':
      return t('kind_event');
    case 'topic':
      return t('kind_topic');
  }
}
