import { createServer } from "node:net";

/**
 * A port nobody listens on right now. Someone may run `wrangler dev` on 8787 and the fake
 * upstream on 8788 by hand; asking the OS for a free port keeps the suite out of their way.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}
