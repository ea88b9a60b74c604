// BullMQ 6 speaks to Redis through a driver it does not ship: `ioredis` or `redis` are optional
// peer dependencies, and neither is installed here. BullMQ defines the narrow interface it needs
// (IRedisClient: some 40 plain commands, Lua scripts, pipelines, one blocking pop) and accepts any
// implementation of it, so this file implements it over resp-connection.ts. The queue itself —
// jobs, locks, retries, stalled-job recovery — is BullMQ's, in its own Lua scripts.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { IRedisClient, IRedisTransaction } from 'bullmq';
import type { RedisEndpoint } from '../redis-url';
import { RespConnection } from './resp-connection';
import { RedisReplyError, type RespArg, type RespReply } from './resp-protocol';

interface Script {
  sha: string;
  lua: string;
  numberOfKeys: number;
}

/** ioredis passes undefined/null script arguments as '' (positions matter to the scripts). */
function scriptArgs(script: Script, raw: unknown[]): RespArg[] {
  const args = raw.length === 1 && Array.isArray(raw[0]) ? (raw[0] as unknown[]) : raw;
  const values = args.map((a) =>
    Buffer.isBuffer(a) ? a : a === undefined || a === null ? '' : String(a),
  );
  return [script.numberOfKeys, ...values];
}

const flatten = (data: Record<string, string | number>): RespArg[] =>
  Object.entries(data).flatMap(([k, v]) => [k, v]);

const toRecord = (reply: RespReply): Record<string, string> => {
  const list = (reply ?? []) as string[];
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[list[i]!] = list[i + 1]!;
  return out;
};

export class RespRedisClient extends EventEmitter implements IRedisClient {
  readonly isCluster = false;
  readonly options: Record<string, unknown>;
  private readonly connection: RespConnection;
  private readonly scripts: Map<string, Script>;
  private connectionName: string | undefined;

  constructor(endpoint: RedisEndpoint, scripts = new Map<string, Script>()) {
    super();
    this.options = { ...endpoint, maxRetriesPerRequest: null };
    this.scripts = scripts;
    this.connection = new RespConnection(endpoint);
    for (const event of ['connect', 'close', 'end', 'reconnecting', 'error'] as const)
      this.connection.on(event, (...args: unknown[]) => this.emit(event, ...args));
    this.connection.on('ready', () => {
      // ioredis names a connection before announcing it ready; BullMQ lists workers by name.
      const named = this.connectionName
        ? this.connection.call(['CLIENT', 'SETNAME', this.connectionName]).catch(() => null)
        : Promise.resolve(null);
      void named.then(() => this.emit('ready'));
    });
  }

  get status(): string {
    return this.connection.status;
  }

  set status(value: string) {
    // BullMQ marks a client it closed as 'end'.
    if (value === 'end') this.connection.disconnect(false);
  }

  async connect(): Promise<void> {
    await this.connection.connect();
    if (this.connectionName)
      await this.connection.call(['CLIENT', 'SETNAME', this.connectionName]).catch(() => null);
  }

  disconnect(reconnect = false): void {
    this.connection.disconnect(reconnect);
  }

  async quit(): Promise<string> {
    await this.connection.quit();
    return 'OK';
  }

  duplicate(overrides?: { connectionName?: string }): RespRedisClient {
    const copy = new RespRedisClient(this.connection.endpoint, new Map(this.scripts));
    copy.connectionName = overrides?.connectionName;
    for (const name of this.scripts.keys()) copy.exposeScript(name);
    return copy;
  }

  /** Raw command, for what BullMQ's interface does not cover (heartbeats, PING). */
  command(args: readonly RespArg[]): Promise<RespReply> {
    return this.connection.call(args);
  }

  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void {
    const sha = createHash('sha1').update(definition.lua).digest('hex');
    this.scripts.set(name, { sha, lua: definition.lua, numberOfKeys: definition.numberOfKeys });
    this.exposeScript(name);
  }

