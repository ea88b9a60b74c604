import type { ApiEvent } from '@shared/api/events';

export type EventListener = (event: ApiEvent) => void;

/** Fans events from the main side out to every subscriber (IPC windows, WebSocket clients, CLI). */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ApiEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // One broken subscriber (a closed socket) must not starve the others.
        console.error('event listener failed:', error);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
