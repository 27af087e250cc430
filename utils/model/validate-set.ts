/**
 * Turns untrusted JSON into an AnnotationSet, or into a list of errors that
 * each name the place (a JSON path such as `$.entities[2].facts[0].sources`)
 * and say what is wrong in a sentence.
 */
import * as v from 'valibot';
import { LIMITS, megabytes } from './limits';
import { AnnotationSetSchema, FORMAT_VERSION, TOO_MANY_ENTITIES, type AnnotationSet } from './set-schema';
import { COMMON_ENGLISH_WORDS } from './common-words';
import { foldText } from '../matcher/fold';

export interface SetError {
  path: string;
  message: string;
}

export type SetValidation =
  | { ok: true; set: AnnotationSet }
  | { ok: false; errors: SetError[] };

export function validateAnnotationSet(input: unknown): SetValidation {
  const refused = refuseNewerFormat(input) ?? refuseTooManyEntities(input);
  if (refused) return { ok: false, errors: [refused] };

  const parsed = v.safeParse(AnnotationSetSchema, input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message })) };
  }
  const errors = crossReferenceErrors(parsed.output);
  return errors.length ? { ok: false, errors } : { ok: true, set: parsed.output };
}

/**
 * Validates a set file's text: its size (`byteLength`, known before reading
 * where the file system or a `File` tells it), then its JSON, then the set.
 */
export function validateSetText(text: string, byteLength: number): SetValidation {
  if (byteLength > LIMITS.fileBytes) {
    return {
      ok: false,
      errors: [{ path: '$', message: `The file is ${megabytes(byteLength)}; an annotation set is at most ${megabytes(LIMITS.fileBytes)}.` }],
    };
  }
  let json: unknown;
  try {
    // A byte-order mark is how some editors start a UTF-8 file; it is not part of the JSON.
    json = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    return { ok: false, errors: [{ path: '$', message: `This is not JSON: ${(error as Error).message}` }] };
  }
  return validateAnnotationSet(json);
}

/** One line per error, for logs, the build and the command line. */
export function formatSetErrors(errors: SetError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('\n');
}

function refuseNewerFormat(input: unknown): SetError | null {
  if (typeof input !== 'object' || input === null || !('formatVersion' in input)) return null;
  const version = (input as { formatVersion: unknown }).formatVersion;
  if (typeof version === 'number' && version > FORMAT_VERSION) {
    return {
      path: '$.formatVersion',
      message: `This set uses format version ${version}; this version of Backstory reads format ${FORMAT_VERSION}. Update Backstory to use it.`,
    };
  }
  return null;
}

/**
 * Counted before anything is checked: a small file can list 100,000 tiny
 * entities, and checking each of them only to refuse them all took seconds.
 */
function refuseTooManyEntities(input: unknown): SetError | null {
  const entities = typeof input === 'object' && input !== null ? (input as { entities?: unknown }).entities : undefined;
  if (!Array.isArray(entities) || entities.length <= LIMITS.entities) return null;
  return { path: '$.entities', message: TOO_MANY_ENTITIES };
}

/**
 * A name has at least two letters or digits: `X`, `-` or `…` would mark text
 * everywhere. It is asked of the alias folded, as the matcher reads it: `Aʼ`
 * (U+02BC, a letter that folds to an apostrophe) is one letter.
 */
const TWO_LETTERS = /[\p{L}\p{N}][^]*[\p{L}\p{N}]/u;

/**
 * What a schema cannot say: ids are unique, every cited source exists, and no
 * alias would mark ordinary text on every page (a lone character, or a common
 * English word that ignores case).
 */
function crossReferenceErrors(set: AnnotationSet): SetError[] {
  const errors: SetError[] = [];
  const entityIds = new Set<string>();
  set.entities.forEach((entity, e) => {
    if (entityIds.has(entity.id)) {
      errors.push({ path: `$.entities[${e}].id`, message: `The entity id "${entity.id}" is used twice.` });
    }
    entityIds.add(entity.id);

    if (entity.aliases.every((alias) => alias.requiresFullNameFirst)) {
      errors.push({
        path: `$.entities[${e}].aliases`,
        message: 'Every alias requires the full name first, so none can ever match: give at least one alias without requiresFullNameFirst.',
      });
    }

    entity.aliases.forEach((alias, a) => {
      const path = `$.entities[${e}].aliases[${a}].text`;
      if (!TWO_LETTERS.test(foldText(alias.text))) {
        errors.push({ path, message: `The alias "${alias.text}" has fewer than two letters or digits; it would mark text on every page.` });
      } else if (!alias.caseSensitive && COMMON_ENGLISH_WORDS.has(foldText(alias.text).toLowerCase())) {
        errors.push({
          path,
          message: `"${alias.text}" is a common English word and this alias ignores case: it would mark ordinary text on every page. Make it case-sensitive ("caseSensitive": true), or use a longer name.`,
        });
      }
    });

    const sourceIds = new Set<string>();
    entity.sources.forEach((source, s) => {
      if (sourceIds.has(source.id)) {
        errors.push({ path: `$.entities[${e}].sources[${s}].id`, message: `The source id "${source.id}" is used twice.` });
      }
      sourceIds.add(source.id);
    });
    entity.facts.forEach((fact, f) => {
      fact.sources.forEach((sourceId, s) => {
        if (!sourceIds.has(sourceId)) {
          errors.push({
            path: `$.entities[${e}].facts[${f}].sources[${s}]`,
            message: `The fact cites source "${sourceId}", which this entity does not list.`,
          });
        }
      });
    });
  });
  return errors;
}

function jsonPath(path: v.IssuePathItem[] | undefined): string {
  let out = '$';
  for (const item of path ?? []) {
    out += typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`;
  }
  return out;
}
