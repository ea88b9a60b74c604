/** IPC channel names shared by the main process and the preload. */
export const IPC_CALL = 'avlab:call';
export const IPC_EVENT = 'avlab:event';
export const IPC_SAVE_FILE = 'avlab:save-file';
