/**
 * The order of the colours and the pass rule at a gate. Pure and tiny, so the inspector app can use it
 * without the engine.
 */
import type { Color } from './schema';

const RANK: Readonly<Record<Color, number>> = { green: 0, yellow: 1, red: 2 };

/** 0 green, 1 yellow, 2 red: higher is worse. */
export function colorRank(color: Color): number {
  return RANK[color];
}

/** The worse of two colours (red over yellow over green). */
export function worse(a: Color, b: Color): Color {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The pass rule: green passes a gate; yellow and red stop. */
export function passes(color: Color): boolean {
  return color === 'green';
}

/** The outcome a colour gives at a gate, by the pass rule. */
export function gateOutcome(color: Color): 'pass' | 'stop' {
  return passes(color) ? 'pass' : 'stop';
}
