import { describe, expect, it } from 'vitest';
import { encodeCommand, RedisReplyError, RespParser } from './resp-protocol';

describe('RESP2', () => {
  it('encodes a command as an array of bulk strings, bytes counted, buffers kept as they are', () => {
    expect(encodeCommand(['SET', 'ké', 12]).toString()).toBe(
      '*3\r\n$3\r\nSET\r\n$3\r\nké\r\n$2\r\n12\r\n',
    );
    const packed = Buffer.from([0x93, 0x00, 0x0d, 0x0a]);
    const encoded = encodeCommand(['EVAL', packed]);
    expect(encoded.subarray(encoded.length - 6, encoded.length - 2)).toEqual(packed);
  });

  it('reads every reply type, however the bytes are cut into chunks', () => {
    const wire = Buffer.from(
      '+OK\r\n-NOSCRIPT No matching script\r\n:42\r\n$-1\r\n$3\r\nhé\r\n$4\r\na\r\nb\r\n*2\r\n*1\r\n:1\r\n$0\r\n\r\n*-1\r\n',
    );
    const replies: unknown[] = [];
    for (let size = 1; size <= wire.length; size++) {
      const parser = new RespParser();
      const got: unknown[] = [];
      for (let at = 0; at < wire.length; at += size)
        got.push(...parser.push(wire.subarray(at, at + size)));
      if (size === 1) replies.push(...got);
      expect(got).toEqual(replies);
    }
    expect(replies[0]).toBe('OK');
    expect(replies[1]).toBeInstanceOf(RedisReplyError);
    expect((replies[1] as Error).message).toBe('NOSCRIPT No matching script');
    expect(replies.slice(2)).toEqual([42, null, 'hé', 'a\r\nb', [[1], ''], null]);
  });
});
