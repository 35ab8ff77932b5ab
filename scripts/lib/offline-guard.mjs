// Preloaded into the serverless-offline process (scripts/lib/stack.ts). The handlers run in that
// process (useInProcess), so a stray rejected promise in one request would otherwise end the whole
// local API. It is reported as an error line, without the error's message (which could carry data).
process.on('unhandledRejection', (reason) => {
  const name = reason instanceof Error ? reason.name : typeof reason;
  process.stderr.write(`${JSON.stringify({ level: 'ERROR', message: 'unhandled promise rejection in a handler', errorName: name, timestamp: new Date().toISOString() })}\n`);
});

// serverless-offline answers some requests itself, before any handler runs (a body over its 10 MB
// limit, a path it has no route for): in hapi's English JSON. Those answers are turned into the
// project's problem+json here. The table comes from functions/middleware/problem.ts through the
// environment (scripts/lib/stack.ts), so both producers answer alike.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const catalog = (() => {
  try {
    return JSON.parse(process.env.PROBLEM_CATALOG ?? '{}');
  } catch {
    return {};
  }
})();

/** The problem for a hapi (Boom) error status: the catalog's entry, or the nearest generic one. */
function problemFor(status) {
  return catalog[status] ?? (status >= 500 ? catalog[500] : catalog[400]);
}

function toProblem(request, h) {
  const response = request.response;
  if (!response?.isBoom) return h.continue;
  const status = response.output.statusCode;
  const problem = problemFor(status);
  if (!problem) return h.continue;
  const body = { type: problem.type, title: problem.title, status, detail: problem.detail };
  const answer = h.response(JSON.stringify(body)).code(status);
  answer.header('content-type', 'application/problem+json; charset=utf-8');
  answer.header('cache-control', 'no-store');
  // The same security headers every handler answer carries (functions/middleware).
  answer.header('x-content-type-options', 'nosniff');
  answer.header('strict-transport-security', 'max-age=15552000; includeSubDomains; preload');
  answer.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  answer.header('referrer-policy', 'no-referrer');
  answer.header('x-frame-options', 'DENY');
  for (const [name, value] of Object.entries(response.output.headers ?? {})) {
    if (name.toLowerCase() !== 'content-type') answer.header(name, value);
  }
  return answer;
}

// The API reference of the local stack: the OpenAPI document scripts/lib/stack.ts wrote to
// DOCS_DIR, rendered by Redoc's standalone bundle, all from this machine (no CDN).
const DOCS_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>丽水健康码 API 参考 · Lishui health code API reference</title>
<link rel="icon" href="data:,">
<style>body { margin: 0; }</style>
</head>
<body>
<div id="reference"></div>
<script src="/docs/redoc.standalone.js"></script>
<script>
  Redoc.init('/openapi.json', { hideDownloadButton: false, expandResponses: '200,201,202', jsonSampleExpandLevel: 3 }, document.getElementById('reference'));
</script>
</body>
</html>`;

function docsRoutes(server) {
  const dir = process.env.DOCS_DIR;
  if (!dir) return;
  const bundle = join(process.cwd(), 'node_modules', 'redoc', 'bundles', 'redoc.standalone.js');
  const file = (path, type) => (request, h) => h.response(readFileSync(path)).type(type).header('cache-control', 'no-cache');
  // The bundle's one outside address is its footer logo: an empty local image keeps the page offline.
  const redoc = (request, h) =>
    h
      .response(readFileSync(bundle, 'utf8').replace('https://cdn.redoc.ly/redoc/logo-mini.svg', 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E'))
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache');
  server.route([
    { method: 'GET', path: '/openapi.json', handler: file(join(dir, 'openapi.json'), 'application/json; charset=utf-8') },
    { method: 'GET', path: '/docs', handler: (request, h) => h.response(DOCS_PAGE).type('text/html; charset=utf-8').header('cache-control', 'no-cache') },
    { method: 'GET', path: '/docs/redoc.standalone.js', handler: redoc },
  ]);
}

try {
  const require = createRequire(join(process.cwd(), 'node_modules', 'serverless-offline', 'package.json'));
  const hapi = require('@hapi/hapi');
  const original = hapi.Server;
  // hapi's Server is a factory returning the server object, so `new` on this wrapper yields it too.
  const Server = function Server(options) {
    const server = original(options);
    server.ext('onPreResponse', toProblem);
    docsRoutes(server);
    return server;
  };
  hapi.Server = Server;
  hapi.server = Server;
} catch (err) {
  process.stderr.write(`${JSON.stringify({ level: 'WARN', message: 'could not install the problem+json catch-all', errorName: err?.name })}\n`);
}
