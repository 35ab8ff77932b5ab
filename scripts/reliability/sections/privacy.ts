/**
 * Section 5: a resident journey with known people first (`walk`), then, after every other section,
 * every answer of the run and the whole API log scanned for them (`run`), and once the stack is down
 * the API test suite's own log scanned the same way (`addApiSuite`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { API_SUITE_COMMAND, API_SUITE_LOG, API_SUITE_TIMEOUT_MS, runApiSuite } from '../api-suite';
import { inspectorToken } from '../journey';
import { syntheticPerson } from '../people';
import { logLines, scanTexts, type PrivacyHit } from '../privacy';
import { fmt, log, type Options, type RunContext, type Section } from '../run-context';

export const TITLE = '5. Privacy';

/** The journey whose answers `run` scans: two residents, a dependent, an inspector's scans and a manual check. */
export async function walk({ run, journey, people }: RunContext): Promise<void> {
  log('privacy: resident journey with known people');
  const [owner, other, dependent] = [syntheticPerson(), syntheticPerson(), syntheticPerson()];
  people.push(owner, other, dependent);
  const a = await journey.registeredResident(`privacy-a-${run}`, owner);
  const b = await journey.registeredResident(`privacy-b-${run}`, other);
  const depId = await journey.addDependent(a.token, dependent);
  for (const path of ['/v1/resident/status', '/v1/resident/history', '/v1/resident/dependents', `/v1/resident/dependents/${depId}/status`, `/v1/resident/dependents/${depId}/history`]) await journey.send('GET', path, { token: a.token });
  await journey.send('POST', '/v1/resident/checkins', { token: a.token, body: { temperature: 36.6, symptoms: [] } });
  const inspector = await inspectorToken(`privacy-inspector-${run}`);
  for (const payload of [await journey.code(a.token), await journey.code(a.token, depId), await journey.code(b.token)]) {
    await journey.send('POST', '/v1/inspector/verifications', { token: inspector, body: { payload, checkpointId: 'demo-gate' } });
  }
  await journey.send('POST', '/v1/inspector/manual-checks', { token: inspector, body: { documentType: other.documentType, documentNumber: other.documentNumber, credential: 'community-pass', temperature: 36.5, checkpointId: 'demo-gate' } });
  await journey.send('GET', '/v1/inspector/scans', { token: inspector, query: { checkpointId: 'demo-gate' } });
}

export async function run({ cmd, journey, people, logFile }: RunContext): Promise<Section> {
  log('privacy: scanning every answer and the API log');
  const answers = journey.answers.map((x) => ({ where: `${x.request.method} ${x.request.path} → ${x.answer.status}`, text: x.answer.text }));
  const answerHits = scanTexts(answers, people);
  const apiLog = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
  const logHits = scanTexts(logLines(apiLog, 'api.log'), people, { unknownIds: true });
  const lines = [
    `Known people: ${people.length} (names, ID numbers and phones of every resident and dependent this run created). Answers scanned: ${answers.length}; **hits: ${answerHits.length}** (bar 0; the owner's own profile comes back masked). API log lines scanned: ${apiLog.split('\n').length}; **hits: ${logHits.length}** (bar 0, any valid resident ID number counted).`,
    ...[...answerHits, ...logHits].slice(0, 20).map((h: PrivacyHit) => `- ✗ ${h.where}: ${h.what} ${h.value}`),
  ];
  const ok = answerHits.length === 0 && logHits.length === 0 && answers.length > 0;
  return { title: TITLE, command: `${cmd}  (section 5)`, ok, lines };
}

/** Adds the API test suite's log scan to the privacy section (it starts a stack of its own: run it once this one is down). */
export async function addApiSuite(section: Section, options: Options): Promise<void> {
  if (!options.apiSuite) {
    section.lines.push('', `The API test suite with log capture was skipped (${options.quick ? '--quick' : '--no-api-suite'}); \`npm test\` runs tests/reliability/privacy.test.ts over its own log on every change.`);
    return;
  }
  log(`privacy: the API test suite with log capture (${API_SUITE_COMMAND}; it starts its own stack)`);
  const suite = await runApiSuite(API_SUITE_TIMEOUT_MS);
  const suiteLog = existsSync(API_SUITE_LOG) ? readFileSync(API_SUITE_LOG, 'utf8') : '';
  const suiteHits = scanTexts(logLines(suiteLog, 'tests/api api.log'), [], { unknownIds: true });
  const summary = suite.output.split('\n').filter((l) => /^Tests:/.test(l)).pop()?.trim() ?? 'no test summary';
  const logged = suiteLog.trim().length > 0;
  section.ok &&= logged && !suite.timedOut && suiteHits.length === 0;
  section.command += ` and \`${API_SUITE_COMMAND}\``;
  section.lines.push(
    '',
    `API suite (\`${API_SUITE_COMMAND}\`, ${summary}, exit ${suite.timedOut ? `stopped after ${API_SUITE_TIMEOUT_MS / 60_000} min ✗` : suite.code}, ${fmt(suite.seconds)} s): ${logged ? suiteLog.split('\n').length : 'no ✗'} log lines of its API; **valid resident ID numbers found: ${suiteHits.length}** (bar 0; the suite's people are not known to this run, so any valid resident ID number counts).`,
    ...suiteHits.slice(0, 20).map((h: PrivacyHit) => `- ✗ ${h.where}: ${h.what} ${h.value}`),
    // A failing test is not a privacy finding, but the report names it so that it can be chased.
    ...[...new Set(suite.output.split('\n').filter((l) => /^\s+● /.test(l)).map((l) => l.trim().slice(2)))].slice(0, 10).map((t) => `- failing test (npm test judges it, not this section): ${t}`),
  );
}
