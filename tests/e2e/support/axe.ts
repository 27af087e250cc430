import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** axe-core's browser bundle, as source to evaluate in a page. */
export const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
