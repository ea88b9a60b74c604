import { app, BrowserWindow, ipcMain, Menu } from 'electron';
import { dispatch } from '../api/dispatch';
import { type ApiRuntime, startApiRuntime } from '../api/runtime';
import { IPC_CALL, IPC_EVENT } from './ipc-channels';
import { buildMenu } from './menu';
import { blockNavigation, createMainWindow } from './window';

let runtime: ApiRuntime | null = null;

function bindApi(api: ApiRuntime): void {
  ipcMain.handle(IPC_CALL, (_, method: unknown, params: unknown) =>
    dispatch(api.handlers, typeof method === 'string' ? method : '', params),
  );
  api.ctx.events.subscribe((event) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IPC_EVENT, event);
  });
}

// The worker threads' scripts are built beside this bundle (see jobs/worker-entry.ts).
process.env.AVLAB_BUNDLE_DIR = import.meta.dirname;
app.setName('AV Prompt Lab');
blockNavigation();

app.whenReady().then(() => {
  const homeFlag = process.argv.find((a) => a.startsWith('--home='))?.slice('--home='.length);
  runtime = startApiRuntime({ home: homeFlag, transport: 'ipc' });
  bindApi(runtime);
  Menu.setApplicationMenu(buildMenu());
  createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  runtime?.close();
  runtime = null;
});
