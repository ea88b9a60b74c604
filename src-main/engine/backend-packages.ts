import { createRequire } from 'node:module';
import type { BackendName } from '@shared/domain/backend';

const require = createRequire(import.meta.url);

/** The npm package behind each backend, best first. `cpu` ships inside @tensorflow/tfjs. */
export const BACKEND_PACKAGES: Record<BackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

/** Which backend packages resolve here, without loading any of them (a native load is once-only). */
export function installedBackends(): BackendName[] {
  return (Object.keys(BACKEND_PACKAGES) as BackendName[]).filter((name) => {
    try {
      require.resolve(BACKEND_PACKAGES[name]);
      return true;
    } catch {
      return false;
    }
  });
}
