import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

/** The two programs the video importer runs, and where they came from (for the report). */
export interface VideoTools {
  ffmpeg: string;
  ffprobe: string;
  /** `settings`, `PATH` or `package` (the optional @ffmpeg-installer/@ffprobe-installer builds). */
  source: string;
}

/** Paths set in Settings (null or absent: look on PATH, then in the optional packages). */
export interface VideoToolPaths {
  ffmpegPath?: string | null;
  ffprobePath?: string | null;
}

/** No usable ffmpeg or ffprobe: names the tool and every place that was looked at. */
export class MissingVideoToolError extends Error {
  constructor(
    readonly tool: 'ffmpeg' | 'ffprobe',
    looked: string[],
  ) {
    super(
      `${tool} not found: the video importer needs ${tool} (looked at ${looked.join('; ')}). ` +
        `Install ffmpeg (it brings ffprobe), or set the ${tool} path in Settings.`,
    );
    this.name = 'MissingVideoToolError';
  }
}

type Tool = 'ffmpeg' | 'ffprobe';

const require = createRequire(import.meta.url);

const PACKAGES: Record<Tool, string> = {
  ffmpeg: '@ffmpeg-installer/ffmpeg',
  ffprobe: '@ffprobe-installer/ffprobe',
};

/**
 * Finds ffmpeg and ffprobe: the paths set in Settings first (a set path that is not an
 * executable file is an error, not a reason to look elsewhere), then PATH, then the optional
 * installer packages. Each tool is looked up on its own, so a system ffmpeg may pair with a
 * packaged ffprobe.
 */
export function findVideoTools(
  paths: VideoToolPaths = {},
  env: NodeJS.ProcessEnv = process.env,
): VideoTools {
  const ffmpeg = findTool('ffmpeg', paths.ffmpegPath, env);
  const ffprobe = findTool('ffprobe', paths.ffprobePath, env);
  const sources = [...new Set([ffmpeg.source, ffprobe.source])];
  return { ffmpeg: ffmpeg.path, ffprobe: ffprobe.path, source: sources.join(' + ') };
}

function findTool(
  tool: Tool,
  configured: string | null | undefined,
  env: NodeJS.ProcessEnv,
): { path: string; source: string } {
  if (configured) {
    if (isExecutableFile(configured)) return { path: configured, source: 'settings' };
    throw new MissingVideoToolError(tool, [
      `the ${tool} path set in Settings, ${configured}, which is not an executable file`,
    ]);
  }
  const onPath = searchPath(tool, env);
  if (onPath) return { path: onPath, source: 'PATH' };
  const packaged = packagedTool(tool);
  if (packaged) return { path: packaged, source: 'package' };
  throw new MissingVideoToolError(tool, [
    'Settings (not set)',
    `PATH (${env.PATH || 'empty'})`,
    `the optional package ${PACKAGES[tool]} (not installed for this platform)`,
  ]);
}

function searchPath(tool: Tool, env: NodeJS.ProcessEnv): string | undefined {
  const names = process.platform === 'win32' ? [`${tool}.exe`] : [tool];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * The binary an optional installer package ships, if that package (and its per-platform build)
 * is installed: a guarded require, since optional dependencies may be absent.
 */
function packagedTool(tool: Tool): string | undefined {
  try {
    const loaded = require(PACKAGES[tool]) as { path?: string };
    return loaded.path && isExecutableFile(loaded.path) ? loaded.path : undefined;
  } catch {
    return undefined;
  }
}

function isExecutableFile(path: string): boolean {
  try {
    if (!existsSync(path) || !statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
