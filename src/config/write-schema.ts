/**
 * `npm run gen:schema`: regenerate config/tillgate.schema.json from the config types, and the
 * "Every key" table of docs/configuration.md (between its BEGIN/END markers) from that schema.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configReferenceTable } from './config-reference.js';
import { configJsonSchemaText } from './json-schema.js';

const schemaFile = fileURLToPath(new URL('../../config/tillgate.schema.json', import.meta.url));
writeFileSync(schemaFile, configJsonSchemaText());
console.log(`wrote ${schemaFile}`);

const docFile = fileURLToPath(new URL('../../docs/configuration.md', import.meta.url));
const doc = readFileSync(docFile, 'utf8');
const begin = '<!-- BEGIN config keys (npm run gen:schema) -->\n';
const end = '<!-- END config keys -->';
const i = doc.indexOf(begin);
const j = doc.indexOf(end);
if (i < 0 || j < i) throw new Error(`${docFile}: the BEGIN/END config keys markers are missing`);
writeFileSync(docFile, doc.slice(0, i + begin.length) + configReferenceTable() + doc.slice(j));
console.log(`wrote ${docFile}`);
