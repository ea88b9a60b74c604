import { BACKENDS, type BackendName } from '@shared/domain/backend';
import { type Command, InvalidArgumentError } from 'commander';
import { startRemoteWorker } from '../../distributed/remote-worker';
import { resolveDataDir } from '../../home';
import { type GlobalOptions, reportFailure } from '../output';
import { positiveInt, positiveNumber } from '../parsers';

function backendName(value: string): BackendName {
  if (!(BACKENDS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`one of ${BACKENDS.join(', ')}`);
  return value as BackendName;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('train runs of distributed sweeps: take them from a Redis queue until stopped')
    .requiredOption(
      '--queue <url>',
      'the Redis/Valkey URL of the queue: redis://HOST:PORT[/DB] (default: $AVLAB_QUEUE_URL, which keeps a password out of the process list)',
      process.env.AVLAB_QUEUE_URL,
    )
    .option('--token <token>', "the coordinator's worker token (default: $AVLAB_WORKER_TOKEN)")
    .option('--concurrency <n>', 'runs trained at once', positiveInt, 1)
    .option('--backend <name>', `force a backend (${BACKENDS.join(', ')})`, backendName)
    .option('--cores <n>', 'cores for training, split among concurrent runs', positiveInt)
    .option('--shared <dir>', "a mount of the coordinator's data directory, read before HTTP")
    .option(
      '--stall-seconds <s>',
      'a worker silent this long has its run retried elsewhere',
      positiveNumber,
      30,
    )
    .action(
      async (
        flags: {
          queue: string;
          token?: string;
          concurrency: number;
          backend?: BackendName;
          cores?: number;
          shared?: string;
          stallSeconds: number;
        },
        command: Command,
      ) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        const token = flags.token ?? process.env.AVLAB_WORKER_TOKEN;
        try {
          if (!token)
            throw new Error(
              "a worker needs the coordinator's token: --token or AVLAB_WORKER_TOKEN (it is in the coordinator's distributed.json)",
            );
          const worker = await startRemoteWorker({
            queueUrl: flags.queue,
            token,
            home: resolveDataDir(globals.home),
            concurrency: flags.concurrency,
            backendOverride: flags.backend ?? null,
            cores: flags.cores ?? null,
            shared: flags.shared ?? null,
            lockMs: Math.round(flags.stallSeconds * 1000),
            log: (line) => process.stderr.write(`${line}\n`),
          });
          // Scripts wait for this exact line.
          process.stdout.write(`avlab worker ${worker.id}: waiting for runs\n`);
          const stop = async () => {
            await worker.close();
            process.exit(0);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        } catch (error) {
          reportFailure(error, globals.json);
        }
      },
    );
}
