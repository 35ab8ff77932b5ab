/**
 * A prod mini-program package carries the prod stage file alone: no local address, no review
 * origin, no sandbox sign-in switch, not even as unused data.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMiniProgram } from '../../tools/mini-build';

function scripts(dir: string): string {
  return readdirSync(dir).map((name) => join(dir, name)).map((p) => (statSync(p).isDirectory() ? scripts(p) : p.endsWith('.js') ? readFileSync(p, 'utf8') : '')).join('\n');
}

describe.each(['resident', 'inspector'])('the %s mini-program', (app) => {
  const appDir = join(process.cwd(), 'mini-program', app);
  const built: Record<string, string> = {};
  const outs: string[] = [];

  beforeAll(async () => {
    for (const stage of ['prod', 'local'] as const) {
      const outDir = mkdtempSync(join(tmpdir(), `mini-${app}-${stage}-`));
      outs.push(outDir);
      await buildMiniProgram({ appDir, outDir, stage, apiUrl: stage === 'prod' ? 'https://api.health-code.example.cn' : '' });
      built[stage] = scripts(outDir);
    }
  }, 180_000);

  afterAll(() => outs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('prod holds its own stage file and none of the others', () => {
    // The markers exist where they should, else their absence would prove nothing.
    expect(built.local).toContain('127.0.0.1');
    expect(built.local).toMatch(/sandboxSignIn:(!0|true)/);
    expect(built.prod).toContain('https://api.health-code.example.cn');
    expect(built.prod).not.toContain('127.0.0.1');
    expect(built.prod).not.toMatch(/review-api|stage:"review"|stage:"local"/);
    expect(built.prod).not.toMatch(/sandboxSignIn:(!0|true)/);
  });
});
