/** The published JSON Schema, derived from the runtime schema so the two cannot disagree. */
import { toJsonSchema } from '@valibot/to-json-schema';
import { AnnotationSetSchema } from './set-schema';

export function buildJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://backstory.invalid/schema/annotation-set.schema.json',
    title: 'Backstory annotation set',
    ...toJsonSchema(AnnotationSetSchema, { target: 'draft-2020-12' }),
  };
}
