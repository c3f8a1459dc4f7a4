/** Runs `main` in-process with captured output. */
import { main } from '../../src/node/cli';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `argv`; `stdin` is what `-` reads. */
export async function runCli(argv: string[], stdin: string | Uint8Array = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => (typeof stdin === 'string' ? new TextEncoder().encode(stdin) : stdin),
  });
  return { status, stdout, stderr };
}
