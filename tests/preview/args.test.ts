/** `npm run preview` refuses wrong arguments with a message that says what is wrong and how to call it. */
import { parseCli } from '../../tools/preview/args';

test('no arguments: everything, into .build/preview, docs untouched', () => {
  expect(parseCli([])).toMatchObject({ only: [], outDir: expect.stringMatching(/\.build\/preview$/), updateDocs: false });
  expect(parseCli(['--only', 'code, inspector', '--api-url', 'http://127.0.0.1:3000/'])).toMatchObject({ only: ['code', 'inspector'], apiUrl: 'http://127.0.0.1:3000' });
  expect(parseCli(['--help'])).toEqual({ help: true });
});

test.each([
  [['--colour', 'red'], /Unknown option '--colour'[\s\S]*Usage: npm run preview/],
  [['pages/code'], /Unexpected argument 'pages\/code'[\s\S]*Usage/],
  [['--only'], /Option '--only <value>' argument missing[\s\S]*Usage/],
  [['--only', ' , '], /--only needs at least one word/],
  [['--api-url', 'localhost'], /--api-url "localhost" is not a URL, e\.g\. http:\/\/127\.0\.0\.1:3000/],
  [['--api-url', 'ftp://x'], /--api-url must be http\(s\)/],
  [['--update-docs', '--only', 'code'], /--update-docs needs every state/],
])('%j is refused clearly', (argv, message) => {
  expect(() => parseCli(argv)).toThrow(message);
});
