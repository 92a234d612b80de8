/** Time enters the core through this port so tests and the session clock agree. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
