/**
 * What a valid set may still get wrong: things a set author should look at,
 * but that do not stop the set from loading. Each names its JSON path.
 */
import { foldText } from '../matcher/fold';
import type { AnnotationSet } from './set-schema';
import type { SetError } from './validate-set';

export type SetWarning = SetError;

export function setWarnings(set: AnnotationSet): SetWarning[] {
  const warnings: SetWarning[] = [];
  /** Every alias by its case-folded form, to find two entities answering to one name. */
  const owners = new Map<string, { entity: string; path: string; caseSensitive: boolean; text: string }[]>();

  set.entities.forEach((entity, e) => {
    entity.aliases.forEach((alias, a) => {
      const path = `$.entities[${e}].aliases[${a}]`;
      const folded = foldText(alias.text);
      const key = folded.toLowerCase();
      const caseSensitive = alias.caseSensitive === true;
      for (const other of owners.get(key) ?? []) {
        if (other.entity === entity.id) continue;
        // Two case-sensitive aliases collide only when they are written alike.
        if (caseSensitive && other.caseSensitive && foldText(other.text) !== folded) continue;
        warnings.push({
          path,
          message: `The alias "${alias.text}" also names entity "${other.entity}" (${other.path}): the longer or earlier alias wins, so one of them never shows.`,
        });
      }
      owners.set(key, [...(owners.get(key) ?? []), { entity: entity.id, path, caseSensitive, text: alias.text }]);
    });

    const cited = new Set(entity.facts.flatMap((fact) => fact.sources));
    entity.sources.forEach((source, s) => {
      if (!cited.has(source.id)) {
        warnings.push({ path: `$.entities[${e}].sources[${s}]`, message: `No fact cites the source "${source.id}".` });
      }
    });
    entity.facts.forEach((fact, f) => {
      if (fact.date === undefined && fact.asOf === undefined) {
        warnings.push({
          path: `$.entities[${e}].facts[${f}]`,
          message: 'This fact has neither a date nor an "as of" date: a reader cannot tell when it held.',
        });
      }
    });
  });
  return warnings;
}
