import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CspTarget, cspFor } from './content-security-policy';

const INDEX_HTML = join(import.meta.dirname, '../../src-renderer/index.html');

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

const TARGETS: CspTarget[] = [{ kind: 'meta' }, { kind: 'electron' }, { kind: 'web', port: 5177 }];

describe('cspFor', () => {
  it('is the policy in the <meta> tag of src-renderer/index.html', () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(
      readFileSync(INDEX_HTML, 'utf8'),
    );
    expect(meta?.[1]).toBe(cspFor({ kind: 'meta' }));
  });

  it('puts frame-ancestors in headers only, since a <meta> policy may not carry it', () => {
    expect(directives(cspFor({ kind: 'meta' })).has('frame-ancestors')).toBe(false);
    expect(directives(cspFor({ kind: 'electron' })).get('frame-ancestors')).toBe("'none'");
    expect(directives(cspFor({ kind: 'web', port: 1 })).get('frame-ancestors')).toBe("'none'");
  });

  it.each(TARGETS)(
    'runs only the app’s own scripts, no inline or eval, no plugins ($kind)',
    (t) => {
      const policy = directives(cspFor(t));
      expect(policy.get('script-src')).toBe("'self'");
      expect(policy.get('object-src')).toBe("'none'");
      expect(policy.get('base-uri')).toBe("'none'");
      expect(cspFor(t)).not.toContain('unsafe-eval');
    },
  );

  it.each(TARGETS)('lets no fetch directive reach another host ($kind)', (t) => {
    for (const [name, value] of directives(cspFor(t))) {
      if (name === 'connect-src') continue;
      for (const source of value.split(' ')) {
        expect(["'self'", "'none'", "'unsafe-inline'", 'data:', 'blob:']).toContain(source);
      }
    }
  });

  it('connects web mode to its own port only, Electron to nothing but itself', () => {
    expect(directives(cspFor({ kind: 'web', port: 5177 })).get('connect-src')).toBe(
      "'self' ws://127.0.0.1:5177 ws://localhost:5177",
    );
    expect(directives(cspFor({ kind: 'electron' })).get('connect-src')).toBe("'self'");
  });
});
