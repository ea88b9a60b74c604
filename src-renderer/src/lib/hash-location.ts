import { useSyncExternalStore } from 'react';

/**
 * Hash routing with the query inside the hash: `#/compare?id=1` is the Compare page with
 * `id=1`. wouter's own hash hook takes the whole hash as the path (so `/compare?id=1` matched no
 * route and fell through to the redirect) and reads the query from `location.search`, which in
 * web mode holds the access token. Here the path is the hash before `?`, the search the hash
 * after it, and navigation writes both into the hash, leaving `location.search` alone.
 */

const listeners = new Set<() => void>();
const onHashChange = () => {
  for (const listener of listeners) listener();
};

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) addEventListener('hashchange', onHashChange);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) removeEventListener('hashchange', onHashChange);
  };
}

/** [path, search] of the current hash; the leading '#' and '/' are optional. */
export function splitHash(hash: string): [string, string] {
  const raw = hash.replace(/^#?\/?/, '');
  const at = raw.indexOf('?');
  return at < 0 ? [`/${raw}`, ''] : [`/${raw.slice(0, at)}`, raw.slice(at + 1)];
}

const currentPath = () => splitHash(location.hash)[0];
const currentSearch = () => splitHash(location.hash)[1];

export function navigateInHash(
  to: string,
  { replace = false, state = null }: { replace?: boolean; state?: unknown } = {},
): void {
  const oldURL = location.href;
  const url = new URL(oldURL);
  url.hash = `/${to.replace(/^#?\/?/, '')}`;
  history[replace ? 'replaceState' : 'pushState'](state, '', url.href);
  dispatchEvent(new HashChangeEvent('hashchange', { oldURL, newURL: url.href }));
}

export function useHashPathLocation(): [string, typeof navigateInHash] {
  return [useSyncExternalStore(subscribe, currentPath, () => '/'), navigateInHash];
}

/** wouter reads these from the location hook: the search hook and how links are written. */
useHashPathLocation.searchHook = () => useSyncExternalStore(subscribe, currentSearch, () => '');
useHashPathLocation.hrefs = (href: string) => `#${href}`;
