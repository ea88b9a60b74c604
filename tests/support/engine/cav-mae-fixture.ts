import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The shared CAV-MAE fixture (`shared/fixtures/cav-mae/`, beside the checkout), or
 * `AVLAB_CAV_MAE_FIXTURES`. Missing fixtures fail the tests that need them, loudly.
 */
export function cavMaeFixture(file: string): string {
  const dir =
    process.env.AVLAB_CAV_MAE_FIXTURES ??
    fileURLToPath(new URL('../../../../shared/fixtures/cav-mae/', import.meta.url));
  const path = `${dir.replace(/\/$/, '')}/${file}`;
  if (!existsSync(path))
    throw new Error(`CAV-MAE fixture ${path} is missing (set AVLAB_CAV_MAE_FIXTURES)`);
  return path;
}
