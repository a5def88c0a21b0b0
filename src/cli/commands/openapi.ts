import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { generateOpenApiDocument, OPENAPI_FILE } from '../../openapi/document.js';

export function registerOpenApiCommands(program: Command): void {
  program
    .command('openapi')
    .description(`write the OpenAPI document (default ${OPENAPI_FILE})`)
    .option('-o, --out <file>', 'where to write it; - for standard output', OPENAPI_FILE)
    .action(async (options: { out: string }) => {
      const document = await generateOpenApiDocument();
      if (options.out === '-') {
        process.stdout.write(document);
        return;
      }
      fs.mkdirSync(path.dirname(options.out), { recursive: true });
      fs.writeFileSync(options.out, document);
      process.stdout.write(`wrote ${options.out}\n`);
    });
}
