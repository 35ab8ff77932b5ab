/**
 * The one backoff of the table adapters: full jitter under an exponential cap, so competing writers
 * spread out while a lone retry stays quick.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number): number {
  return Math.floor(Math.random() * Math.min(capMs, baseMs * 2 ** attempt));
}

export function backoff(attempt: number, baseMs = 25, capMs = 1000): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, baseMs, capMs)));
}
