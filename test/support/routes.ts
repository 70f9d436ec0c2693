import type { FastifyInstance } from 'fastify';

/**
 * The routes an app serves, read from `printRoutes({ commonPrefix: false })`:
 * a tree in which each line is a node's path relative to its parent, with its
 * methods in brackets. HEAD routes are ones Fastify adds for each GET.
 */
export function registeredRoutes(app: FastifyInstance): Map<string, string[]> {
  const routes = new Map<string, string[]>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const node = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!node) continue;
    const depth = node[1]!.length / 4;
    const path = (stack[depth - 1] ?? '') + node[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    const methods = (node[3] ?? '')
      .split(',')
      .map((m) => m.trim().toLowerCase())
      .filter((m) => m && m !== 'head');
    if (methods.length) routes.set(path, [...new Set([...(routes.get(path) ?? []), ...methods])].sort());
  }
  return routes;
}
