import { deployableSecrets } from '../../../functions/adapters/secrets';
import { newDeploymentSecrets, rotated, vendorSections } from '../../../scripts/secrets';

describe('npm run secrets', () => {
  test('a new deployment gets fresh keys and only the wrapped field key', async () => {
    const seen: Buffer[] = [];
    const s = await newDeploymentSecrets(async (plain) => {
      seen.push(Buffer.from(plain));
      return `wrapped:${plain.length}`;
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toHaveLength(32);
    expect(s.fieldKey).toBeUndefined();
    expect(s.fieldKeyWrapped).toBe('wrapped:32');
    expect(JSON.stringify(s)).not.toContain(seen[0].toString('base64url'));
    expect(deployableSecrets.safeParse(s).success).toBe(true);
    const other = await newDeploymentSecrets(async () => 'w');
    expect(other.codeKeySeed).not.toBe(s.codeKeySeed);
  });

  test('only the session key rotates; data keys never do', async () => {
    const s = await newDeploymentSecrets(async () => 'w');
    const r = rotated(s, 'session-key');
    expect(r.sessionKey).not.toBe(s.sessionKey);
    expect({ ...r, sessionKey: s.sessionKey }).toEqual(s);
    expect(() => rotated(s, 'lookup-key')).toThrow(/only session-key/);
  });

  test('the vendors file may carry Alipay and DingTalk credentials and nothing else', () => {
    const dingtalk = { appKey: 'k', appSecret: 's' };
    expect(vendorSections({ dingtalk })).toEqual({ alipay: undefined, dingtalk });
    expect(() => vendorSections({ dingtalk, sessionKey: 'x' })).toThrow();
  });
});
