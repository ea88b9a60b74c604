/**
 * AVLAB_PLAIN_OPS=1 swaps the hand-written-gradient ops (linear, LayerNorm, GELU, attention)
 * for the same formulas in plain tf ops with tfjs autodiff: the "naive" baseline of the engine
 * benchmark, and a cross-check that the custom gradients change speed, not results.
 */
export const PLAIN_OPS = typeof process !== 'undefined' && process.env.AVLAB_PLAIN_OPS === '1';
