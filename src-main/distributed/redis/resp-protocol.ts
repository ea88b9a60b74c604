// RESP2, the Redis wire protocol: commands out as arrays of bulk strings, replies in as one of
// five types. Small enough to write out; see the redis-client.ts header for why we need it.

export type RespArg = string | number | Buffer;
export type RespReply = string | number | null | RespReply[] | RedisReplyError;

/** An error reply (`-ERR …`): a value in a pipeline, a rejection for a single command. */
export class RedisReplyError extends Error {
  override name = 'RedisReplyError';
}

/** One command as RESP: `*<n>\r\n` then `$<len>\r\n<bytes>\r\n` per argument. */
export function encodeCommand(args: readonly RespArg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), 'utf8');
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

const CRLF = Buffer.from('\r\n');
const INCOMPLETE = Symbol('incomplete');

/**
 * Reads replies from a byte stream that arrives in arbitrary chunks: `push` the chunk, then take
 * every complete reply. Bulk strings are decoded as UTF-8 (BullMQ stores JSON and numbers).
 */
export class RespParser {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): RespReply[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const replies: RespReply[] = [];
    let offset = 0;
    for (;;) {
      const parsed = this.parse(offset);
      if (parsed === INCOMPLETE) break;
      replies.push(parsed.value);
      offset = parsed.next;
    }
    this.buffer = offset === this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(offset);
    return replies;
  }

  reset(): void {
    this.buffer = Buffer.alloc(0);
  }

  private parse(offset: number): { value: RespReply; next: number } | typeof INCOMPLETE {
    const end = this.buffer.indexOf(CRLF, offset);
    if (end < 0) return INCOMPLETE;
    const type = String.fromCharCode(this.buffer[offset]!);
    const line = this.buffer.toString('utf8', offset + 1, end);
    const next = end + 2;
    switch (type) {
      case '+':
        return { value: line, next };
      case '-':
        return { value: new RedisReplyError(line), next };
      case ':':
        return { value: Number(line), next };
      case '$': {
        const length = Number(line);
        if (length < 0) return { value: null, next };
        if (this.buffer.length < next + length + 2) return INCOMPLETE;
        return {
          value: this.buffer.toString('utf8', next, next + length),
          next: next + length + 2,
        };
      }
      case '*': {
        const count = Number(line);
        if (count < 0) return { value: null, next };
        const items: RespReply[] = [];
        let at = next;
        for (let i = 0; i < count; i++) {
          const item = this.parse(at);
          if (item === INCOMPLETE) return INCOMPLETE;
          items.push(item.value);
          at = item.next;
        }
        return { value: items, next: at };
      }
      default:
        throw new Error(`not a RESP reply: type byte ${JSON.stringify(type)}`);
    }
  }
}
