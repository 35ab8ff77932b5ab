import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Input, Segmented, Space, Table, Tag } from 'antd';
import { BASIS_LABELS, FEED_TYPE_LABELS, PROPOSAL_STATUS_LABELS, type ConsoleSessionResponse, type FeedProposal, type ProposalStatus } from '../../../shared/api/console';
import { api } from '../api';
import { ImpactView } from './Upload';

const STATUS_COLORS: Record<ProposalStatus, string> = { proposed: 'processing', approved: 'success', rejected: 'default' };
const time = (iso?: string) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');

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
    <Card title="待审批与历史提议" extra={<Segmented value={status} onChange={(v) => setStatus(v as ProposalStatus | 'all')} options={[{ value: 'proposed', label: '待审批' }, { value: 'approved', label: '已批准' }, { value: 'rejected', label: '已驳回' }, { value: 'all', label: '全部' }]} />}>
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
          { title: '状态', render: (_, p: FeedProposal) => <Tag color={STATUS_COLORS[p.status]}>{PROPOSAL_STATUS_LABELS[p.status]}</Tag> },
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
                { key: 'status', label: '状态', children: <Tag color={STATUS_COLORS[open.status]}>{PROPOSAL_STATUS_LABELS[open.status]}</Tag> },
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
              <Card size="small" title="审批">
                {own && <Alert type="warning" showIcon title="提议人不能审批自己的提议，请由另一位审批人审批" style={{ marginBottom: 12 }} data-testid="own-proposal" />}
                {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="decision-error" />}
                <Input.TextArea rows={2} maxLength={200} placeholder="理由（驳回时必填）" value={reason} onChange={(e) => setReason(e.target.value)} />
                <Space style={{ marginTop: 12 }}>
                  <Button type="primary" danger={open.impact.colourChanges > 0} loading={busy} disabled={own} onClick={() => void decide('approve')} data-testid="approve">
                    批准并生效
                  </Button>
                  <Button loading={busy} disabled={own || !reason.trim()} onClick={() => void decide('reject')} data-testid="reject">
                    驳回
                  </Button>
                </Space>
              </Card>
            )}
          </Space>
        )}
      </Drawer>
    </Card>
  );
}
