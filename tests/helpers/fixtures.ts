import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared media fixtures: beside the checkout (`../shared/fixtures`) unless PINAKES_FIXTURES_DIR says otherwise. */
export const FIXTURES = process.env.PINAKES_FIXTURES_DIR ?? path.resolve(REPO_ROOT, '../shared/fixtures');

export const fixturePath = (name: string): string => path.join(FIXTURES, name);

export const fixture = (name: string): Buffer => fs.readFileSync(fixturePath(name));
