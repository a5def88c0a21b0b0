import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/*
 * ffprobe and ffmpeg are optional: when installed they give video facts and frame
 * thumbnails; without them Pinakes reads what it can itself.
 */

const found = new Map<string, string | null>();

/** The absolute path of an executable on PATH, or null (looked up once per process). */
export function findExecutable(name: string): string | null {
  const cached = found.get(name);
  if (cached !== undefined) return cached;
  let result: string | null = null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) {
        result = candidate;
        break;
      }
    } catch {
      // Not here.
    }
  }
  found.set(name, result);
  return result;
}

/** Runs a tool with a time limit and a cap on its output; resolves with stdout. */
export function runTool(
  file: string,
  args: string[],
  options: { timeoutMs: number; maxBytes: number; binary?: boolean },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: options.timeoutMs, maxBuffer: options.maxBytes, encoding: 'buffer', windowsHide: true },
      (error: Error | null, stdout: Buffer) => (error ? reject(error) : resolve(stdout)),
    );
  });
}
