/**
 * The built console (console/dist) on the local stage, so `npm start` serves it beside the API at
 * /console. On AWS the same files are on S3 behind CloudFront (serverless.ts). Only files inside
 * console/dist are served; any other path under /console gets the app's index.html (client routes).
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

const ROOT = join(process.cwd(), 'console', 'dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** The security headers of every answer; antd styles are injected at run time (style-src inline). */
export const CONSOLE_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function inside(path: string): string | undefined {
  const full = normalize(join(ROOT, path));
  return full === ROOT || full.startsWith(ROOT + sep) ? full : undefined;
}

export async function handler(event: APIGatewayProxyEventV2) {
  let rest = '';
  try {
    rest = decodeURIComponent(event.pathParameters?.proxy ?? '');
  } catch {
    rest = '';
  }
  const candidate = rest && !rest.includes('\0') ? inside(rest) : undefined;
  const file = candidate && extname(candidate) ? candidate : join(ROOT, 'index.html');
  try {
    const body = await readFile(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const binary = !type.startsWith('text/') && !type.includes('json') && !type.includes('svg');
    return {
      statusCode: 200,
      headers: { ...CONSOLE_HEADERS, 'content-type': type, 'cache-control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache' },
      body: binary ? body.toString('base64') : body.toString('utf8'),
      isBase64Encoded: binary,
    };
  } catch {
    return {
      statusCode: 404,
      headers: { ...CONSOLE_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
      body: file.endsWith('index.html') ? '后台页面尚未构建：请运行 npm run build:console' : '未找到该文件',
    };
  }
}

/** What the API reference says about this route: public, no body, no query (it is not an httpHandler). */
(handler as typeof handler & { routeSpec?: { auth: 'public' } }).routeSpec = { auth: 'public' };
