import { useEffect, useState } from 'react';
import { Alert, Card, Descriptions, Table, Tag } from 'antd';
import type { ConsoleRiskAreas } from '../../../shared/api/console';
import { RISK_LEVEL_LABELS } from '../../../shared/api/authority';
import { api } from '../api';

const LEVEL_COLORS = { high: 'error', medium: 'warning', low: 'success' } as const;
type Area = ConsoleRiskAreas['areas'][number];

export function RiskAreasPage() {
  const [data, setData] = useState<ConsoleRiskAreas>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<ConsoleRiskAreas>('GET', '/v1/console/risk-areas').then(setData, (err: Error) => setError(err.message));
  }, []);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data) return null;
  const inForce = data.areas.filter((a) => !a.until);
  return (
    <Card title="风险地区（五色图名单）">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="名单由卫健部门经机构接口发布，发布后按规则重新评估旅居过这些地区的居民。此处只读，后台不能直接修改任何人的健康码。"
      />
      <Descriptions
        size="small"
        bordered
        column={3}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'v', label: '版本', children: data.version ?? '尚未发布' },
          { key: 'p', label: '发布时间', children: data.publishedAt ? new Date(data.publishedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—' },
          { key: 'n', label: '现行风险地区', children: <span data-testid="risk-count">{inForce.length} 个</span> },
        ]}
      />
      <Table
        size="small"
        rowKey={(a: Area) => `${a.region}${a.since}`}
        dataSource={data.areas}
        data-testid="risk-areas"
        columns={[
          { title: '地区', dataIndex: 'name' },
          { title: '区划代码', dataIndex: 'region' },
          { title: '等级', render: (_, a: Area) => <Tag color={LEVEL_COLORS[a.level]}>{RISK_LEVEL_LABELS[a.level]}</Tag> },
          { title: '起始日期', dataIndex: 'since' },
          { title: '状态', render: (_, a: Area) => (a.until ? `已于 ${a.until} 调整` : '现行') },
        ]}
      />
    </Card>
  );
}
