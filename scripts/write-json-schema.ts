/** Writes schema/annotation-set.schema.json from the runtime schema (`npm run schema`). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildJsonSchema } from '../utils/model/json-schema';

const file = join(import.meta.dirname, '..', 'schema', 'annotation-set.schema.json');
writeFileSync(file, `${JSON.stringify(buildJsonSchema(), null, 2)}\n`);
console.log(`Wrote ${file}`);
