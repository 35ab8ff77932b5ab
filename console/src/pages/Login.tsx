import { useEffect, useState } from 'react';
import { Alert, Button, Card, Divider, Form, Input, Typography } from 'antd';
import type { ConsoleSessionResponse } from '../../../shared/api/console';
import { api } from '../api';
import { useBusy } from '../busy';

/** The DingTalk web-login app's client id, set at build time (VITE_DINGTALK_CLIENT_ID); absent locally. */
const DINGTALK_CLIENT_ID = import.meta.env.VITE_DINGTALK_CLIENT_ID as string | undefined;

function dingTalkLoginUrl(): string {
  const redirect = `${location.origin}${location.pathname}`;
  const q = new URLSearchParams({ redirect_uri: redirect, response_type: 'code', client_id: DINGTALK_CLIENT_ID ?? '', scope: 'openid corpid', prompt: 'consent' });
  return `https://login.dingtalk.com/oauth2/auth?${q.toString()}`;
}

export function LoginPage({ onSignedIn }: { onSignedIn: (s: ConsoleSessionResponse) => void }) {
  const [error, setError] = useState<string>();
  const { busy, run } = useBusy();

  const signIn = (body: unknown) => run(setError, async () => onSignedIn(await api<ConsoleSessionResponse>('POST', '/v1/console/sessions', body)));

  // Back from DingTalk's QR login: the redirect carries ?authCode=…
  useEffect(() => {
    const code = new URLSearchParams(location.search).get('authCode');
    if (!code) return;
    history.replaceState(null, '', location.pathname + location.hash);
    void signIn({ provider: 'dingtalk', authCode: code });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f4f8' }}>
      <Card style={{ width: 420 }}>
        <Typography.Title level={3}>丽水健康码 · 管理后台</Typography.Title>
        <Typography.Paragraph type="secondary">卫健委、疾控流调与大数据局工作人员登录。健康码颜色只由规则生成，任何人不能手动设置。</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        {DINGTALK_CLIENT_ID && (
          <>
            <Button type="primary" block size="large" href={dingTalkLoginUrl()}>
              钉钉扫码登录（浙政钉）
            </Button>
            <Divider />
          </>
        )}
        <Form layout="vertical" onFinish={(v: { subject: string }) => void signIn({ provider: 'sandbox', subject: v.subject.trim() })}>
          <Form.Item label="测试账号（仅测试环境）" name="subject" rules={[{ required: true, message: '请输入测试账号' }]} extra="例如 demo-proposer、demo-approver、demo-lead、demo-viewer">
            <Input placeholder="demo-proposer" autoComplete="username" />
          </Form.Item>
          <Button htmlType="submit" block loading={busy}>
            测试账号登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
