/**
 * What the inspector app tests share: residents with real codes from GET /v1/resident/code, an
 * inspector of their own, a signed-in app on its scan page, and a loopback relay to the API whose
 * port can be closed (the network is down) and opened again (it is back).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { codeResponse, type CodeResponse } from '../../../shared/api';
import { profileBody, quietDeclaration, signIn } from '../../support/resident-fixtures';
import { sandboxInspector } from '../../support/inspector-fixtures';
import { createDingTalkApp, type DingTalkApp } from '../harness';
import type { PageHandle } from '../harness';

export const INSPECTOR_APP = 'mini-program/inspector';
export const GATE = 'demo-gate';

/** A registered resident with a first declaration, and a code fetched the way the resident app does. */
export async function residentWithCode(scope: string, contactWithCase = false): Promise<{ code: CodeResponse; refresh(): Promise<CodeResponse> }> {
  const me = await signIn(scope);
  const profile = await me.call('POST', '/v1/resident/profile', profileBody());
  if (profile.status !== 201) throw new Error(`profile: ${profile.status} ${profile.text}`);
  const declared = await me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, contactWithCase });
  if (declared.status !== 201) throw new Error(`declaration: ${declared.status} ${declared.text}`);
  const refresh = async () => codeResponse.parse((await me.call('GET', '/v1/resident/code')).body);
  return { code: await refresh(), refresh };
}

/** An inspector of its own (so its scan log holds only this file's scans), granted the demo gate. */
export async function ownInspector(): Promise<{ subject: string; token: string }> {
  return sandboxInspector([GATE]);
}

/** Opens the app, signs in with the sandbox subject and lands on the scan page (one checkpoint). */
export async function signedIn(app: DingTalkApp, subject: string): Promise<PageHandle> {
  const signInPage = await app.launch();
  await signInPage.call('onSubjectInput', { detail: { value: subject } });
  await signInPage.call('onSignIn');
  if (app.current.route !== 'pages/scan/index') throw new Error(`sign-in ended on ${app.current.route}: ${JSON.stringify(app.current.data)}`);
  return app.current;
}

export function inspectorApp(clockScope: string, apiUrl?: string): DingTalkApp {
  return createDingTalkApp({ appDir: INSPECTOR_APP, clockScope, ...(apiUrl ? { apiUrl } : {}) });
}

/**
 * A loopback relay in front of the API on a fixed port. `down()` closes the port (connections are
 * refused, as when the phone has no network); `up()` opens the same port again. `dropNextAnswer`
 * forwards one request to the API but cuts the connection before the answer: the server did the
 * work, the phone never heard about it.
 */
const FORWARDED_HEADERS = ['accept', 'content-type', 'authorization', 'x-dev-clock-scope'] as const;

export async function switchableRelay(target: string) {
  let dropPath: string | undefined;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const headers: Record<string, string> = {};
      for (const key of FORWARDED_HEADERS) if (typeof req.headers[key] === 'string') headers[key] = req.headers[key];
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      let answer: Response;
      let text: string;
      try {
        answer = await fetch(target + req.url, { method: req.method, headers, body });
        text = await answer.text();
      } catch {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('relay: the API did not answer');
        return;
      }
      if (dropPath && req.url?.startsWith(dropPath)) {
        dropPath = undefined;
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json', date: answer.headers.get('date') ?? '' });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const relay = {
    url: `http://127.0.0.1:${port}`,
    async down() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async up() {
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    dropNextAnswer(pathPrefix: string) {
      dropPath = pathPrefix;
    },
  };
  return relay;
}
