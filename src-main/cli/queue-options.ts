import { type Command, InvalidArgumentError } from 'commander';
import type { ApiRuntime } from '../api/runtime';
import { readDistributedSettings, workerToken } from '../distributed/distributed-settings';
import { redactRedisUrl } from '../distributed/redis-url';
import { type RunningCoordinator, startCoordinator } from '../distributed/start-coordinator';

export interface QueueFlags {
  queue?: string;
  local?: boolean;
  listen: { host: string; port: number };
  advertise?: string;
}

function hostPort(value: string): { host: string; port: number } {
  const match = /^(.+):(\d+)$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || port > 65535) throw new InvalidArgumentError('HOST:PORT, e.g. 0.0.0.0:5180');
  return { host: match[1]!, port };
}

/** The options of commands that train an experiment's runs: locally, or through a queue. */
export function withQueueOptions(command: Command): Command {
  return command
    .option('--queue <url>', 'dispatch runs to workers through this Redis URL (default: Settings)')
    .option('--local', 'train on this machine even when Settings name a queue')
    .option(
      '--listen <host:port>',
      "where workers reach this coordinator's API (0.0.0.0 for a lab network)",
      hostPort,
      { host: '127.0.0.1', port: 0 },
    )
    .option('--advertise <url>', 'the URL workers use, when not the listening address');
}

/**
 * Starts the coordinator when a queue is named (--queue, else the Settings queue URL) and not
 * --local; null when runs train here. Redis unreachable is an error naming the URL (without its
 * password), before any run is created.
 */
export async function coordinatorFor(
  runtime: ApiRuntime,
  flags: QueueFlags,
  log: (line: string) => void,
): Promise<RunningCoordinator | null> {
  if (flags.local) return null;
  const settings = readDistributedSettings(runtime.ctx.layout.root);
  const queueUrl = flags.queue ?? settings.queueUrl;
  if (!queueUrl) return null;
  const running = await startCoordinator(runtime, {
    queueUrl,
    host: flags.listen.host,
    port: flags.listen.port,
    advertise: flags.advertise,
    token: process.env.AVLAB_WORKER_TOKEN ?? workerToken(runtime.ctx.layout.root),
  });
  // The coordinator closes with the runtime (withRuntime closes it whatever happens).
  const closeRuntime = runtime.close;
  runtime.close = async () => {
    await running.close();
    await closeRuntime();
  };
  log(
    `dispatching runs to ${redactRedisUrl(queueUrl)}; workers reach this coordinator at ${running.server.url} ` +
      `with the worker token (AVLAB_WORKER_TOKEN, or in ${runtime.ctx.layout.root}/distributed.json)`,
  );
  return running;
}
