// `npm run openapi`: rewrites packages/contract/openapi.json from the code.
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument, OPENAPI_FILE } from './openapi-document.js';

writeFileSync(OPENAPI_FILE, await buildOpenApiDocument());
console.log(`wrote ${OPENAPI_FILE}`);
