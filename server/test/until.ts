/**
 * Polls `probe` every `everyMs` until it returns a value other than undefined, and returns that value; fails
 * saying what it was waiting for after `ms`.
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
