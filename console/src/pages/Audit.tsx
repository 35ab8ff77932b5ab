import { useEffect, useState } from 'react';
import { Alert, Card, Table, Tag } from 'antd';
import { AUDIT_ACTION_LABELS, BASIS_LABELS, type AuditEntry } from '../../../shared/api/console';
import { api } from '../api';
import { time } from '../format';

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
        <Alert type="success" showIcon title={`留痕完整，共${data.verdict.entries}条，未发现篡改`} style={{ marginBottom: 16 }} />
      ) : (
        <Alert type="error" showIcon title={`留痕在第${data.verdict.brokenAt}条处断链，记录可能被篡改`} style={{ marginBottom: 16 }} />
      )}
      <Table
        size="small"
        rowKey="seq"
        dataSource={data.entries}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 70 },
          { title: '时间', render: (_, e: AuditEntry) => time(e.at) },
          { title: '操作', render: (_, e: AuditEntry) => <Tag>{AUDIT_ACTION_LABELS[e.action]}</Tag> },
          { title: '编号', dataIndex: 'proposalId' },
          { title: '内容', render: (_, e: AuditEntry) => e.subject ?? (e.checkpoint ? `${e.checkpoint.name}（${e.checkpoint.id}）${e.checkpoint.departmentId ? `·部门${e.checkpoint.departmentId}` : ''}` : '') },
          { title: '依据或事由', render: (_, e: AuditEntry) => (e.basis ? `${BASIS_LABELS[e.basis.kind]} ${e.basis.reference}` : e.lookup ? `${e.lookup.maskedDocument} · ${e.lookup.reason}${e.lookup.found ? '' : '（未找到）'}` : '') },
          { title: '操作人', render: (_, e: AuditEntry) => e.proposer.name },
          { title: '审批人', render: (_, e: AuditEntry) => e.decider?.name ?? '' },
          { title: '哈希', render: (_, e: AuditEntry) => <code>{e.hash.slice(0, 12)}…</code> },
        ]}
      />
    </Card>
  );
}
