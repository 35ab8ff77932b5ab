import { useEffect, useState } from 'react';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import type { ConsoleSessionResponse } from '../../shared/api/console';
import { OFFICIAL_ROLE_LABELS } from '../../shared/api/console';
import { savedSession, saveSession } from './api';
import { LoginPage } from './pages/Login';
import { DashboardPage } from './pages/Dashboard';
import { UploadPage } from './pages/Upload';
import { ProposalsPage } from './pages/Proposals';
import { AuditPage } from './pages/Audit';
import { CorrectionsPage } from './pages/Corrections';
import { LookupPage } from './pages/Lookup';
import { RiskAreasPage } from './pages/RiskAreas';
import { CheckpointsPage } from './pages/Checkpoints';
import { RulesetsPage } from './pages/Rulesets';

const PAGES = [
  { key: 'dashboard', label: '数据看板' },
  { key: 'upload', label: '数据上报' },
  { key: 'proposals', label: '审批' },
  { key: 'corrections', label: '纠错' },
  { key: 'lookup', label: '居民查询' },
  { key: 'risk-areas', label: '风险地区' },
  { key: 'checkpoints', label: '卡口管理' },
  { key: 'rulesets', label: '规则版本' },
  { key: 'audit', label: '操作留痕' },
] as const;
type PageKey = (typeof PAGES)[number]['key'];

function pageFromHash(): PageKey {
  const key = location.hash.replace(/^#\/?/, '');
  return (PAGES.find((p) => p.key === key)?.key ?? 'dashboard') as PageKey;
}

export function App() {
  const [session, setSession] = useState<ConsoleSessionResponse | undefined>(savedSession());
  const [page, setPage] = useState<PageKey>(pageFromHash());
  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  if (!session) {
    return (
      <LoginPage
        onSignedIn={(s) => {
          saveSession(s);
          setSession(s);
        }}
      />
    );
  }
  const signOut = () => {
    saveSession(undefined);
    setSession(undefined);
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          丽水健康码 · 管理后台
        </Typography.Title>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[page]}
          items={PAGES.map((p) => ({ key: p.key, label: p.label }))}
          onClick={({ key }) => {
            location.hash = `#/${key}`;
          }}
          style={{ flex: 1, minWidth: 0 }}
        />
        <Space>
          <span style={{ color: '#fff' }} data-testid="official-name">
            {session.official.name}
          </span>
          {session.official.roles.map((r) => (
            <Tag key={r} color="blue">
              {OFFICIAL_ROLE_LABELS[r]}
            </Tag>
          ))}
          <Button size="small" onClick={signOut}>
            退出
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        {page === 'dashboard' && <DashboardPage />}
        {page === 'upload' && <UploadPage session={session} />}
        {page === 'proposals' && <ProposalsPage session={session} />}
        {page === 'corrections' && <CorrectionsPage session={session} />}
        {page === 'lookup' && <LookupPage />}
        {page === 'risk-areas' && <RiskAreasPage session={session} />}
        {page === 'checkpoints' && <CheckpointsPage session={session} />}
        {page === 'rulesets' && <RulesetsPage session={session} />}
        {page === 'audit' && <AuditPage />}
      </Layout.Content>
    </Layout>
  );
}
