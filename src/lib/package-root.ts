import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory of the installed package, found from a module's own file: `<root>/src/lib/x.ts`
 * when run from source (tsx), `<root>/dist/src/lib/x.js` when built. Fixed depths, not a walk up
 * to the first package.json: tsc copies package.json into dist/ too.
 */
export function packageRootOf(moduleFile: string): string {
  const levels = moduleFile.endsWith('.ts') ? 3 : 4;
  let dir = moduleFile;
  for (let level = 0; level < levels; level += 1) dir = path.dirname(dir);
  return dir;
}

export const PACKAGE_ROOT = packageRootOf(fileURLToPath(import.meta.url));
