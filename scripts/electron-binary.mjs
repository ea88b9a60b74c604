// Where the Electron binary is, if it was downloaded. Requiring `electron` throws when it was not.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** @returns {{ path: string } | { missing: string }} */
export function electronBinary() {
  try {
    return { path: require('electron') };
  } catch (error) {
    return { missing: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}
