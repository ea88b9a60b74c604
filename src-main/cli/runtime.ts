import type { Command } from 'commander';
import { type ApiRuntime, startApiRuntime } from '../api/runtime';
import { type GlobalOptions, reportFailure } from './output';

/** "avlab experiment run", as the user typed it (options left out). */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Runs a command against the in-process API, closing it (and its workers) whatever happens. The
 * queue stays stopped: a command that runs work starts it (watchRuns, eval), so that reading never
 * starts, cancels or marks a run.
 */
export async function withRuntime(
  command: Command,
  body: (runtime: ApiRuntime, globals: GlobalOptions) => Promise<void>,
): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  let runtime: ApiRuntime | null = null;
  try {
    runtime = startApiRuntime({
      home: globals.home,
      transport: 'cli',
      startQueue: false,
      holder: commandPath(command),
    });
    await body(runtime, globals);
  } catch (error) {
    reportFailure(error, globals.json);
  } finally {
    await runtime?.close();
  }
}
