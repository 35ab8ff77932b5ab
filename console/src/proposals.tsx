/**
 * What every two-person decision page shares (feeds, risk-area levels, rulesets): the status tag and
 * filter, the list and its drawer, the approver's card and the proposer's basis. One of each, so the rule
 * "a proposer never decides their own" reads and behaves the same on every page; each page keeps only
 * what its proposals hold of their own (an impact, a dry run, the records).
 */
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Input, Segmented, Select, Space, Table, Tag } from 'antd';
import type { DescriptionsItemType } from 'antd/es/descriptions';
import type { ColumnType } from 'antd/es/table';
import {
  BASIS_LABELS,
  DECISION_BASIS_KINDS,
  PROPOSAL_STATUS_LABELS,
  type ConsoleSessionResponse,
  type ProposalStatus,
} from '../../shared/api/console';
import { api } from './api';
import { useBusy } from './busy';
import { time } from './format';

const STATUS_COLORS: Record<ProposalStatus, string> = { proposed: 'processing', approved: 'success', rejected: 'default' };

/** What the feed, risk-area and ruleset proposals have in common. */
export interface Proposal {
  id: string;
  basis: { kind: keyof typeof BASIS_LABELS; reference: string };
  status: ProposalStatus;
  proposer: { id: string; name: string };
  proposedAt: string;
  decider?: { name: string };
  decidedAt?: string;
  reason?: string;
}

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

/**
 * A page's proposals: the list under the status filter, the one open in the drawer, and the decision on it.
 * `path` is the list's route; a proposal is `${path}/${id}` and its decision `${path}/${id}/decision`.
 * `load` fetches the page's own figures together with the list, so both arrive in one render.
 */
