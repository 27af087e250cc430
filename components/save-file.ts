import { t } from '../utils/i18n';

/**
 * Saves text as a file the reader keeps, from an extension page: a Blob
 * address and a link with `download`, so no `downloads` permission is needed.
 */
export function saveFile(fileName: string, text: string, type: string): string {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  // The browser has read the Blob by then; a file that is still saving keeps its own copy.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return t('saved_file', fileName);
}
