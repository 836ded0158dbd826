import { serve, type ServerType } from '@hono/node-server';
import { EXIT, StartupError } from './common/startup-error.js';

/**
 * Listen on host:port; resolves with the server, or rejects with a one-line StartupError:
 * EADDRINUSE → 75 (another process has the port), EADDRNOTAVAIL / EACCES → 78 (fix the config).
 */
export function listen(fetch: (req: Request) => Response | Promise<Response>, hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => {
      server.off('error', onError);
      resolve(server);
    });
    const onError = (e: NodeJS.ErrnoException) => {
      server.close();
      const where = `${hostname}:${port}`;
      if (e.code === 'EADDRINUSE')
        reject(new StartupError(`${where} is already in use by another program (another Tillgate?); stop it or change api.port`, EXIT.TEMPFAIL));
      else if (e.code === 'EADDRNOTAVAIL') reject(new StartupError(`${where}: this box has no address ${hostname}; check api.listen`, EXIT.CONFIG));
      else if (e.code === 'EACCES') reject(new StartupError(`${where}: not allowed to listen on port ${port}; use a port above 1023`, EXIT.CONFIG));
      else reject(e);
    };
    server.once('error', onError);
  });
}

/**
 * Stop accepting connections and resolve when every connection is gone: idle keep-alive ones at
 * once, requests in flight when they finish, and whatever is still open after `graceMs` (event
 * streams, long polls) is closed.
 */
export function closeServer(server: ServerType, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}
