/** One line of the bench table (its own module: importing ./index would start the whole bench). */
export interface BenchRow {
  /** What was measured. */
  name: string;
  /** The figure, already formatted with its unit. */
  value: string;
  /** Optional goal or comparison, e.g. "goal ≤ 1.3". */
  note?: string;
}
