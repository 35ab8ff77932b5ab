import { useEffect, useState } from 'react';
import { Alert, Card, Table, Tag } from 'antd';
import { RULESET_STATE_LABELS, type ConsoleRulesets } from '../../../shared/api/console';
import { api } from '../api';

const STATE_COLORS = { scheduled: 'processing', active: 'success', superseded: 'default' } as const;
const time = (iso?: string) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');
type Row = ConsoleRulesets['rulesets'][number];

export function RulesetsPage() {
  const [data, setData] = useState<ConsoleRulesets>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<ConsoleRulesets>('GET', '/v1/console/rulesets').then(setData, (err: Error) => setError(err.message));
  }, []);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data) return null;
  return (
    <Card title="赋码规则版本">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={<span data-testid="ruleset-active">{`当前所有健康码按规则 ${data.active} 评估${data.builtIn ? '（系统内置版本）' : ''}`}</span>}
        description="新版本由卫健部门经机构接口提交，到生效时间后自动生效并重新评估全部居民。此处只读。"
      />
      <Table
        size="small"
        rowKey="version"
        dataSource={data.rulesets}
        data-testid="rulesets"
        columns={[
          { title: '版本', render: (_, r: Row) => (r.version === data.active ? <b>{r.version}</b> : r.version) },
          { title: '生效时间', render: (_, r: Row) => time(r.effectiveFrom) },
          { title: '状态', render: (_, r: Row) => <Tag color={STATE_COLORS[r.state]}>{RULESET_STATE_LABELS[r.state]}</Tag> },
          { title: '提交方', render: (_, r: Row) => r.principal ?? '' },
          { title: '提交时间', render: (_, r: Row) => time(r.storedAt) },
        ]}
      />
    </Card>
  );
}
