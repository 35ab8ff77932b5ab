import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkMiniApp, formatProblems, parseAxml, topLevelNames } from '../../tools/check-mini';
import { readAppJson } from '../../tools/mini-build';

const MINI_ROOT = join(process.cwd(), 'mini-program');
const apps = readdirSync(MINI_ROOT).filter((name) => existsSync(join(MINI_ROOT, name, 'app.json')));
const BROKEN = join(process.cwd(), 'tests', 'mini', 'fixtures', 'broken-app');
/** Bundling every page with esbuild takes a few seconds, more on a loaded machine. */
const BUNDLE_TIMEOUT_MS = 120_000;

describe('the static page check', () => {
  test.each(apps)('every page of mini-program/%s passes', async (app) => {
    const problems = await checkMiniApp(join(MINI_ROOT, app));
    expect(formatProblems(`mini-program/${app}`, problems)).toBe('');
  }, BUNDLE_TIMEOUT_MS);

  test('the resident app asks for the privacy check and lists all of its pages', () => {
    const app = readAppJson(join(MINI_ROOT, 'resident'));
    expect(app.usePrivacyCheck).toBe(true);
    expect(app.pages[0]).toBe('pages/home/index');
    expect(app.pages).toEqual(
      expect.arrayContaining(['consent', 'privacy', 'agreement', 'authorise', 'declaration', 'code', 'status', 'checkin', 'history', 'family', 'account'].map((p) => `pages/${p}/index`)),
    );
  });

  test('the deliberately broken fixture fails with every defect named', async () => {
    const problems = await checkMiniApp(BROKEN);
    const lines = formatProblems('', problems);
    const broken = 'pages/broken/index.axml';
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: 'app.json', message: 'page pages/ghost/index lacks index.axml, index.acss, index.json, index.ts' },
        { file: 'app.json', message: 'page pages/incomplete/index lacks index.acss' },
        { file: broken, line: 3, message: 'onTap="onDelete" names a handler the page does not define' },
        { file: broken, line: 4, message: expect.stringContaining('reads "missingName"') },
        { file: broken, line: 6, message: expect.stringContaining('reads "item"') },
        { file: broken, line: 7, message: 'image "/images/none.png" does not exist' },
        { file: broken, line: 8, message: '<ant-unknown> is not declared in usingComponents' },
        { file: broken, line: 1, message: expect.stringContaining('AXML is not well formed') },
        { file: 'pages/broken/index.json', message: expect.stringContaining('<ant-nothing>') },
      ]),
    );
    // The correct page of the same fixture raises nothing: the check is not just noisy.
    expect(lines).not.toContain('pages/good/');
    expect(problems).toHaveLength(9);
  }, BUNDLE_TIMEOUT_MS);
});

describe('parseAxml', () => {
  test('reads elements, quoted attributes, comments and {{ }} holding < and >', () => {
    const { root, problems } = parseAxml('<view a="1" b=\'{{x > 1}}\'><!-- <c> --><text>{{a < b}}</text><input /></view>');
    expect(problems).toEqual([]);
    const view = root.children[0]!;
    expect(view.attributes.map((a) => [a.name, a.value])).toEqual([['a', '1'], ['b', '{{x > 1}}']]);
    expect(view.children.map((c) => c.tag)).toEqual(['text', 'input']);
    expect(view.children[0]!.textBindings[0]!.expression).toBe('a < b');
  });

  test.each([
    ['<view><text></view></text>', '</view> closes <text>'],
    ['<view a=1></view>', 'not quoted'],
    ['<view a="1" a="2"></view>', 'repeated'],
    ['<view>', 'never closed'],
    ['</view>', 'without an opening tag'],
    ['<view>a < b</view>', 'starts no tag'],
    ['<view>{{a</view>', 'without a closing'],
  ])('%s is not well formed', (source, message) => {
    expect(parseAxml(source).problems.map((p) => p.message).join('\n')).toContain(message);
  });
});

describe('topLevelNames', () => {
  test.each([
    ['a.b[c] ? d : "e f"', ['a', 'c', 'd']],
    ['{ x: y, z: 1 }', ['y']],
    ['list.length > 0 && !done', ['list', 'done']],
    ['1e3 + 36.5', []],
    ['typeof v === "undefined" ? null : true', ['v']],
  ])('%s reads %j', (expression, names) => {
    expect(topLevelNames(expression)).toEqual(names);
  });
});
