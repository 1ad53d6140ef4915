// Long loops on the main thread (hashing a tree for a checkpoint, seeding hashes after a reload)
// give the page back between slices: `pace()` resolves at once while the slice is young and waits
// for a macrotask once it has run for `sliceMs`, so input and rendering get in between.

export interface Pacer {
  /** Await inside the loop; yields to the event loop once the current slice is used up. */
  pace(): Promise<void>;
  /** How many times it yielded (tests, figures). */
  readonly yields: number;
}

/** A macrotask: a message posted to ourselves (setTimeout is clamped to 4 ms after a few nestings). */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export function createPacer(sliceMs = 8, now: () => number = () => performance.now()): Pacer {
  let start = now();
  let yields = 0;
  return {
    async pace() {
      if (now() - start < sliceMs) return;
      yields++;
      await nextTask();
      start = now();
    },
    get yields() {
      return yields;
    },
  };
}
