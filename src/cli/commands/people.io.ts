/** Terminal input and output shared by the `user` and `group` commands. */

/** Prints rows as aligned columns under a header line. */
export function printTable(headers: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${[line(headers), ...rows.map(line)].join('\n')}\n`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      input.removeListener('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        // Ctrl-C, or Ctrl-D on an empty line: give up.
        if (char === '\u0003' || (char === '\u0004' && value.length === 0)) {
          return finish(new Error('cancelled'));
        }
        if (char === '\u0004') return finish();
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else value += char;
      }
    };
    process.stderr.write(question);
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}

/**
 * The password for a command: all of standard input with `--password-stdin` (one trailing
 * newline dropped), else typed twice at a terminal without echo. Never from an argument,
 * which other users of the machine could read in the process list.
 */
export async function readNewPassword(options: { passwordStdin?: boolean }): Promise<string> {
  if (options.passwordStdin) {
    const password = (await readStdin()).replace(/\r?\n$/, '');
    if (password.length === 0) throw new Error('no password on standard input');
    return password;
  }
  if (!process.stdin.isTTY) {
    throw new Error('no password given: pipe it in with --password-stdin, or run in a terminal');
  }
  const password = await promptHidden('Password: ');
  if (password.length === 0) throw new Error('no password given');
  if ((await promptHidden('Repeat password: ')) !== password) throw new Error('the passwords differ');
  return password;
}

/** Destructive commands ask for `--yes` rather than a prompt, so scripts behave the same. */
export function requireYes(options: { yes?: boolean }, what: string): void {
  if (!options.yes) throw new Error(`refusing to ${what} without --yes`);
}
