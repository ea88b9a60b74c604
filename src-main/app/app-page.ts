import { pathToFileURL } from 'node:url';

/**
 * Where the renderer is loaded from: the built index.html, or electron-vite's dev server when
 * developing. The one place that answers "is this URL our own page?" for IPC and navigation.
 */
export type AppPage = { kind: 'file'; url: string } | { kind: 'dev'; url: string };

export function appPageFor(options: {
  isPackaged: boolean;
  devServerUrl: string | undefined;
  rendererIndexPath: string;
}): AppPage {
  if (!options.isPackaged && options.devServerUrl) {
    return { kind: 'dev', url: options.devServerUrl };
  }
  return { kind: 'file', url: pathToFileURL(options.rendererIndexPath).href };
}

function parse(url: string | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True for the app's own page and its hash routes. A file:// page is trusted by its exact path,
 * not by origin: every file:// page shares the opaque origin "null", so an HTML file opened from
 * a dataset folder would otherwise pass.
 */
export function isAppPage(url: string | undefined, page: AppPage): boolean {
  const candidate = parse(url);
  const own = parse(page.url);
  if (!candidate || !own) return false;
  if (page.kind === 'dev') return candidate.origin === own.origin;
  return (
    candidate.protocol === 'file:' &&
    candidate.host === own.host &&
    decodedPath(candidate) === decodedPath(own)
  );
}

/** Chromium and Node escape a few path characters differently (a quote, brackets): compare decoded. */
function decodedPath(url: URL): string | null {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
}
