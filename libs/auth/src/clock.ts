import { Clock, systemClock } from '@app/platform';

/**
 * The clock credential lifetimes are measured on. It is wall time, deliberately not the runtime's Clock: that one
 * is business time and may be simulated (the demo and the tests move it by months), which must neither log
 * everybody out nor let a clock set backwards keep an expired token alive. Unit tests pass a ManualClock.
 */
export const AUTH_CLOCK = Symbol('AUTH_CLOCK');
export const wallClock: Clock = systemClock;
