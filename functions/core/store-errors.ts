/**
 * What a store port throws when a conditional write loses: the adapters translate DynamoDB's errors
 * into these, so use cases decide without knowing the database.
 */
import { AccountClosingError } from './errors';

/** A single conditional write whose condition did not hold. */
export class ConditionFailed extends Error {
  constructor(options?: { cause?: unknown }) {
    super('condition failed', options);
    this.name = 'ConditionFailed';
  }
}

/** An all-or-nothing write that was cancelled; `failed[i]` is true when write i's condition failed. */
export class WriteConflict extends Error {
  constructor(readonly failed: readonly boolean[], options?: { cause?: unknown }) {
    super('write cancelled', options);
    this.name = 'WriteConflict';
  }
}

/**
 * Awaits an all-or-nothing write whose write `checkIndex` is the account-open check
 * (functions/core/resident/deletion.ts): when that check failed, the account is being deleted (409).
 */
export async function unlessClosing<T>(write: Promise<T>, checkIndex: number): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (err instanceof WriteConflict && err.failed[checkIndex]) throw new AccountClosingError({ cause: err });
    throw err;
  }
}
