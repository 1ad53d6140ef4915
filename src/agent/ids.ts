let counter = 0;

/** Unique enough for ids inside one browser profile; readable in logs (`call_lq3k9x_7`). */
export function newId(prefix: string): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}_${counter}`;
}