  async runCommand(name: string, args: unknown[]): Promise<unknown> {
    const script = this.scriptNamed(name);
    const rest = scriptArgs(script, args);
    try {
      return await this.connection.call(['EVALSHA', script.sha, ...rest]);
    } catch (error) {
      if (!(error instanceof RedisReplyError) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.connection.call(['EVAL', script.lua, ...rest]);
    }
  }

  multi(): IRedisTransaction {
    return new RespTransaction(this.connection, this.scripts, true);
  }

  pipeline(): IRedisTransaction {
    return new RespTransaction(this.connection, this.scripts, false);
  }

  async hgetall(key: string) {
    return toRecord(await this.connection.call(['HGETALL', key]));
  }
  async hget(key: string, field: string) {
    return (await this.connection.call(['HGET', key, field])) as string | null;
  }
  async hmget(key: string, ...fields: string[]) {
    return (await this.connection.call(['HMGET', key, ...fields])) as (string | null)[];
  }
  async hset(key: string, data: Record<string, string | number>) {
    return (await this.connection.call(['HSET', key, ...flatten(data)])) as number;
  }
  async hdel(key: string, ...fields: string[]) {
    return (await this.connection.call(['HDEL', key, ...fields])) as number;
  }
  async hexists(key: string, field: string) {
    return (await this.connection.call(['HEXISTS', key, field])) as number;
  }
  async get(key: string) {
    return (await this.connection.call(['GET', key])) as string | null;
  }
  async set(key: string, value: string | number, options?: { PX?: number; EX?: number }) {
    const expiry =
      options?.PX != null ? ['PX', options.PX] : options?.EX != null ? ['EX', options.EX] : [];
    return (await this.connection.call(['SET', key, value, ...expiry])) as string | null;
  }
  async del(...keys: string[]) {
    if (keys.length === 0) return 0;
    return (await this.connection.call(['DEL', ...keys])) as number;
  }
  async zrange(key: string, start: number, end: number, options?: { WITHSCORES?: boolean }) {
    const withScores = options?.WITHSCORES ? ['WITHSCORES'] : [];
    return (await this.connection.call(['ZRANGE', key, start, end, ...withScores])) as string[];
  }
  async zrevrange(key: string, start: number, end: number, options?: { WITHSCORES?: boolean }) {
    const withScores = options?.WITHSCORES ? ['WITHSCORES'] : [];
    return (await this.connection.call(['ZREVRANGE', key, start, end, ...withScores])) as string[];
  }
  async zcard(key: string) {
    return (await this.connection.call(['ZCARD', key])) as number;
  }
  async zscore(key: string, member: string) {
    return (await this.connection.call(['ZSCORE', key, member])) as string | null;
  }
  async lrange(key: string, start: number, end: number) {
    return (await this.connection.call(['LRANGE', key, start, end])) as string[];
  }
  async llen(key: string) {
    return (await this.connection.call(['LLEN', key])) as number;
  }
  async ltrim(key: string, start: number, end: number) {
    return (await this.connection.call(['LTRIM', key, start, end])) as string;
  }
  async lpos(key: string, value: string) {
    return (await this.connection.call(['LPOS', key, value])) as number | null;
  }
  async smembers(key: string) {
    return (await this.connection.call(['SMEMBERS', key])) as string[];
  }
  async xadd(
    key: string,
    id: string,
    fields: Record<string, string | number>,
    options?: { MAXLEN?: number; approximate?: boolean },
  ) {
    const trim =
      options?.MAXLEN != null
        ? ['MAXLEN', ...(options.approximate ? ['~'] : []), options.MAXLEN]
        : [];
    return (await this.connection.call(['XADD', key, ...trim, id, ...flatten(fields)])) as string;
  }
  async xread(
    streams: { key: string; id: string }[],
    options?: { BLOCK?: number; COUNT?: number },
  ) {
    const block = options?.BLOCK != null ? ['BLOCK', options.BLOCK] : [];
    const count = options?.COUNT != null ? ['COUNT', options.COUNT] : [];
    return this.connection.call([
      'XREAD',
      ...count,
      ...block,
      'STREAMS',
      ...streams.map((s) => s.key),
      ...streams.map((s) => s.id),
    ]);
  }
  async xtrim(
    key: string,
    strategy: 'MAXLEN',
    threshold: number,
    options?: { approximate?: boolean },
  ) {
    const approx = options?.approximate ? ['~'] : [];
    return (await this.connection.call(['XTRIM', key, strategy, ...approx, threshold])) as number;
  }
  async bzpopmin(key: string, timeout: number) {
    const reply = await this.connection.call(['BZPOPMIN', key, timeout]);
    return (reply as [string, string, string] | null) ?? null;
  }
  async info() {
    return (await this.connection.call(['INFO'])) as string;
  }
  async clientSetName(name: string) {
    return this.connection.call(['CLIENT', 'SETNAME', name]);
  }
  async clientList() {
    return (await this.connection.call(['CLIENT', 'LIST'])) as string;
  }
  async clientInfo() {
    return (await this.connection.call(['CLIENT', 'INFO'])) as string;
  }
  async scan(cursor: string | number, options: { MATCH?: string; COUNT?: number }) {
    const match = options.MATCH ? ['MATCH', options.MATCH] : [];
    const count = options.COUNT ? ['COUNT', options.COUNT] : [];
    return (await this.connection.call(['SCAN', cursor, ...match, ...count])) as [string, string[]];
  }
  scanStream(options: { match: string; count?: number }): Readable {
    const client = this;
    return Readable.from(
      (async function* () {
        let cursor = '0';
        do {
          const [next, keys] = await client.scan(cursor, {
            MATCH: options.match,
            COUNT: options.count,
          });
          cursor = next;
          if (keys.length > 0) yield keys;
        } while (cursor !== '0');
      })(),
      { objectMode: true },
    );
  }

  private scriptNamed(name: string): Script {
    const script = this.scripts.get(name);
    if (!script) throw new Error(`BullMQ: unknown command "${name}"`);
    return script;
  }

  /** ioredis exposes each script as a method; BullMQ checks for it before defining it again. */
  private exposeScript(name: string): void {
    (this as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
      this.runCommand(name, args);
  }
}

/**
 * MULTI … EXEC, or a plain pipeline: commands queued, then written at once. Scripts go as EVAL
 * (the source, not its sha): a transaction cannot retry one command on NOSCRIPT.
 */
class RespTransaction implements IRedisTransaction {
  private readonly commands: RespArg[][] = [];

  constructor(
    private readonly connection: RespConnection,
    private readonly scripts: Map<string, Script>,
    private readonly atomic: boolean,
  ) {}

  private add(args: RespArg[]): this {
    this.commands.push(args);
    return this;
  }
  hgetall(key: string) {
    return this.add(['HGETALL', key]);
  }
  hset(key: string, data: Record<string, string | number>) {
    return this.add(['HSET', key, ...flatten(data)]);
  }
  hscan(key: string, cursor: string | number, options?: { COUNT?: number }) {
    return this.add(['HSCAN', key, cursor, ...(options?.COUNT ? ['COUNT', options.COUNT] : [])]);
  }
  smembers(key: string) {
    return this.add(['SMEMBERS', key]);
  }
  sscan(key: string, cursor: string | number, options?: { COUNT?: number }) {
    return this.add(['SSCAN', key, cursor, ...(options?.COUNT ? ['COUNT', options.COUNT] : [])]);
  }
  zrange(key: string, start: number, end: number) {
    return this.add(['ZRANGE', key, start, end]);
  }
  lrange(key: string, start: number, end: number) {
    return this.add(['LRANGE', key, start, end]);
  }
  llen(key: string) {
    return this.add(['LLEN', key]);
  }
  del(...keys: string[]) {
    return this.add(['DEL', ...keys]);
  }
  runCommand(name: string, args: unknown[]) {
    const script = this.scripts.get(name);
    if (!script) throw new Error(`BullMQ: unknown command "${name}"`);
    return this.add(['EVAL', script.lua, ...scriptArgs(script, args)]);
  }

  async exec(): Promise<[Error | null, unknown][] | null> {
    if (this.commands.length === 0) return [];
    // HGETALL answers a flat list; ioredis (which BullMQ expects) gives a record.
    const shape = (args: RespArg[], reply: RespReply): [Error | null, unknown] =>
      reply instanceof RedisReplyError
        ? [reply, null]
        : [null, args[0] === 'HGETALL' ? toRecord(reply) : reply];
    if (!this.atomic) {
      const replies = await this.connection.callMany(this.commands);
      return replies.map((reply, i) => shape(this.commands[i]!, reply));
    }
    const replies = await this.connection.callMany([['MULTI'], ...this.commands, ['EXEC']]);
    const results = replies.at(-1);
    if (results instanceof RedisReplyError) throw results;
    if (results === null) return null; // a WATCHed key changed: the transaction did not run
    return (results as RespReply[]).map((reply, i) => shape(this.commands[i]!, reply));
  }
}
