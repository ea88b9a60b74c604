#!/usr/bin/env node
// Runs the TypeScript CLI straight from the checkout: tsx compiles it on load, with the
// project's tsconfig (for the @shared alias) whatever the caller's working directory is.
import { fileURLToPath } from 'node:url';

process.env.TSX_TSCONFIG_PATH ??= fileURLToPath(new URL('../tsconfig.json', import.meta.url));
const { register } = await import('tsx/esm/api');
register();
await import('../src-main/cli/main.ts');
