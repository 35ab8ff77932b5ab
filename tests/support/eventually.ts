/**
 * Polls `read` until `done` holds for its value or the deadline passes, then returns the last value
 * (the caller's expect() then shows what was there). For work that happens off the request path,
 * such as the checkpoint statistics built from the table's stream.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, everyMs));
    value = await read();
  }
  return value;
}
