// Whether this process should get traffic, for `GET /readyz`. main.ts moves it forward (starting ->
// ready once listening, draining on SIGTERM/SIGINT); the route only reads it. Never moves back.
export type ReadinessState = 'starting' | 'ready' | 'draining';

export class Readiness {
  #state: ReadinessState;

  constructor(state: ReadinessState = 'starting') {
    this.#state = state;
  }

  get state(): ReadinessState {
    return this.#state;
  }

  /** The store is open and the server accepts connections. */
  ready(): void {
    if (this.#state === 'starting') this.#state = 'ready';
  }

  /** Shutting down: requests in flight finish, a load balancer should send no new ones. */
  drain(): void {
    this.#state = 'draining';
  }
}
