/**
 * What `will-quit` does: hold the quit until the runtime has closed (workers stopped, database
 * checkpointed), then quit for real. A close that hangs or fails must not keep the app alive,
 * hence the deadline; a second quit while closing waits for the same close. `quit` should be
 * app.exit: a second app.quit() from will-quit after preventDefault may not quit (electron#33643).
 */
export function closeThenQuit(options: {
  close: () => Promise<void>;
  quit: () => void;
  deadlineMs: number;
  onError?: (error: unknown) => void;
}): { onWillQuit(event: { preventDefault(): void }): void } {
  let state: 'open' | 'closing' | 'closed' = 'open';
  return {
    onWillQuit(event) {
      if (state === 'closed') return;
      event.preventDefault();
      if (state === 'closing') return;
      state = 'closing';
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          options.onError?.(new Error(`the runtime did not close within ${options.deadlineMs} ms`));
          resolve();
        }, options.deadlineMs);
      });
      // Through a promise, so that a close that throws synchronously is caught like one that rejects.
      const closed = Promise.resolve()
        .then(options.close)
        .catch((error: unknown) => options.onError?.(error));
      void Promise.race([closed, deadline]).then(() => {
        clearTimeout(timer);
        state = 'closed';
        options.quit();
      });
    },
  };
}
