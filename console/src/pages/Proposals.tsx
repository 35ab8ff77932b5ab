import { useEffect } from 'react';
import { Alert, Card, Descriptions, Table } from 'antd';
import { BASIS_LABELS, FEED_TYPE_LABELS, type ConsoleSessionResponse, type FeedProposal } from '../../../shared/api/console';
import { PROPOSAL_COLUMNS, ProposalDrawer, ProposalList, StatusTag, useProposals } from '../proposals';
import { time } from '../format';
import { ImpactView } from './Upload';

export function ProposalsPage({ session }: { session: ConsoleSessionResponse }) {
  const proposals = useProposals<FeedProposal>({
    session,
    path: '/v1/console/feed-proposals',
    approved: (out) => `已批准，${out.applied?.accepted ?? 0}条记录已生效`,
  });
  const { refresh, setDecisionError, open } = proposals;
  // One error on this page: the list's, shown above it, or the decision's, in the drawer.
  const error = proposals.decisionError;
  useEffect(() => {
    refresh().catch((err: Error) => setDecisionError(err.message));
  }, [refresh, setDecisionError]);

  return (
    <>
      <ProposalList
        title="待审批与历史提议"
        proposals={proposals}
        testId="proposal-list"
        banner={error && !open && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        columns={[
          PROPOSAL_COLUMNS.id,
          { title: '类型', render: (_, p: FeedProposal) => FEED_TYPE_LABELS[p.type] },
          PROPOSAL_COLUMNS.basis,
          { title: '人数', render: (_, p: FeedProposal) => p.impact.people },
          { title: '变色', render: (_, p: FeedProposal) => p.impact.colourChanges },
          PROPOSAL_COLUMNS.proposer,
          PROPOSAL_COLUMNS.proposedAt,
          PROPOSAL_COLUMNS.status,
        ]}
      />
      <ProposalDrawer proposals={proposals} size={720} approveLabel="批准并生效" danger={(p) => p.impact.colourChanges > 0}>
        {(open) => (
          <>
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
          </>
        )}
      </ProposalDrawer>
    </>
  );
}
