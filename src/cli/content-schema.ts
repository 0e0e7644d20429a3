import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { contentJsonSchemas, renderJsonSchema } from '../content/json-schema.js';

/** `npm run content:schema`: writes content/schema/*.schema.json from the zod schemas. */
const dir = path.join(process.argv[2] ?? 'content', 'schema');
mkdirSync(dir, { recursive: true });
for (const [name, schema] of Object.entries(contentJsonSchemas())) {
  writeFileSync(path.join(dir, name), renderJsonSchema(schema));
  console.log(`wrote ${path.join(dir, name)}`);
}