export function useProposals<P extends Proposal, T = undefined>(options: {
  session: ConsoleSessionResponse;
  path: string;
  load?: () => Promise<T>;
  /** Fetch the proposal again on opening: its route adds what it would do now. */
  detail?: boolean;
  /** The toast once approved. */
  approved: (out: P) => string;
}) {
  const { session, path, detail = false, approved } = options;
  const { message } = App.useApp();
  const { busy, run } = useBusy();
  const [data, setData] = useState<T>();
  const [status, setStatus] = useState<StatusFilterValue>('proposed');
  const [proposals, setProposals] = useState<P[]>([]);
  const [open, setOpen] = useState<P>();
  const [reason, setReason] = useState('');
  const [decisionError, setDecisionError] = useState<string>();
  // The page's loader is a new function each render: held here so the list reloads only when the filter changes.
  const load = useRef(options.load);
  load.current = options.load;

  const refresh = useCallback(async () => {
    const q = status === 'all' ? '' : `?status=${status}`;
    const [page, list] = await Promise.all([load.current?.(), api<{ proposals: P[] }>('GET', `${path}${q}`)]);
    setData(page);
    setProposals(list.proposals);
  }, [status, path]);

  const show = async (p: P) => {
    setOpen(p);
    setReason('');
    setDecisionError(undefined);
    if (!detail) return;
    try {
      setOpen(await api<P>('GET', `${path}/${p.id}`));
    } catch (err) {
      setDecisionError((err as Error).message);
    }
  };

  const decide = async (decision: 'approve' | 'reject') => {
    if (!open) return;
    await run(setDecisionError, async () => {
      const out = await api<P>('POST', `${path}/${open.id}/decision`, { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      setOpen(out);
      message.success(decision === 'approve' ? approved(out) : '已驳回');
      await refresh();
    });
  };

  return {
    path,
    data,
    status,
    setStatus,
    proposals,
    refresh,
    open,
    setOpen,
    show,
    reason,
    setReason,
    decisionError,
    setDecisionError,
    decide,
    busy,
    run,
    own: open?.proposer.id === session.official.id,
    canApprove: session.official.roles.includes('approver'),
  };
}
export type Proposals<P extends Proposal> = ReturnType<typeof useProposals<P, unknown>>;

/** The columns every proposal list has; each page puts its own between them. */
export const PROPOSAL_COLUMNS = {
  id: { title: '提议编号', dataIndex: 'id' },
  basis: { title: '依据', render: (_, p) => `${BASIS_LABELS[p.basis.kind]} ${p.basis.reference}` },
  proposer: { title: '提议人', render: (_, p) => p.proposer.name },
  proposedAt: { title: '提议时间', render: (_, p) => time(p.proposedAt) },
  status: { title: '状态', render: (_, p) => <StatusTag status={p.status} /> },
} satisfies Record<string, ColumnType<Proposal>>;

/** The list under its status filter, in a card; a row opens its proposal in the drawer. `banner` stands above the table. */
export function ProposalList<P extends Proposal>(props: { title: string; proposals: Proposals<P>; testId: string; columns: ColumnType<P>[]; size?: 'small'; banner?: ReactNode }) {
  const { title, proposals, testId, columns, size, banner } = props;
  return (
    <Card title={title} extra={<StatusFilter value={proposals.status} onChange={proposals.setStatus} />}>
      {banner}
      <Table
        rowKey="id"
        size={size}
        dataSource={proposals.proposals}
        data-testid={testId}
        onRow={(p) => ({ onClick: () => void proposals.show(p), style: { cursor: 'pointer' } })}
        columns={columns}
      />
    </Card>
  );
}

/**
 * The drawer's table in one column: the status, the page's own rows, the basis, who proposed and who
 * decided (with the reason), and what it applied once approved.
 */
export function ProposalDetails({ open, statusTestId, rows, applied }: { open: Proposal; statusTestId: string; rows: DescriptionsItemType[]; applied?: ReactNode }) {
  return (
    <Descriptions
      column={1}
      bordered
      size="small"
      items={[
        { key: 'status', label: '状态', children: <StatusTag status={open.status} testId={statusTestId} /> },
        ...rows,
        { key: 'basis', label: BASIS_LABELS[open.basis.kind], children: open.basis.reference },
        { key: 'proposer', label: '提议人', children: `${open.proposer.name}（${time(open.proposedAt)}）` },
        ...(open.decider ? [{ key: 'decider', label: open.status === 'approved' ? '审批人' : '驳回人', children: `${open.decider.name}（${time(open.decidedAt)}）` }] : []),
        ...(open.reason ? [{ key: 'reason', label: '理由', children: open.reason }] : []),
        ...(applied !== undefined ? [{ key: 'applied', label: '生效', children: applied }] : []),
      ]}
    />
  );
}

/** The open proposal: what the page shows of it, then the approver's card while it waits for a decision. */
export function ProposalDrawer<P extends Proposal>(props: {
  proposals: Proposals<P>;
  size: number;
  approveLabel: string;
  /** Whether approving is marked dangerous (it changes residents' codes). */
  danger?: (open: P) => boolean;
  children: (open: P) => ReactNode;
}) {
  const { proposals: p, size, approveLabel, danger = () => true, children } = props;
  const { open } = p;
  return (
    <Drawer size={size} open={Boolean(open)} onClose={() => p.setOpen(undefined)} title={open ? `提议${open.id}` : ''}>
      {open && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          {children(open)}
          {open.status === 'proposed' && p.canApprove && (
            <DecisionCard own={p.own} error={p.decisionError} busy={p.busy} reason={p.reason} onReason={p.setReason} onDecide={(d) => void p.decide(d)} approveLabel={approveLabel} danger={danger(open)} />
          )}
        </Space>
      )}
    </Drawer>
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

type DecisionBasisKind = (typeof DECISION_BASIS_KINDS)[number];

/**
 * The proposer's side of a risk-area or ruleset page: the basis (a notice or a document) and the form's
 * error. `propose` sends the page's body with the basis; `request` runs another of the form's calls.
 */
export function useProposalForm<P extends Proposal>(proposals: Proposals<P>, initialKind: DecisionBasisKind) {
  const { message } = App.useApp();
  const [basisKind, setBasisKind] = useState<DecisionBasisKind>(initialKind);
  const [reference, setReference] = useState('');
  const [formError, setFormError] = useState<string>();
  const request = (work: () => Promise<void>) => proposals.run(setFormError, work);
  /** On success the page's `reset` clears its own fields. */
  const propose = (body: object, reset: () => void) =>
    request(async () => {
      const out = await api<P>('POST', proposals.path, { ...body, basis: { kind: basisKind, reference: reference.trim() } });
      message.success(`已提交提议${out.id}，等待另一位审批人审批`);
      reset();
      setReference('');
      await proposals.refresh();
    });
  return { basisKind, setBasisKind, reference, setReference, formError, setFormError, request, propose };
}
export type ProposalForm = ReturnType<typeof useProposalForm>;

/** The basis's kind and reference, side by side in the form. */
export function BasisFields({ form, placeholder, testId }: { form: ProposalForm; placeholder: string; testId: string }) {
  return (
    <>
      <Select style={{ width: 180 }} value={form.basisKind} onChange={form.setBasisKind} options={DECISION_BASIS_KINDS.map((k) => ({ value: k, label: BASIS_LABELS[k] }))} />
      <Input style={{ width: 240 }} maxLength={64} placeholder={placeholder} value={form.reference} onChange={(e) => form.setReference(e.target.value)} data-testid={testId} />
    </>
  );
}
