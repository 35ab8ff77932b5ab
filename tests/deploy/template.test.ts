import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { packageStage, unpack, ZIP_LIMIT_BYTES, EXAMPLE_ALARM_TOPIC, type PackagedStage } from '../../scripts/lib/prod-package';
import { dataKeyAlias } from '../../scripts/lib/aws-stack';
import { awsOnlyFunctions, functions } from '../../functions/routes';

/** The functions whose use cases call Alipay (sign-in, phone, identity verification): only they carry alipay-sdk. */
const ALIPAY_FUNCTIONS = ['residentSessions', 'residentPhone', 'residentProfile', 'residentIdentityVerifications', 'residentDependentsAdd', 'residentDependentsVerify', 'residentDependentsVerified'];

/**
 * `osls package --stage prod`, offline, and what an operator relies on in its CloudFormation
 * template: least privilege per function, the key kept with the data, alarms that reach someone,
 * stream failures kept, a throttled and logged stage, and small bundles.
 */
let pkg: PackagedStage;
let R: Record<string, any>;
let bundles: Map<string, string>;

beforeAll(() => {
  pkg = packageStage(process.cwd());
  R = pkg.template.Resources;
  bundles = new Map([...unpack(pkg, process.cwd())].map(([name, url]) => [name, readFileSync(fileURLToPath(url), 'utf8')]));
}, 300_000);

afterAll(() => pkg?.cleanup());

const lambdas = () => Object.entries(R).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
/** The function's name in serverless.ts from its logical id (HealthLambdaFunction → health). */
const fnName = (logicalId: string) => logicalId.replace(/LambdaFunction$/, '').replace(/^./, (c) => c.toLowerCase());
const roleOf = (fn: any): string => fn.Properties.Role['Fn::GetAtt'][0];
const statementsOf = (roleId: string): any[] => R[roleId].Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
const actionsOf = (roleId: string): string[] => statementsOf(roleId).flatMap((s) => s.Action);
const refersTo = (value: unknown, logicalId: string) => JSON.stringify(value).includes(`"${logicalId}"`);

/** What a bundle's DynamoDB and SQS commands need (a transaction may put, update, delete and check). */
const ACTIONS_OF_COMMAND: Record<string, string[]> = {
  GetCommand: ['dynamodb:GetItem'], GetItemCommand: ['dynamodb:GetItem'],
  PutCommand: ['dynamodb:PutItem'], PutItemCommand: ['dynamodb:PutItem'],
  UpdateCommand: ['dynamodb:UpdateItem'], UpdateItemCommand: ['dynamodb:UpdateItem'],
  DeleteCommand: ['dynamodb:DeleteItem'], DeleteItemCommand: ['dynamodb:DeleteItem'],
  QueryCommand: ['dynamodb:Query'], ScanCommand: ['dynamodb:Scan'],
  BatchGetCommand: ['dynamodb:BatchGetItem'], BatchWriteCommand: ['dynamodb:BatchWriteItem'],
  TransactWriteCommand: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
  TransactGetCommand: ['dynamodb:GetItem'],
  SendMessageCommand: ['sqs:SendMessage'], SendMessageBatchCommand: ['sqs:SendMessage'],
};

/** The commands a bundle imports from the runtime's SDK (the imports stay readable in a minified bundle). */
function importedCommands(code: string): string[] {
  const names = new Set<string>();
  for (const m of code.matchAll(/import\{([^}]*)\}from"@aws-sdk\/[a-z-]+"/g)) {
    for (const part of m[1].split(',')) names.add(part.trim().split(/\s+as\s+/)[0]);
  }
  return [...names].filter((n) => n in ACTIONS_OF_COMMAND);
}

