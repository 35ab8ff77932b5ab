import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

/** A real-shaped API Gateway HTTP API (payload 2.0) event, for invoking handlers in-process. */
export function httpEvent(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; query?: Record<string, string>; pathParameters?: Record<string, string>; routeKey?: string } = {}): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = { host: 'localhost', ...(options.headers ?? {}) };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const requestId = randomUUID();
  const routeKey = options.routeKey ?? `${method} ${path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers,
    queryStringParameters: options.query,
    pathParameters: options.pathParameters,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId,
      routeKey,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
  };
}

export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:cn-northwest-1:000000000000:function:test',
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Invokes a middy-wrapped handler with an event and returns its response. */
export async function invoke(handler: (event: any, context: Context) => Promise<any>, event: APIGatewayProxyEventV2) {
  const res = await handler(event, lambdaContext());
  // Header names are case-insensitive; compare them in lower case.
  const headers = Object.fromEntries(Object.entries(res.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return { ...res, headers, json: res.body ? JSON.parse(res.body) : undefined } as { statusCode: number; headers: Record<string, string>; body?: string; json: any };
}
