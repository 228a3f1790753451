/**
 * Runs `flush` one call at a time; what arrives while a call runs waits and goes into the next
 * one together. The consumer writes each settled part as soon as it can (results per AI call),
 * and parts that settle while a write is under way share the next write instead of each costing
 * a D1 batch and a hub report of its own. Each `add` settles when the flush holding it does.
 */
export function groupCommit<T>(flush: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let waiting: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let running = false;

  const drain = async () => {
    running = true;
    while (waiting.length > 0) {
      const taken = waiting;
      waiting = [];
      try {
        await flush(taken.map((entry) => entry.item));
        for (const entry of taken) entry.resolve();
      } catch (error) {
        for (const entry of taken) entry.reject(error);
      }
    }
    running = false;
  };

  return (item) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!running) void drain();
    });
}
