/**
 * Writes a stage's secrets parameter, after the stage's first deploy (the KMS key exists only then):
 *
 *   npm run secrets -- --stage prod [--region cn-northwest-1] [--vendors vendors.json]
 *   npm run secrets -- --stage prod --rotate session-key
 *   npm run secrets -- --stage prod --vendors vendors.json     # an existing parameter: replace the vendor credentials
 *
 * A new parameter gets fresh keys (session, code-key seed, lookup, holder reference) and a fresh
 * field data key, wrapped by the stage's KMS key (found by its alias) so only the functions can
 * unwrap it; the plain field key is never stored. The parameter is a SecureString under that key.
 * An existing parameter is never replaced wholesale: a new lookup or field key would make every
 * stored ID number unreadable and unfindable. Runs with the caller's AWS credentials.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { KMSClient, EncryptCommand } from '@aws-sdk/client-kms';
import { SSMClient, GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { deployableSecrets, secretsSchema, type Secrets } from '../functions/adapters/secrets';
import { dataKeyAlias, SERVICE } from './lib/aws-stack';

const key32 = () => randomBytes(32).toString('base64url');

/** The vendor sections an operator supplies (Alipay and DingTalk app credentials); nothing else is taken from the file. */
export function vendorSections(raw: unknown): Pick<Secrets, 'alipay' | 'dingtalk'> {
  const parsed = secretsSchema.pick({ alipay: true, dingtalk: true }).strict().parse(raw);
  return { alipay: parsed.alipay, dingtalk: parsed.dingtalk };
}

/** Fresh secrets of a deployment: the field key only as `wrap` returns it. */
export async function newDeploymentSecrets(wrap: (plain: Buffer) => Promise<string>, vendors: Pick<Secrets, 'alipay' | 'dingtalk'> = {}): Promise<Secrets> {
  const fieldKey = randomBytes(32);
  const secrets: Secrets = {
    sessionKey: key32(),
    codeKeys: [],
    codeKeySeed: key32(),
    fieldKeyWrapped: await wrap(fieldKey),
    lookupKey: key32(),
    holderRefKey: key32(),
    ...vendors,
  };
  fieldKey.fill(0);
  return deployableSecrets.parse(secrets);
}

/** A rotation the deployment survives: the session key (everyone signs in again). */
export function rotated(secrets: Secrets, what: string): Secrets {
  if (what !== 'session-key') throw new Error(`cannot rotate ${what}: only session-key (code keys rotate by themselves; the field and lookup keys protect stored data)`);
  return { ...secrets, sessionKey: key32() };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { stage: { type: 'string' }, region: { type: 'string' }, vendors: { type: 'string' }, rotate: { type: 'string' }, parameter: { type: 'string' } },
  });
  const stage = values.stage;
  if (!stage || stage === 'local') throw new Error('give an AWS stage: npm run secrets -- --stage prod');
  const region = values.region ?? process.env.AWS_REGION ?? 'cn-northwest-1';
  const name = values.parameter ?? `/${SERVICE}/${stage}/secrets`;
  const keyId = dataKeyAlias(stage);
  const ssm = new SSMClient({ region });
  const vendors = values.vendors ? vendorSections(JSON.parse(readFileSync(values.vendors, 'utf8'))) : undefined;

  let existing: Secrets | undefined;
  try {
    const out = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    existing = deployableSecrets.parse(JSON.parse(out.Parameter?.Value ?? '{}'));
  } catch (err) {
    if ((err as Error).name !== 'ParameterNotFound') throw err;
  }

  let next: Secrets;
  if (!existing) {
    const kms = new KMSClient({ region });
    next = await newDeploymentSecrets(async (plain) => {
      const out = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plain }));
      return Buffer.from(out.CiphertextBlob ?? new Uint8Array()).toString('base64');
    }, vendors);
  } else if (values.rotate || vendors) {
    next = values.rotate ? rotated(existing, values.rotate) : existing;
    if (vendors) next = { ...next, ...vendors };
  } else {
    console.log(`${name} exists; nothing changed (--rotate session-key or --vendors <file> change it)`);
    return;
  }
  const value = JSON.stringify(next);
  await ssm.send(new PutParameterCommand({
    Name: name,
    Type: 'SecureString',
    KeyId: keyId,
    Value: value,
    Overwrite: existing !== undefined,
    // Standard parameters hold 4 KB; PEM keys of the vendors may need more.
    Tier: Buffer.byteLength(value) > 4096 ? 'Advanced' : 'Standard',
  }));
  const vendorsSet = [next.alipay && 'alipay', next.dingtalk && 'dingtalk'].filter(Boolean).join(', ') || 'none yet (--vendors <file>)';
  console.log(`${existing ? 'updated' : 'created'} ${name} (SecureString, ${keyId}); vendor credentials: ${vendorsSet}`);
  if (existing) console.log('running instances keep the secrets they loaded; new instances read these (a deploy that changes the functions\' configuration replaces them all)');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err: Error) => {
    console.error(`npm run secrets: ${err.name}: ${err.message}`);
    process.exit(1);
  });
}
