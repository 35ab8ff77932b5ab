import { useEffect, useState } from 'react';
import { Alert, Card, Table, Tag } from 'antd';
import { BASIS_LABELS, type AuditEntry } from '../../../shared/api/console';
import { api } from '../api';

const ACTIONS: Record<AuditEntry['action'], string> = {
  'feed-proposed': '提交',
  'feed-approved': '批准',
  'feed-rejected': '驳回',
  'person-lookup': '查询居民',
  'checkpoint-created': '登记卡口',
  'checkpoint-updated': '修改卡口',
  'checkpoint-department-added': '关联部门',
  'checkpoint-department-removed': '取消关联部门',
};

export function AuditPage() {
  const [data, setData] = useState<{ verdict: { intact: boolean; entries: number; brokenAt?: number }; entries: AuditEntry[] }>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<typeof data>('GET', '/v1/console/audit').then(setData, (err: Error) => setError(err.message));
  }, []);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data) return null;
  return (
    <Card title="操作留痕（哈希链）">
      {data.verdict.intact ? (
        <Alert type="success" showIcon title={`留痕完整，共 ${data.verdict.entries} 条，未发现篡改`} style={{ marginBottom: 16 }} />
      ) : (
        <Alert type="error" showIcon title={`留痕在第 ${data.verdict.brokenAt} 条处断链，记录可能被篡改`} style={{ marginBottom: 16 }} />
      )}
      <Table
        size="small"
        rowKey="seq"
        dataSource={data.entries}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 70 },
          { title: '时间', render: (_, e: AuditEntry) => new Date(e.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) },
          { title: '操作', render: (_, e: AuditEntry) => <Tag>{ACTIONS[e.action]}</Tag> },
          { title: '编号', dataIndex: 'proposalId' },
          { title: '依据或事由', render: (_, e: AuditEntry) => (e.basis ? `${BASIS_LABELS[e.basis.kind]} ${e.basis.reference}` : e.lookup ? `${e.lookup.maskedDocument} · ${e.lookup.reason}${e.lookup.found ? '' : '（未找到）'}` : e.checkpoint ? `${e.checkpoint.name}${e.checkpoint.departmentId ? ` · 钉钉部门${e.checkpoint.departmentId}` : ''}` : '') },
          { title: '操作人', render: (_, e: AuditEntry) => e.proposer.name },
          { title: '审批人', render: (_, e: AuditEntry) => e.decider?.name ?? '' },
          { title: '哈希', render: (_, e: AuditEntry) => <code>{e.hash.slice(0, 12)}…</code> },
        ]}
      />
    </Card>
  );
}
