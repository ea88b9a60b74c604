import type { ApiEnvelope } from '@shared/api/envelope';
import type { ApiEvent } from '@shared/api/events';
import type { SaveFileRequest, SaveFileResult } from '@shared/app/save-file';
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import { IPC_CALL, IPC_EVENT, IPC_SAVE_FILE } from './ipc-channels';
import type { PreloadBridge } from './preload.d';

// The renderer gets three named functions, never ipcRenderer itself.
const bridge: PreloadBridge = {
  call: (method: string, params: unknown) =>
    ipcRenderer.invoke(IPC_CALL, method, params) as Promise<ApiEnvelope<unknown>>,
  onEvent: (listener: (event: ApiEvent) => void) => {
    const forward = (_: IpcRendererEvent, event: ApiEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, forward);
    };
  },
  saveFile: (request: SaveFileRequest) =>
    ipcRenderer.invoke(IPC_SAVE_FILE, request) as Promise<SaveFileResult>,
};

contextBridge.exposeInMainWorld('avlab', bridge);
