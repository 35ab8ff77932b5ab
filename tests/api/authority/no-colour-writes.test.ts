/**
 * "There is no route, no script and no console path that writes a colour": only holder-state writes a
 * status or a history item (static check over every source file), and every registered route refuses
 * a request that tries to set a colour, for every kind of caller (dynamic check over HTTP).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { functions, localOnlyFunctions, awsOnlyFunctions } from '../../../functions/routes';
import { call } from '../../support/http';
import { findColourWrites } from '../../support/colour-writes';
import { signIn } from '../../support/resident-fixtures';
import { declaredResident } from './helpers';

const SCOPE = 'authority-no-colour';
const ROOT = process.cwd();
// holder-state plans every colour change; its store adapter is the one file that writes it.
const THE_WRITE_PATH = 'functions/adapters/dynamodb/holder-store.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return /\.(ts|mts|js|mjs)$/.test(name) ? [path] : [];
  });
}

describe('static: only holder-state writes a colour', () => {
  test('the detector catches direct, transactional, batch, aliased and PartiQL writes', () => {
    expect(findColourWrites(`await db.send(new PutCommand({ TableName, Item: { ...keys.status(id), color: 'green' } }));`)).toHaveLength(1);
    expect(findColourWrites(`items.push({ Update: { TableName, Key: keys.status(id), UpdateExpression: 'SET color = :g' } });`)).toHaveLength(1);
    expect(findColourWrites(`const k = keys.history(id, at, 1);\nawait db.send(new UpdateCommand({ TableName, Key: k, UpdateExpression: 'SET #to = :g' }));`)).toHaveLength(1);
    expect(findColourWrites(`RequestItems: { [t]: [{ PutRequest: { Item: { PK: 'HOLDER#' + id, SK: 'STATUS', color: 'green' } } }] }`)).toHaveLength(1);
    expect(findColourWrites(`new ExecuteStatementCommand({ Statement: "UPDATE t SET color='green'" })`)).toHaveLength(1);
    expect(findColourWrites(`await db.send(new GetCommand({ TableName, Key: keys.status(id) }));`)).toHaveLength(0);
    expect(findColourWrites(`doomed.push(keys.status(id)); await db.send(new BatchWriteCommand({ RequestItems: { [t]: doomed.map((Key) => ({ DeleteRequest: { Key } })) } }));`)).toHaveLength(0);
  });

  test('no source file in functions/, scripts/ or the mini-programs writes a status or history item, except holder-state', () => {
    const files = ['functions', 'scripts', 'mini-program', 'shared'].flatMap((dir) => sources(join(ROOT, dir)));
    expect(files.length).toBeGreaterThan(20);
    const offenders = files
      .map((file) => ({ file: relative(ROOT, file), writes: findColourWrites(readFileSync(file, 'utf8')) }))
      .filter(({ file, writes }) => file !== THE_WRITE_PATH && writes.length > 0);
    expect(offenders).toEqual([]);
    // The write path itself is found by the same detector, so the check is not blind.
    expect(findColourWrites(readFileSync(join(ROOT, THE_WRITE_PATH), 'utf8')).length).toBeGreaterThan(0);
  });
});

describe('dynamic: every registered route refuses to set a colour', () => {
  const routes = Object.values({ ...functions, ...localOnlyFunctions, ...awsOnlyFunctions }).flatMap((fn) =>
    ((fn as { events?: { httpApi?: { method: string; path: string } | '*' }[] }).events ?? [])
      .map((e) => e.httpApi)
      .filter((h): h is { method: string; path: string } => typeof h === 'object'),
  );

  test('a body or query carrying a colour is refused by every route, with every credential, and the colour stays', async () => {
    expect(routes.length).toBeGreaterThan(20);
    const sentinel = await declaredResident(SCOPE);
    const inspector = await call('POST', '/v1/inspector/sessions', { provider: 'sandbox', subject: 'demo-inspector' }, { clockScope: SCOPE });
    expect(inspector.status).toBe(200);
    const before = { status: (await sentinel.call('GET', '/v1/resident/status')).body, history: (await sentinel.call('GET', '/v1/resident/history')).body };
    expect(before.status.color).toBe('green');

    const credentials: Record<string, Record<string, string>> = {
      none: {},
      resident: { authorization: `Bearer ${sentinel.token}` },
      inspector: { authorization: `Bearer ${inspector.body.token}` },
      authority: { 'x-authority-key': 'local-authority-key' },
    };
    const injection = { color: 'red', status: { color: 'red' }, holderId: sentinel.accountId };
    const accepted: string[] = [];
    for (const route of routes) {
      const path = route.path.replace(/\{[^}]+\}/g, sentinel.accountId);
      for (const [who, headers] of Object.entries(credentials)) {
        const send = () => route.method === 'GET'
          ? call('GET', `${path}?color=red&holderId=${sentinel.accountId}`, undefined, { headers, clockScope: SCOPE })
          : call(route.method, path, injection, { headers, clockScope: SCOPE });
        let res = await send();
        // serverless-offline answers a Lambda that timed out (a cold start on a loaded machine) with
        // 200 and its own error envelope; that is no answer from our handler, so ask again.
        for (let retry = 0; retry < 2 && res.body?.errorType; retry++) res = await send();
        if (route.method !== 'GET' && res.status < 400) accepted.push(`${route.method} ${route.path} as ${who}: ${res.status}`);
      }
    }
    expect(accepted).toEqual([]);
    const again = await signIn(SCOPE, sentinel.subject);
    expect((await again.call('GET', '/v1/resident/status')).body).toEqual(before.status);
    expect((await again.call('GET', '/v1/resident/history')).body).toEqual(before.history);
  }, 300_000);
});

