import { SetupServer } from 'msw/node';

/**
 * Serves the stand-ins of `server` to the enclosing describe, calling
 * `reset` before each test, and gives its tests the time a backend start
 * takes.
 */
export function useStandIns(server: SetupServer, reset: () => void) {
  // The first backend start loads every plugin module; on a busy 2-core CI
  // machine that alone took over 5 s.
  jest.setTimeout(60_000);
  beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
  afterAll(() => server.close());
  beforeEach(reset);
}
