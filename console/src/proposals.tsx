/**
 * What every two-person decision page shares (feeds, risk-area levels, rulesets): the status tag and
 * filter, and the approver's card. One card, so the rule "a proposer never decides their own" reads
 * and behaves the same on every page.
 */
import { Alert, Button, Card, Input, Segmented, Space, Tag } from 'antd';
import { PROPOSAL_STATUS_LABELS, type ProposalStatus } from '../../shared/api/console';

const STATUS_COLORS: Record<ProposalStatus, string> = { proposed: 'processing', approved: 'success', rejected: 'default' };

export const time = (iso?: string) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');

export function StatusTag({ status, testId }: { status: ProposalStatus; testId?: string }) {
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId}>
      {PROPOSAL_STATUS_LABELS[status]}
    </Tag>
  );
}

export type StatusFilterValue = ProposalStatus | 'all';

export function StatusFilter({ value, onChange }: { value: StatusFilterValue; onChange: (value: StatusFilterValue) => void }) {
  return (
    <Segmented
      value={value}
      onChange={(v) => onChange(v as StatusFilterValue)}
      options={[{ value: 'proposed', label: '待审批' }, { value: 'approved', label: '已批准' }, { value: 'rejected', label: '已驳回' }, { value: 'all', label: '全部' }]}
    />
  );
}

/** The approver's card: a reason (required to reject), approve and reject, both refused to the proposer. */
export function DecisionCard(props: {
  own: boolean;
  error?: string;
  busy: boolean;
  reason: string;
  onReason: (reason: string) => void;
  onDecide: (decision: 'approve' | 'reject') => void;
  approveLabel: string;
  danger: boolean;
}) {
  const { own, error, busy, reason, onReason, onDecide, approveLabel, danger } = props;
  return (
    <Card size="small" title="审批">
      {own && <Alert type="warning" showIcon title="提议人不能审批自己的提议，请由另一位审批人审批" style={{ marginBottom: 12 }} data-testid="own-proposal" />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="decision-error" />}
      <Input.TextArea rows={2} maxLength={200} placeholder="理由（驳回时必填）" value={reason} onChange={(e) => onReason(e.target.value)} />
      <Space style={{ marginTop: 12 }}>
        <Button type="primary" danger={danger} loading={busy} disabled={own} onClick={() => onDecide('approve')} data-testid="approve">
          {approveLabel}
        </Button>
        <Button loading={busy} disabled={own || !reason.trim()} onClick={() => onDecide('reject')} data-testid="reject">
          驳回
        </Button>
      </Space>
    </Card>
  );
}
