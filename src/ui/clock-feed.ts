// Tells the interactive screen that the running clock changed the world (events ran), so
// live views (the fs_copy status lines) are drawn again between commands. The ticker emits;
// the app subscribes. Tests emit by hand after advancing the clock.

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
