import type { z } from 'zod';

/** Reads a JSON column through its schema: a row written by a buggy or older version fails loudly. */
export function parseJsonColumn<T extends z.ZodType>(
  schema: T,
  text: string,
  where: string,
): z.output<T> {
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`Stored ${where} does not match its schema: ${parsed.error.message}`);
  return parsed.data;
}

export const nowIso = (): string => new Date().toISOString();
