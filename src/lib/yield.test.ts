import { describe, expect, it } from 'vitest';
import { createPacer } from './yield';

describe('pacer', () => {
  it('yields to the event loop once a slice is used up, and not before', async () => {
    let clock = 0;
    const pacer = createPacer(8, () => clock);
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    for (let i = 0; i < 7; i++) {
      clock += 1;
      await pacer.pace();
    }
    expect(pacer.yields).toBe(0);
    expect(timerRan).toBe(false); // only microtasks so far
    clock += 5;
    await pacer.pace();
    expect(pacer.yields).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(timerRan).toBe(true);
  });
});
