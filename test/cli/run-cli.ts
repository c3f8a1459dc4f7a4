/** Runs `main` in-process with captured output. */
import { main } from '../../src/node/cli';
import { MemorySink } from '../../src/node/cli-output';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `argv`; `stdin` is what `-` reads. */
export async function runCli(argv: string[], stdin: string | Uint8Array = ''): Promise<CliRun> {
  const stdout = new MemorySink();
  const stderr = new MemorySink();
  const bytes = typeof stdin === 'string' ? new TextEncoder().encode(stdin) : stdin;
  const status = await main(argv, {
    stdout,
    stderr,
    stdin: () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          if (bytes.byteLength > 0) controller.enqueue(bytes);
          controller.close();
        },
      }),
  });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}
