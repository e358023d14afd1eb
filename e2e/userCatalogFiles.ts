import { createServer, Server } from 'node:http';

/** A loopback server of catalog files a user registers, and what else it heard. */
export interface UserCatalogFiles {
  server: Server;
  /** `127.0.0.1:PORT`, for `backend.reading.allow`. */
  host: string;
  /** Every request for anything but a file: e.g. a collector calling it as a cluster. */
  otherRequests: string[];
}

/** Serves `filesOf(port)` by path on a free loopback port. */
export async function serveUserCatalogFiles(
  filesOf: (port: number) => Record<string, string>,
): Promise<UserCatalogFiles> {
  const otherRequests: string[] = [];
  const server = createServer((req, res) => {
    const { port } = server.address() as { port: number };
    const file = filesOf(port)[req.url ?? ''];
    if (!file) {
      otherRequests.push(`${req.method} ${req.url}`);
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/yaml' }).end(file);
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as { port: number };
  return { server, host: `127.0.0.1:${port}`, otherRequests };
}
