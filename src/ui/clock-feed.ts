// Tells the interactive screen that the running clock moved (and maybe ran events), so live
// views (progress bars, a `watch`) are drawn again and notices printed between commands.
// The ticker emits; the app subscribes. Tests emit by hand after advancing the clock.

export interface ClockFeed {
  /** Calls `listener` after each emit; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

export interface ClockSource extends ClockFeed {
  emit(): void;
}

export function createClockFeed(): ClockSource {
  const listeners = new Set<() => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    emit() {
      for (const l of [...listeners]) l();
    },
  };
}
