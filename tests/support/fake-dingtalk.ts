/**
 * A loopback fake of DingTalk's server API, speaking its wire format (oapi.dingtalk.com):
 *   GET  /gettoken?appkey&appsecret                  → { errcode: 0, access_token, expires_in }
 *   POST /topapi/v2/user/getuserinfo?access_token    { code }   → { errcode: 0, result: { userid, name } }
 *   POST /topapi/v2/user/get?access_token            { userid } → { errcode: 0, result: { userid, name, dept_id_list, role_list } }
 * and the OAuth2 web login (扫码登录) of the new API (api.dingtalk.com), same server:
 *   POST /v1.0/oauth2/userAccessToken  { clientId, clientSecret, code, grantType } → { accessToken, refreshToken, expireIn }
 *   GET  /v1.0/contact/users/me        header x-acs-dingtalk-access-token        → { nick, unionId, openId }
 *   POST /topapi/user/getbyunionid?access_token   { unionid } → { errcode: 0, result: { userid, contact_type } }
 * (the new API answers errors with HTTP 400/401 and { code, message }).
 * Auth codes are single-use, as DingTalk's are; a used or unknown code answers errcode 40078, a bad
 * token 40014. `hang` makes every call wait forever (a DingTalk outage as the caller sees it).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeDingTalkUser {
  userid: string;
  name: string;
  dept_id_list: number[];
  role_list: { id: number; name: string; group_name: string }[];
}

export interface FakeDingTalk {
  url: string;
  appKey: string;
  appSecret: string;
  /** Calls per path, e.g. calls['/gettoken']. */
  calls: Record<string, number>;
  /** Issues a single-use auth code for a user. */
  issueCode(userid: string): string;
  /** Issues a single-use web-login (OAuth2) auth code for a user. */
  issueWebCode(userid: string): string;
  addUser(user: FakeDingTalkUser): void;
  /** Invalidates every token issued so far (as if DingTalk rotated them). */
  revokeTokens(): void;
  hang: boolean;
  close(): Promise<void>;
}

export async function startFakeDingTalk(): Promise<FakeDingTalk> {
  const appKey = 'dingfakeappkey';
  const appSecret = 'fake-app-secret';
  const users = new Map<string, FakeDingTalkUser>();
  const codes = new Map<string, string>();
  const tokens = new Set<string>();
  const webCodes = new Map<string, string>();
  /** user access tokens of the web login → userid */
  const userTokens = new Map<string, string>();
  const unionOf = (userid: string) => `union-${userid}`;
  const calls: Record<string, number> = {};
  const hanging: ServerResponse[] = [];
  let seq = 0;

  const reply = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
    res.end(JSON.stringify(body));
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<Record<string, unknown>>((resolve) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        try {
          resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
        } catch {
          resolve({});
        }
      });
    });

  const fake: FakeDingTalk = {
    url: '',
    appKey,
    appSecret,
    calls,
    hang: false,
    issueCode(userid) {
      const code = `code-${++seq}-${userid}`;
      codes.set(code, userid);
      return code;
    },
    issueWebCode(userid) {
      const code = `web-${++seq}-${userid}`;
      webCodes.set(code, userid);
      return code;
    },
    addUser(user) {
      users.set(user.userid, user);
    },
    revokeTokens() {
      tokens.clear();
    },
    async close() {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    calls[url.pathname] = (calls[url.pathname] ?? 0) + 1;
    if (fake.hang) {
      hanging.push(res);
      return;
    }
    if (url.pathname === '/gettoken' && req.method === 'GET') {
      if (url.searchParams.get('appkey') !== appKey || url.searchParams.get('appsecret') !== appSecret) {
        return reply(res, { errcode: 40089, errmsg: '不合法的corpid或corpsecret' });
      }
      const token = `tok-${++seq}`;
      tokens.add(token);
      return reply(res, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 });
    }
    const body = await readBody(req);
    const fail = (status: number, code: string, message: string) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(JSON.stringify({ code, message, requestid: `r${seq}` }));
    };
    if (url.pathname === '/v1.0/oauth2/userAccessToken' && req.method === 'POST') {
      if (body.clientId !== appKey || body.clientSecret !== appSecret) return fail(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
      const userid = webCodes.get(String(body.code));
      webCodes.delete(String(body.code));
      if (body.grantType !== 'authorization_code' || !userid) return fail(400, 'invalidAuthCode', '不合法的临时授权码');
      const accessToken = `uat-${++seq}`;
      userTokens.set(accessToken, userid);
      return reply(res, { accessToken, refreshToken: `urt-${seq}`, expireIn: 7200, corpId: 'dingfakecorp' });
    }
    if (url.pathname === '/v1.0/contact/users/me' && req.method === 'GET') {
      const userid = userTokens.get(String(req.headers['x-acs-dingtalk-access-token'] ?? ''));
      if (!userid) return fail(401, 'InvalidAuthentication', '不合法的access_token');
      return reply(res, { nick: users.get(userid)?.name ?? '', unionId: unionOf(userid), openId: `open-${userid}`, stateCode: '86' });
    }
    if (req.method !== 'POST' || !tokens.has(url.searchParams.get('access_token') ?? '')) {
      return reply(res, { errcode: 40014, errmsg: '不合法的access_token' });
    }
    if (url.pathname === '/topapi/v2/user/getuserinfo') {
      const userid = codes.get(String(body.code));
      codes.delete(String(body.code));
      if (!userid) return reply(res, { errcode: 40078, errmsg: '不存在的临时授权码' });
      return reply(res, { errcode: 0, errmsg: 'ok', result: { userid, name: users.get(userid)?.name ?? '', sys: false }, request_id: `r${seq}` });
    }
    if (url.pathname === '/topapi/user/getbyunionid') {
      const user = [...users.values()].find((u) => unionOf(u.userid) === body.unionid);
      if (!user) return reply(res, { errcode: 60121, errmsg: '找不到该用户' });
      return reply(res, { errcode: 0, errmsg: 'ok', result: { userid: user.userid, contact_type: 0 }, request_id: `r${seq}` });
    }
    if (url.pathname === '/topapi/v2/user/get') {
      const user = users.get(String(body.userid));
      if (!user) return reply(res, { errcode: 60121, errmsg: '找不到该用户' });
      return reply(res, { errcode: 0, errmsg: 'ok', result: { ...user, active: true }, request_id: `r${seq}` });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
