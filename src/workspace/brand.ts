// The built page boots the workspace from an inline script that carries its own copy of the
// workspace modules (see vite-early-boot.ts), and the app's modules then meet objects made by
// that copy. A class whose objects cross that seam marks each instance with a registered
// symbol and answers `instanceof` by it, so either copy's class recognises either copy's objects.

export interface Brand {
  /** Marks `instance` (call from the constructor). */
  mark(instance: object): void;
  /** For `static [Symbol.hasInstance]`. */
  has(value: unknown): boolean;
}

export function brand(name: string): Brand {
  const key = Symbol.for(`tidepool.${name}`);
  return {
    mark: (instance) => Object.defineProperty(instance, key, { value: true }),
    has: (value) => typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[key] === true,
  };
}
