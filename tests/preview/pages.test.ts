/**
 * The previews of both mini-programs, rendered against the test stack exactly as `npm run preview`
 * renders them: every page of each app.json appears, nothing on any screen is an unknown tag (the
 * render would throw) or text outside the 375 px viewport, each code screenshot decodes with jsQR to a
 * payload the API verifies with the colour shown, and the colour drawn where the state lives (the
 * code's frame, the verdict screen) is the state's.
 */
import { jest } from '@jest/globals';
import { request } from 'node:http';
import { join } from 'node:path';
import { readAppJson } from '../../tools/mini-build';
import { renderPreviews, type PreviewResult } from '../../tools/preview/index';
import { INSPECTOR_APP, RESIDENT_APP } from '../../tools/preview/scenarios';
import { sandboxInspector } from '../support/inspector-fixtures';
import { DEMO_CHECKPOINT } from '../../scripts/lib/seed';
import { PAYLOAD_SCHEME } from '../../shared/payload';

// Two dozen screens, each reached through real HTTP and shot in Chromium, on a shared 2-core machine.
jest.setTimeout(900_000);

/**
 * A POST on a new connection. Between two shots the page harness's kept-alive sockets sit idle longer
 * than the local API keeps them, and fetch does not retry a POST on a socket the server has closed.
 */
function freshPost(path: string, body: unknown, token: string): Promise<{ status: number; body: any }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, process.env.API_URL), { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

let results: PreviewResult[] = [];
/** The API's answer for each code screenshot's payload, asked right after the shot while the code is fresh. */
const verified = new Map<string, { status: number; body: { outcome?: string; color?: string } }>();

beforeAll(async () => {
  const inspector = await sandboxInspector([DEMO_CHECKPOINT.id]);
  results = await renderPreviews({
    apiUrl: process.env.API_URL!,
    outDir: join(process.cwd(), '.build', 'test-preview'),
    onResult: async (result) => {
      if (result.route !== 'pages/code/index' || !result.payload) return;
      const res = await freshPost('/v1/inspector/verifications', { payload: result.payload, checkpointId: DEMO_CHECKPOINT.id }, inspector.token);
      verified.set(result.name, { status: res.status, body: res.body });
    },
  });
});

test('every page of both mini-programs has a preview', () => {
  for (const appDir of [RESIDENT_APP, INSPECTOR_APP]) {
    const shown = new Set(results.filter((r) => r.app === appDir).map((r) => r.route));
    expect(readAppJson(appDir).pages.filter((page) => !shown.has(page))).toEqual([]);
  }
});

test('no screen has text outside the 375 px viewport', () => {
  expect(results.filter((r) => r.overflow.length > 0).map((r) => ({ name: r.name, overflow: r.overflow }))).toEqual([]);
});

test('every code screen decodes with jsQR to a payload the API verifies, in the colour shown', () => {
  const codes = results.filter((r) => r.route === 'pages/code/index' && r.expectColor);
  expect(codes.map((r) => r.expectColor).sort()).toEqual(['green', 'green', 'green', 'red', 'yellow']);
  for (const code of codes) {
    expect({ name: code.name, payload: code.payload }).toEqual({ name: code.name, payload: expect.stringMatching(new RegExp(`^${PAYLOAD_SCHEME}.{40,}$`)) });
    expect({ name: code.name, ...verified.get(code.name) }).toMatchObject({ name: code.name, status: 200, body: { color: code.expectColor, outcome: code.expectColor === 'red' ? 'stop' : expect.any(String) } });
  }
  expect(verified.get('resident-code-green')?.body.outcome).toBe('pass');
});

test('the colour in the screenshot where the state is drawn matches the state', () => {
  const coloured = results.filter((r) => r.expectColor);
  expect(coloured.map((r) => r.name).sort()).toEqual(
    ['inspector-offline', 'inspector-pass', 'inspector-stop', 'resident-code-dependent', 'resident-code-enlarged', 'resident-code-green', 'resident-code-red', 'resident-code-yellow'].sort(),
  );
  for (const r of coloured) {
    expect({ name: r.name, seen: r.colour.seen }).toEqual({ name: r.name, seen: r.expectColor });
    if (r.route === 'pages/code/index') expect({ name: r.name, probed: r.colour.what }).toEqual({ name: r.name, probed: 'qr-frame' });
  }
  // An invalid code is none of the three colours: nobody may read it as a verdict on the person.
  expect(results.find((r) => r.name === 'inspector-invalid')?.colour.seen).toBe('none');
});
