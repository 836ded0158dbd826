/** `npm run gen:schema`: regenerate config/tillgate.schema.json from the config types. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configJsonSchemaText } from './json-schema.js';

const target = fileURLToPath(new URL('../../config/tillgate.schema.json', import.meta.url));
writeFileSync(target, configJsonSchemaText());
console.log(`wrote ${target}`);
