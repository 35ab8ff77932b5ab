/**
 * The one place that recognises DynamoDB's condition failures. The SDK's error classes are not always
 * the same instances across bundles, so the name is what is checked.
 */
function errorName(err: unknown): string | undefined {
  return (err as { name?: unknown } | null | undefined)?.name as string | undefined;
}

/** A single write whose ConditionExpression did not hold. */
export function isConditionFailed(err: unknown): boolean {
  return errorName(err) === 'ConditionalCheckFailedException';
}

/**
 * For a cancelled transaction, one flag per item in the order sent: true when that item's condition
 * failed. Undefined when `err` is not a cancelled transaction.
 */
export function cancelledConditions(err: unknown): boolean[] | undefined {
  if (errorName(err) !== 'TransactionCanceledException') return undefined;
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code === 'ConditionalCheckFailed');
}
