// Fails when docs/api/openapi.json differs from what the routes generate (run `npm run openapi`).
import fs from 'node:fs';
import { generateOpenApiDocument, OPENAPI_FILE } from '../src/openapi/document.js';

const generated = await generateOpenApiDocument();
const committed = fs.existsSync(OPENAPI_FILE) ? fs.readFileSync(OPENAPI_FILE, 'utf8') : '';
if (generated !== committed) {
  console.error(`${OPENAPI_FILE} is stale: run \`npm run openapi\` and commit the result.`);
  process.exit(1);
}
console.log(`${OPENAPI_FILE} is up to date.`);
