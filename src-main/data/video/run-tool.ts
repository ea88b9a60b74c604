import { spawn } from 'node:child_process';

export interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** The last few KiB of stderr: ffmpeg's reason for a failure is at its end. */
  stderr: string;
}

const STDERR_TAIL = 4096;
const STDOUT_LIMIT = 4 * 1024 * 1024;

/**
 * Runs ffmpeg or ffprobe without a shell (arguments are passed as they are, so no file name is
 * ever interpreted) and collects its output. A run longer than `timeoutMs` is killed: a damaged
 * file must not hang an import of thousands.
 */
export function runTool(
  program: string,
  args: string[],
  options: { timeoutMs?: number } = {},
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (stdout.length < STDOUT_LIMIT) stdout += chunk;
    });
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The last non-empty line of a tool's stderr: its error message, without the noise before it. */
export function lastLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? '';
}
