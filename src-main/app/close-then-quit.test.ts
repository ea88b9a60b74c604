import { describe, expect, it, vi } from 'vitest';
import { closeThenQuit } from './close-then-quit';

function quitEvent() {
  return { preventDefault: vi.fn() };
}

describe('closeThenQuit', () => {
  it('holds the quit until the runtime has closed, then quits once', async () => {
    let finishClose!: () => void;
    const close = vi.fn(() => new Promise<void>((resolve) => (finishClose = resolve)));
    const quit = vi.fn();
    const guard = closeThenQuit({ close, quit, deadlineMs: 10_000 });

    const first = quitEvent();
    guard.onWillQuit(first);
    expect(first.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(close).toHaveBeenCalled());
    expect(quit).not.toHaveBeenCalled();

    finishClose();
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1));

    // The quit it triggers comes back through will-quit and must now pass.
    const again = quitEvent();
    guard.onWillQuit(again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('does not close twice when quit is asked again while closing', async () => {
    let finishClose!: () => void;
    const close = vi.fn(() => new Promise<void>((resolve) => (finishClose = resolve)));
    const quit = vi.fn();
    const guard = closeThenQuit({ close, quit, deadlineMs: 10_000 });
    guard.onWillQuit(quitEvent());
    const second = quitEvent();
    guard.onWillQuit(second);
    expect(second.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(close).toHaveBeenCalled());
    guard.onWillQuit(quitEvent());
    expect(close).toHaveBeenCalledTimes(1);
    finishClose();
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1));
  });

  it('still quits, and reports, when closing fails', async () => {
    const quit = vi.fn();
    const onError = vi.fn();
    const guard = closeThenQuit({
      close: () => Promise.reject(new Error('disk gone')),
      quit,
      deadlineMs: 10_000,
      onError,
    });
    guard.onWillQuit(quitEvent());
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1));
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'disk gone' }));
  });

  it('still quits when closing throws before returning a promise', async () => {
    const quit = vi.fn();
    const guard = closeThenQuit({
      close: () => {
        throw new Error('not started');
      },
      quit,
      deadlineMs: 10_000,
    });
    guard.onWillQuit(quitEvent());
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1));
  });

  it('quits at the deadline when closing hangs', async () => {
    const quit = vi.fn();
    const onError = vi.fn();
    const guard = closeThenQuit({
      close: () => new Promise(() => {}),
      quit,
      deadlineMs: 20,
      onError,
    });
    guard.onWillQuit(quitEvent());
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1));
    expect(onError.mock.calls[0]?.[0]).toBeInstanceOf(Error);
  });
});
