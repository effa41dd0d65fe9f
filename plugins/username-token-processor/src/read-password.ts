/**
 * Reads a password for the CLI. From a pipe or file, the first line of stdin (so scripts can run
 * `printf 'secret\n' | sts-user add bob ...`); from a terminal, twice without echo, so a typo cannot become
 * the stored password unnoticed.
 */
import { createInterface } from 'node:readline';

/** Reads the password; rejects when stdin closes before a line, or when the two typed entries differ. @public */
export async function readPassword(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (!stdin.isTTY) return readFirstLine(stdin);
  const first = await readHidden(stdin, 'Password: ');
  const second = await readHidden(stdin, 'Repeat password: ');
  if (first !== second) throw new Error('the passwords do not match');
  return first;
}

function readFirstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stdin, crlfDelay: Infinity });
    let answered = false;
    lines.once('line', (line) => {
      answered = true;
      lines.close();
      resolve(line);
    });
    lines.once('close', () => {
      if (!answered) reject(new Error('no password on stdin (expected one line)'));
    });
  });
}

function readHidden(stdin: NodeJS.ReadStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = Array.from(value).slice(0, -1).join('');
        else value += ch;
      }
    };
    process.stderr.write(prompt);
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}
