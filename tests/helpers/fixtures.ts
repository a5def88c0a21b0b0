import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Small real media files with known metadata, and hostile ones (tests/fixtures/README.md says what each yields). */
export const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures');

export const fixturePath = (name: string): string => path.join(FIXTURES, name);

export const fixture = (name: string): Buffer => fs.readFileSync(fixturePath(name));
