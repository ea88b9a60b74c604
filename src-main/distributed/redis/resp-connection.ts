import { EventEmitter } from 'node:events';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { ConnectionClosedError } from 'bullmq';
import type { RedisEndpoint } from '../redis-url';
import {
  encodeCommand,
  RedisReplyError,
  type RespArg,
  RespParser,
  type RespReply,
} from './resp-protocol';

/** BullMQ reads these words (RedisConnection.waitUntilReady): wait → connecting → ready → end. */
export type ConnectionStatus = 'wait' | 'connecting' | 'ready' | 'reconnecting' | 'end';

interface Pending {
  resolve(reply: RespReply): void;
  reject(error: Error): void;
}

const CONNECT_TIMEOUT_MS = 5000;

/**
 * One connection to Redis: commands are answered in the order they were sent (RESP), so each
 * waits in a FIFO. A connection that drops after it was ready reconnects with a growing delay
 * (1 s … 20 s, as BullMQ's own default) and fails what was in flight; the first connect fails
 * at once, so that a wrong URL is reported rather than retried forever.
 */
export class RespConnection extends EventEmitter {
  status: ConnectionStatus = 'wait';
  private socket: Socket | null = null;
  private readonly parser = new RespParser();
  private pending: Pending[] = [];
  private everReady = false;
  private closing = false;
  private attempts = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;

  constructor(readonly endpoint: RedisEndpoint) {
    super();
  }

  connect(): Promise<void> {
    if (this.status === 'ready') return Promise.resolve();
    this.closing = false;
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** Sends one command; resolves with its reply, rejects with an error reply. */
  call(args: readonly RespArg[]): Promise<RespReply> {
    if (this.status !== 'ready' || !this.socket) return Promise.reject(new ConnectionClosedError());
    return new Promise((resolve, reject) => {
      this.pending.push({
        resolve: (reply) => (reply instanceof RedisReplyError ? reject(reply) : resolve(reply)),
        reject,
      });
      this.socket!.write(encodeCommand(args));
    });
  }

  /** Sends commands back to back; every reply comes back, error replies as values. */
  callMany(commands: readonly (readonly RespArg[])[]): Promise<RespReply[]> {
    if (this.status !== 'ready' || !this.socket) return Promise.reject(new ConnectionClosedError());
    const replies = commands.map(
      () => new Promise<RespReply>((resolve, reject) => this.pending.push({ resolve, reject })),
    );
    this.socket.write(Buffer.concat(commands.map(encodeCommand)));
    return Promise.all(replies);
  }

  /** Closes now; in-flight commands (a blocking BZPOPMIN) fail as closed. */
  disconnect(reconnect = false): void {
    this.closing = !reconnect;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.socket?.destroy();
    if (!this.socket && !reconnect) this.ended();
  }

  async quit(): Promise<void> {
    if (this.status === 'ready') await this.call(['QUIT']).catch(() => undefined);
    this.disconnect(false);
  }

  private open(): Promise<void> {
    const { host, port, tls } = this.endpoint;
    this.status = this.everReady ? 'reconnecting' : 'connecting';
    return new Promise<void>((resolve, reject) => {
      const socket = tls
        ? tlsConnect({ host, port, servername: host })
        : netConnect({ host, port });
      socket.setNoDelay(true);
      socket.setTimeout(CONNECT_TIMEOUT_MS, () =>
        socket.destroy(new Error(`connect ETIMEDOUT ${host}:${port}`)),
      );
      let settled = false;
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        socket.setTimeout(0);
        this.socket = socket;
        this.parser.reset();
        this.handshake()
          .then(() => {
            settled = true;
            this.attempts = 0;
            this.everReady = true;
            this.status = 'ready';
            this.emit('connect');
            this.emit('ready');
            resolve();
          })
          .catch((error: Error) => socket.destroy(error));
      });
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
      socket.on('error', (error) => {
        if (!settled) return;
        if (!this.closing) this.emit('error', error);
      });
      socket.once('close', () => {
        const error = (socket as Socket & { errored?: Error }).errored;
        this.socket = null;
        this.failPending();
        if (!settled) {
          settled = true;
          this.status = 'end';
          reject(error ?? new ConnectionClosedError());
          return;
        }
        this.emit('close');
        if (this.closing) this.ended();
        else this.scheduleReconnect();
      });
    });
  }

  /** AUTH and SELECT go first, before the connection counts as ready. */
  private async handshake(): Promise<void> {
    const { username, password, db } = this.endpoint;
    this.status = 'ready'; // so that call() sends; reset by the caller on failure
    try {
      if (password !== undefined)
        await this.call(username ? ['AUTH', username, password] : ['AUTH', password]);
      if (db !== 0) await this.call(['SELECT', db]);
    } catch (error) {
      this.status = 'connecting';
      throw error;
    }
  }

  private scheduleReconnect(): void {
    this.status = 'reconnecting';
    this.emit('reconnecting');
    const delay = Math.max(Math.min(Math.exp(++this.attempts), 20_000), 1000);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch((error: Error) => {
        if (this.closing) return;
        this.emit('error', error);
        this.scheduleReconnect();
      });
    }, delay);
  }

  private ended(): void {
    if (this.status === 'end') return;
    this.status = 'end';
    this.emit('end');
  }

  private onData(chunk: Buffer): void {
    for (const reply of this.parser.push(chunk)) this.pending.shift()?.resolve(reply);
  }

  private failPending(): void {
    for (const waiter of this.pending.splice(0)) waiter.reject(new ConnectionClosedError());
  }
}
