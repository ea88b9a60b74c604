import { InvalidArgumentError } from 'commander';

/** Option parsers shared by the commands: each names what it expected. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

export function fraction(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a number from 0 to 1');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a positive number');
  return n;
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number ≥ 0');
  return n;
}

/** A comma-separated list, each item one of `allowed`. */
export function listOf<T extends string>(allowed: readonly T[]): (value: string) => T[] {
  return (value) => {
    const items = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = items.filter((i) => !allowed.includes(i as T));
    if (bad.length > 0 || items.length === 0) {
      throw new InvalidArgumentError(`expected a comma-separated list of ${allowed.join(', ')}`);
    }
    return items as T[];
  };
}

export function oneOf<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if (!allowed.includes(value as T))
      throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}`);
    return value as T;
  };
}
