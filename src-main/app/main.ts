import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import { dispatch } from '../api/dispatch';
import { type ApiRuntime, startApiRuntime } from '../api/runtime';
import { startQueueFromSettings } from '../distributed/queue-from-settings';
import { appPageFor, isAppPage } from './app-page';
import { closeThenQuit } from './close-then-quit';
import { IPC_CALL, IPC_EVENT, IPC_SAVE_FILE } from './ipc-channels';
import { isTrustedSender, UNTRUSTED_SENDER } from './ipc-sender';
import { buildMenu } from './menu';
import { saveFileWithDialog } from './save-file';
import { addPolicyHeaders, denyAllPermissions, guardWebContents } from './security';
import { createMainWindow, RENDERER_INDEX } from './window';

/** How long a quit waits for running jobs to stop and the database to close. */
const CLOSE_DEADLINE_MS = 15_000;

const page = appPageFor({
  isPackaged: app.isPackaged,
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  rendererIndexPath: RENDERER_INDEX,
});
let runtime: ApiRuntime | null = null;

function bindApi(api: ApiRuntime): void {
  ipcMain.handle(IPC_CALL, (event, method: unknown, params: unknown) => {
    if (!isTrustedSender(event.senderFrame, page)) return UNTRUSTED_SENDER;
    return dispatch(api.handlers, typeof method === 'string' ? method : '', params);
  });
  ipcMain.handle(IPC_SAVE_FILE, (event, request: unknown) => {
    if (!isTrustedSender(event.senderFrame, page)) {
      return { status: 'failed', message: 'Only the app’s own page may save files.' };
    }
    const window = BrowserWindow.fromWebContents(event.sender);
    return saveFileWithDialog(
      request,
      (options) =>
        window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options),
      app.getPath('documents'),
    );
  });
  api.ctx.events.subscribe((event) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (isAppPage(window.webContents.getURL(), page)) window.webContents.send(IPC_EVENT, event);
    }
  });
}

function focusMainWindow(): void {
  const [window] = BrowserWindow.getAllWindows();
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.focus();
}

// A second instance would open the same data directory and fight over the queue: hand over.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // The worker threads' scripts are built beside this bundle (see jobs/worker-entry.ts).
  process.env.AVLAB_BUNDLE_DIR = import.meta.dirname;
  app.setName('AV Prompt Lab');
  app.enableSandbox();
  guardWebContents(page);
  app.on('second-instance', focusMainWindow);

  app.whenReady().then(() => {
    denyAllPermissions(session.defaultSession);
    addPolicyHeaders(session.defaultSession);
    const homeFlag = process.argv.find((a) => a.startsWith('--home='))?.slice('--home='.length);
    runtime = startApiRuntime({ home: homeFlag, transport: 'ipc', startQueue: false });
    // Through the Settings queue when one is set and reachable, else here.
    void startQueueFromSettings(runtime, (line) => console.info(line));
    bindApi(runtime);
    Menu.setApplicationMenu(buildMenu());
    createMainWindow(page);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow(page);
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  const quitGuard = closeThenQuit({
    close: async () => {
      await runtime?.close();
      runtime = null;
    },
    quit: () => app.exit(0),
    deadlineMs: CLOSE_DEADLINE_MS,
    onError: (error) => console.error('closing the runtime failed:', error),
  });
  app.on('will-quit', (event) => quitGuard.onWillQuit(event));
}
