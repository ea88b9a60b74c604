import { join } from 'node:path';
import { BrowserWindow } from 'electron';
import type { AppPage } from './app-page';

export const RENDERER_INDEX = join(import.meta.dirname, '../renderer/index.html');

/** The one main window, locked down: isolated, sandboxed, no Node in the page. */
export function createMainWindow(page: AppPage): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'AV Prompt Lab',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  // loadURL with the very URL the IPC and navigation checks compare against.
  void window.loadURL(page.url);
  return window;
}
