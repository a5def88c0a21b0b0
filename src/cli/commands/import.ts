import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { canAddMedia } from '../../access/library.access.js';
import { importDirectory, type ImportProgress } from '../../services/import.service.js';
import { requireUserByName } from '../../services/users.service.js';
import { withApp, type GlobalFlags } from '../context.js';

const PLAIN_EVERY_FILES = 50;

/** Progress for people (a bar on a terminal) or for logs (a line every few files). */
function progressReporter(stream: NodeJS.WriteStream) {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format:
          'importing [{bar}] {value}/{total} files | {imported} new, {skipped} skipped, {failed} failed',
        hideCursor: true,
        stream,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(progress: ImportProgress) {
        const payload = { imported: progress.imported, skipped: progress.skipped, failed: progress.failed };
        if (!started) {
          bar.start(progress.total, 0, payload);
          started = true;
        }
        bar.setTotal(progress.total);
        bar.update(progress.done, payload);
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let lastLine = 0;
  return {
    update(progress: ImportProgress) {
      if (progress.done - lastLine < PLAIN_EVERY_FILES && progress.done < progress.total) return;
      lastLine = progress.done;
      stream.write(
        `progress ${progress.done}/${progress.total} files: ${progress.imported} imported, ` +
          `${progress.skipped} skipped, ${progress.failed} failed\n`,
      );
    },
    stop: () => {},
  };
}

export function registerImportCommands(program: Command): void {
  program
    .command('import <dir>')
    .description(
      "copy every file under a directory into a user's library (runs here, not through the server)",
    )
    .requiredOption('--owner <name>', 'the user who will own the imported media')
    .action(async (dir: string, options: { owner: string }, command: Command) => {
      const directory = await fs.promises.realpath(path.resolve(dir)).catch(() => {
        throw new Error(`${dir} does not exist or cannot be read`);
      });
      if (!(await fs.promises.stat(directory)).isDirectory()) throw new Error(`${dir} is not a directory`);
      await withApp(command.optsWithGlobals<GlobalFlags>(), async ({ ctx }) => {
        const owner = await requireUserByName(ctx, options.owner);
        if (!canAddMedia(owner))
          throw new Error(`${owner.username} is a viewer, and viewers do not own media`);
        // Ctrl-C stops after the current file; a later run skips what was imported.
        const controller = new AbortController();
        const interrupt = () => controller.abort();
        process.once('SIGINT', interrupt);
        const reporter = progressReporter(process.stderr);
        try {
          const result = await importDirectory(ctx, {
            directory,
            ownerId: owner.id,
            signal: controller.signal,
            onProgress: (progress) => reporter.update(progress),
          });
          reporter.stop();
          const stopped = controller.signal.aborted ? ' (interrupted)' : '';
          process.stdout.write(
            `imported ${result.imported}, skipped ${result.skipped}, failed ${result.failed} ` +
              `of ${result.total} files for ${owner.username}${stopped}\n`,
          );
          if (controller.signal.aborted) process.exitCode = 130;
        } finally {
          reporter.stop();
          process.removeListener('SIGINT', interrupt);
        }
      });
    });
}
