import { fileURLToPath } from 'node:url';
import { type Command, InvalidArgumentError } from 'commander';
import { startApiRuntime } from '../../api/runtime';
import { startQueueFromSettings } from '../../distributed/queue-from-settings';
import { startWebServer } from '../../server/web-server';
import type { GlobalOptions } from '../output';

const RENDERER_DIR = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535 (0 picks a free one)');
  }
  return port;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the workbench (UI + API) on 127.0.0.1 for a browser')
    .option('--port <n>', 'port to listen on; 0 picks a free one', parsePort, 5177)
    .option('--token <token>', 'use this access token instead of a random one')
    .action(async (options: { port: number; token?: string }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const runtime = startApiRuntime({ home: globals.home, transport: 'http', startQueue: false });
      await startQueueFromSettings(runtime, (line) => process.stderr.write(`${line}\n`));
      const server = await startWebServer({
        runtime,
        staticDir: RENDERER_DIR,
        port: options.port,
        token: options.token,
      });
      // Scripts wait for this exact line.
      process.stdout.write(`AV Prompt Lab: ${server.url}\n`);
      const stop = async () => {
        await server.close();
        await runtime.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
