import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { withAliasPaths } from '../plugins/openapi.js';

export const OPENAPI_FILE = 'docs/api/openapi.json';

/**
 * The OpenAPI document as the routes describe it, built from a throwaway app on an empty
 * embedded database, so it is the same on every machine.
 */
export async function generateOpenApiDocument(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinakes-openapi-'));
  try {
    const config = loadConfig({}, { dataDir, jwtSecret: 'openapi-generation-only', logLevel: 'silent' });
    const { app } = await buildApp({ config, logger: false });
    try {
      await app.ready();
      const document = withAliasPaths(app.swagger() as Parameters<typeof withAliasPaths>[0]);
      return `${JSON.stringify(document, null, 2)}\n`;
    } finally {
      await app.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
