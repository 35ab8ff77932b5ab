import { useCallback, useState } from 'react';

/**
 * One request at a time behind a busy flag: the error shown before it is cleared, and what it throws is
 * shown in its place. Every console form and decision button waits the same way.
 */
export function useBusy() {
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (setError: (error?: string) => void, work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, run };
}
