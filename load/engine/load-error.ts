/**
 * An error meant for a person: what was tried, what was observed, what to do. Same contract as the gate's
 * GateError (stack dropped so Playwright prints the message alone), kept inside load/ so load/ imports nothing outside.
 */
export class LoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadError';
    this.stack = message;
  }
}
