import type { Server } from 'node:http';
/** Serves `dir` on 127.0.0.1:`port` (0 picks a free port) under the URL path `prefix` (default '/') and resolves to the server and the site's URL. */
export function serveStatic(dir: string, port?: number, prefix?: string): Promise<{ server: Server; url: string }>;