describe('the prod template (osls package --stage prod)', () => {
  test('every function has its group role; there is no shared default role', () => {
    // Every deployed function of the registry, and nothing else (the local-only ones stay out).
    expect(lambdas()).toHaveLength(Object.keys(functions).length + Object.keys(awsOnlyFunctions).length);
    expect(R.IamRoleLambdaExecution).toBeUndefined();
    for (const [, fn] of lambdas()) expect(R[roleOf(fn)]?.Type).toBe('AWS::IAM::Role');
    const roles = new Set(lambdas().map(([, fn]) => roleOf(fn)));
    expect(roles.size).toBeGreaterThanOrEqual(8);
  });

  test('no role may do everything, or anything to every resource', () => {
    for (const [id, r] of Object.entries(R)) {
      if (r.Type !== 'AWS::IAM::Role') continue;
      for (const s of statementsOf(id)) {
        expect(s.Action.some((a: string) => a === '*' || a.endsWith(':*'))).toBe(false);
        expect(s.Resource).not.toContain('*');
      }
    }
  });

  test('public functions: notFound holds nothing, health its probe alone, publicKeys no table', () => {
    const byName = new Map(lambdas().map(([id, fn]) => [fnName(id), fn]));
    const notFound = roleOf(byName.get('notFound'));
    expect(actionsOf(notFound).filter((a) => !a.startsWith('logs:'))).toEqual([]);
    const health = roleOf(byName.get('health'));
    // The health probe reads one key that never holds data; no secrets, and the key only as DynamoDB uses it to read.
    const probe = statementsOf(health).filter((s) => s.Action.some((a: string) => a.startsWith('dynamodb:')));
    expect(probe).toHaveLength(1);
    expect(actionsOf(health).filter((a) => !/^(logs|dynamodb|kms):/.test(a))).toEqual([]);
    for (const s of statementsOf(health).filter((x) => x.Action.some((a: string) => a.startsWith('kms:')))) {
      expect(s.Action.sort()).toEqual(['kms:Decrypt', 'kms:DescribeKey']);
      expect(s.Condition.StringEquals['kms:ViaService']).toEqual({ 'Fn::Sub': 'dynamodb.${AWS::Region}.${AWS::URLSuffix}' });
    }
    expect(probe[0].Action).toEqual(['dynamodb:GetItem']);
    expect(probe[0].Condition['ForAllValues:StringEquals']['dynamodb:LeadingKeys']).toEqual(['HEALTH#PROBE']);
    const keys = roleOf(byName.get('publicKeys'));
    expect(actionsOf(keys).some((a) => a.startsWith('dynamodb:') || a.startsWith('sqs:'))).toBe(false);
    for (const role of [notFound, health, keys]) expect(lambdas().filter(([, fn]) => roleOf(fn) === role).length).toBeLessThanOrEqual(1);
  });

  test("each role allows what its functions' bundles call, and only the groups that fan out send work", () => {
    for (const [id, fn] of lambdas()) {
      const name = fnName(id);
      const role = roleOf(fn);
      if (['notFound', 'health', 'publicKeys'].includes(name)) continue;
      const allowed = new Set(actionsOf(role));
      const needed = importedCommands(bundles.get(name) ?? '').flatMap((c) => ACTIONS_OF_COMMAND[c]);
      expect({ name, missing: needed.filter((a) => !allowed.has(a)) }).toEqual({ name, missing: [] });
      if (/import\("@aws-sdk\/client-ssm"\)/.test(bundles.get(name) ?? '')) expect(allowed.has('ssm:GetParameter')).toBe(true);
      if (!name.startsWith('authority') && !name.startsWith('console') && !name.startsWith('job')) expect(allowed.has('sqs:SendMessage')).toBe(false);
    }
    expect(importedCommands(bundles.get('residentCode') ?? '')).toContain('GetCommand');
    // The secrets: one parameter, named exactly, never a path wildcard.
    const ssm = Object.entries(R).filter(([, r]) => r.Type === 'AWS::IAM::Role').flatMap(([id]) => statementsOf(id)).filter((s) => s.Action.includes('ssm:GetParameter'));
    expect(ssm.length).toBeGreaterThan(0);
    for (const s of ssm) expect(s.Resource).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/lishui-health-code/prod/secrets' }]);
  });

  test('the KMS key is retained with the data, rotates, and has an alias and outputs', () => {
    expect(R.HealthCodeTable.DeletionPolicy).toBe('Retain');
    expect(R.DataKey.DeletionPolicy).toBe('Retain');
    expect(R.DataKey.UpdateReplacePolicy).toBe('Retain');
    expect(R.DataKey.Properties.EnableKeyRotation).toBe(true);
    expect(R.DataKeyAlias.Properties).toEqual({ AliasName: dataKeyAlias('prod'), TargetKeyId: { Ref: 'DataKey' } });
    expect(pkg.template.Outputs.DataKeyArn.Value).toEqual({ 'Fn::GetAtt': ['DataKey', 'Arn'] });
    expect(pkg.template.Outputs.DataKeyAliasName.Value).toEqual({ Ref: 'DataKeyAlias' });
  });

  test('every alarm notifies the SNS topic given as a parameter', () => {
    const alarms = Object.values(R).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(4);
    for (const a of alarms) expect(a.Properties.AlarmActions).toEqual([EXAMPLE_ALARM_TOPIC]);
  });

  test('a failing stream batch is bisected, bounded in age and parked in a queue', () => {
    const mapping = Object.values(R).find((r) => r.Type === 'AWS::Lambda::EventSourceMapping' && refersTo(r.Properties.EventSourceArn, 'HealthCodeTable'));
    expect(mapping.Properties.BisectBatchOnFunctionError).toBe(true);
    expect(mapping.Properties.MaximumRecordAgeInSeconds).toBeGreaterThan(0);
    expect(mapping.Properties.MaximumRecordAgeInSeconds).toBeLessThanOrEqual(86400);
    expect(mapping.Properties.DestinationConfig.OnFailure.Destination).toEqual({ 'Fn::GetAtt': ['StreamFailureQueue', 'Arn'] });
    expect(R.StreamFailureQueue.Type).toBe('AWS::SQS::Queue');
    const consumer = lambdas().find(([, fn]) => refersTo(mapping.Properties.FunctionName, lambdas().find(([, f]) => f === fn)![0]))!;
    const sends = statementsOf(roleOf(consumer[1])).find((s) => s.Action.includes('sqs:SendMessage'));
    expect(sends.Resource).toEqual([{ 'Fn::GetAtt': ['StreamFailureQueue', 'Arn'] }]);
  });

  test('the API stage is throttled and logs JSON without personal data', () => {
    const stage = R.HttpApiStage.Properties;
    expect(stage.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
    expect(stage.DefaultRouteSettings.ThrottlingBurstLimit).toBeGreaterThan(0);
    const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
    expect(format.requestId).toBe('$context.requestId');
    expect(format.status).toBe('$context.status');
    expect(JSON.stringify(format)).not.toMatch(/sourceIp|userAgent|identity|path|querystring|authorizer|user/i);
  });

  test('authority routes take IAM callers, and the city gets a policy for them', () => {
    const routes = Object.values(R).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');
    const authority = routes.filter((r) => String(r.Properties.RouteKey).includes('/v1/authority/'));
    expect(authority.length).toBeGreaterThan(0);
    for (const r of authority) expect(r.Properties.AuthorizationType).toBe('AWS_IAM');
    for (const r of routes.filter((x) => !authority.includes(x))) expect(r.Properties.AuthorizationType).toBeUndefined();
    const policy = R.AuthorityCallerPolicy;
    expect(policy.Type).toBe('AWS::IAM::ManagedPolicy');
    const [statement] = policy.Properties.PolicyDocument.Statement;
    expect(statement.Action).toEqual(['execute-api:Invoke']);
    expect(JSON.stringify(statement.Resource)).toMatch(/\/v1\/authority\/\*/);
    expect(pkg.template.Outputs.AuthorityCallerPolicyArn.Value).toEqual({ Ref: 'AuthorityCallerPolicy' });
  });

  test('a custom domain is a parameter: without one, no domain resources are created', () => {
    expect(R.ApiDomain.Condition).toBe('HasCustomDomain');
    expect(R.ApiDomainMapping.Condition).toBe('HasCustomDomain');
    expect(pkg.template.Conditions?.HasCustomDomain).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
  });

  test('bundles: no AWS SDK inside, minified with a source map, no PNG encoder, no alipay-sdk outside the functions that call Alipay', () => {
    for (const [name, code] of bundles) {
      // The SDK's own user-agent header name is in every bundled client (and in none of our code).
      expect({ name, sdkInside: code.includes('x-amz-user-agent') }).toEqual({ name, sdkInside: false });
      // Minified: nearly all of the code on a few very long lines (zod's generated-code templates
      // keep their own short lines, which in a small bundle pull the average line length down).
      const inLongLines = code.split('\n').filter((l) => l.length > 2000).reduce((n, l) => n + l.length, 0);
      expect({ name, minified: inLongLines / code.length > 0.9 }).toEqual({ name, minified: true });
      expect({ name, mapped: /\/\/# sourceMappingURL=[\w-]+\.mjs\.map\s*$/.test(code), png: /PNG signature|pngjs/i.test(code) }).toEqual({ name, mapped: true, png: false });
      const alipay = /alipay-sdk|AlipaySdk|openapi\.alipay\.com/.test(code);
      expect({ name, alipay }).toEqual({ name, alipay: ALIPAY_FUNCTIONS.includes(name) });
    }
    const env = lambdas()[0][1].Properties.Environment.Variables;
    expect(env.NODE_OPTIONS).toBe('--enable-source-maps');
  });

  test(`every zip is at most ${ZIP_LIMIT_BYTES / 1024} KB, with no exception`, () => {
    expect(ZIP_LIMIT_BYTES).toBe(300 * 1024);
    const over = pkg.functions.filter((f) => f.zipBytes > ZIP_LIMIT_BYTES).map((f) => ({ name: f.name, kb: Math.ceil(f.zipBytes / 1024) }));
    expect(over).toEqual([]);
    expect(pkg.functions.length).toBe(lambdas().length);
    expect(pkg.functions.find((f) => f.name === 'inspectorVerifications')!.zipBytes).toBeLessThan(200 * 1024);
  });

  test("alipay-sdk's HTTP client is the fetch adapter: no urllib, no undici, no multipart encoder in any bundle", () => {
    for (const [name, code] of bundles) {
      // undici's error codes, urllib's user agent, mime-db's table (formstream's), formstream's boundary.
      const carried = { undici: /UND_ERR_/.test(code), urllib: /node-urllib/.test(code), mimeDb: /application\/vnd\.ms-excel/.test(code), formstream: /multipart\/form-data; boundary=/.test(code) };
      expect({ name, ...carried }).toEqual({ name, undici: false, urllib: false, mimeDb: false, formstream: false });
    }
    // The adapter is there, in place of urllib, where alipay-sdk is.
    for (const name of ALIPAY_FUNCTIONS) expect({ name, adapter: /alipay transport: streamed answers are not built in/.test(bundles.get(name) ?? '') }).toEqual({ name, adapter: true });
  });
});
