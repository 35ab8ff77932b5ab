import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Card, Descriptions, Drawer, Space, Table } from 'antd';
import { BASIS_LABELS, FEED_TYPE_LABELS, type ConsoleSessionResponse, type FeedProposal, type ProposalStatus } from '../../../shared/api/console';
import { api } from '../api';
import { DecisionCard, StatusFilter, StatusTag, time } from '../proposals';
import { ImpactView } from './Upload';


export function ProposalsPage({ session }: { session: ConsoleSessionResponse }) {
  const { message } = App.useApp();
  const [status, setStatus] = useState<ProposalStatus | 'all'>('proposed');
  const [list, setList] = useState<FeedProposal[]>([]);
  const [open, setOpen] = useState<FeedProposal>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    const q = status === 'all' ? '' : `?status=${status}`;
    setList((await api<{ proposals: FeedProposal[] }>('GET', `/v1/console/feed-proposals${q}`)).proposals);
  }, [status]);
  useEffect(() => {
    refresh().catch((err: Error) => setError(err.message));
  }, [refresh]);

  const decide = async (decision: 'approve' | 'reject') => {
    if (!open) return;
    setBusy(true);
    setError(undefined);
    try {
      const out = await api<FeedProposal>('POST', `/v1/console/feed-proposals/${open.id}/decision`, { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      setOpen(out);
      message.success(decision === 'approve' ? `已批准，${out.applied?.accepted ?? 0}条记录已生效` : '已驳回');
      await refresh();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const own = open?.proposer.id === session.official.id;
  const canApprove = session.official.roles.includes('approver');

  return (
    <Card title="待审批与历史提议" extra={<StatusFilter value={status} onChange={setStatus} />}>
      {error && !open && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Table
        rowKey="id"
        dataSource={list}
        data-testid="proposal-list"
        onRow={(p) => ({ onClick: () => { setOpen(p); setReason(''); setError(undefined); }, style: { cursor: 'pointer' } })}
        columns={[
          { title: '提议编号', dataIndex: 'id' },
          { title: '类型', render: (_, p: FeedProposal) => FEED_TYPE_LABELS[p.type] },
          { title: '依据', render: (_, p: FeedProposal) => `${BASIS_LABELS[p.basis.kind]} ${p.basis.reference}` },
          { title: '人数', render: (_, p: FeedProposal) => p.impact.people },
          { title: '变色', render: (_, p: FeedProposal) => p.impact.colourChanges },
          { title: '提议人', render: (_, p: FeedProposal) => p.proposer.name },
          { title: '提议时间', render: (_, p: FeedProposal) => time(p.proposedAt) },
          { title: '状态', render: (_, p: FeedProposal) => <StatusTag status={p.status} /> },
        ]}
      />
      <Drawer size={720} open={Boolean(open)} onClose={() => setOpen(undefined)} title={open ? `提议${open.id}` : ''}>
        {open && (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <Descriptions
              column={2}
              bordered
              size="small"
              items={[
                { key: 'type', label: '数据类型', children: FEED_TYPE_LABELS[open.type] },
                { key: 'status', label: '状态', children: <StatusTag status={open.status} /> },
                { key: 'basis', label: BASIS_LABELS[open.basis.kind], children: open.basis.reference, span: 2 },
                { key: 'p', label: '提议人', children: open.proposer.name },
                { key: 'pt', label: '提议时间', children: time(open.proposedAt) },
                ...(open.decider ? [{ key: 'd', label: open.status === 'approved' ? '审批人' : '驳回人', children: open.decider.name }, { key: 'dt', label: '审批时间', children: time(open.decidedAt) }] : []),
                ...(open.reason ? [{ key: 'r', label: '理由', children: open.reason, span: 2 }] : []),
                ...(open.applied ? [{ key: 'a', label: '生效', children: `${open.applied.accepted}条记录已生效，重新评估${open.applied.affected}位居民`, span: 2 }] : []),
              ]}
            />
            <Card size="small" title="影响预览（提交时计算）">
              <ImpactView impact={open.impact} />
            </Card>
            <Table size="small" rowKey={(r) => `${r.document}${r.at}`} pagination={false} dataSource={open.sample} columns={[{ title: '证件（脱敏）', dataIndex: 'document' }, { title: '日期', dataIndex: 'at' }, { title: '最后接触日期', dataIndex: 'day' }]} />
            {open.status === 'proposed' && canApprove && (
              <DecisionCard own={own} error={error} busy={busy} reason={reason} onReason={setReason} onDecide={(d) => void decide(d)} approveLabel="批准并生效" danger={open.impact.colourChanges > 0} />
            )}
          </Space>
        )}
      </Drawer>
    </Card>
  );
}
