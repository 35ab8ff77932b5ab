import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Input, Radio, Segmented, Space, Table, Tag, Timeline } from 'antd';
import type { ConsoleSessionResponse } from '../../../shared/api/console';
import type { AuthorityCorrection, CorrectionDecision, CorrectionState, CorrectionStep } from '../../../shared/api/corrections';
import { api } from '../api';
import { useBusy } from '../busy';
import { time } from '../format';

/** What an official reads about each state (the residents' texts are in shared/api/corrections). */
const STATE_LABELS: Record<CorrectionState, string> = { pending: '待审核', 'in-review': '待第二人确认', accepted: '已采纳', rejected: '未采纳' };
const STATE_COLORS: Record<CorrectionState, string> = { pending: 'processing', 'in-review': 'warning', accepted: 'success', rejected: 'default' };
const DECISION_LABELS: Record<CorrectionDecision, string> = { accept: '采纳（撤销该项）', reject: '不采纳' };
const ACTION_LABELS: Record<CorrectionStep['action'], string> = { filed: '居民提交', proposed: '提出处理意见', confirmed: '第二人确认', returned: '意见不一致，退回重审' };
const actor = (a: string) => (a === 'resident' ? '居民本人' : a);

type Answer = { corrections: AuthorityCorrection[]; nextCursor?: string };

export function CorrectionsPage({ session }: { session: ConsoleSessionResponse }) {
  const { message } = App.useApp();
  const [state, setState] = useState<CorrectionState | 'all'>('pending');
  const [list, setList] = useState<AuthorityCorrection[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [open, setOpen] = useState<AuthorityCorrection>();
  const [decision, setDecision] = useState<CorrectionDecision>('accept');
  const [basis, setBasis] = useState('');
  const [error, setError] = useState<string>();
  const { busy, run } = useBusy();

  // Only the latest request may fill the table: a slow answer for the previous filter is dropped.
  const latest = useRef(0);
  const load = useCallback(
    async (after?: string) => {
      const ticket = ++latest.current;
      const q = new URLSearchParams({ limit: '50', ...(state === 'all' ? {} : { state }), ...(after ? { cursor: after } : {}) });
      const out = await api<Answer>('GET', `/v1/console/corrections?${q}`);
      if (ticket !== latest.current) return;
      setList((prev) => (after ? [...prev, ...out.corrections] : out.corrections));
      setCursor(out.nextCursor);
    },
    [state],
  );
  useEffect(() => {
    load().catch((err: Error) => setError(err.message));
  }, [load]);

  const show = (c: AuthorityCorrection) => {
    setOpen(c);
    setDecision(c.proposal?.decision ?? 'accept');
    setBasis('');
    setError(undefined);
  };

  const decide = async () => {
    if (!open) return;
    await run(setError, async () => {
      const out = await api<{ correction: AuthorityCorrection; outcome?: { color: string; withdrawnItems: number } }>('POST', `/v1/console/corrections/${open.id}/decision`, { decision, basis: basis.trim() });
      setOpen(out.correction);
      setBasis('');
      const c = out.correction;
      message.success(
        c.state === 'in-review' ? '处理意见已提交，等待另一位审批人确认' : c.state === 'pending' ? '两人意见不一致，已退回待审核' : c.state === 'accepted' ? '已采纳，该项已撤销，健康码已按规则重新评估' : '已确认不采纳',
      );
      await load();
    });
  };

  const roles = session.official.roles;
  const own = open?.state === 'in-review' && Boolean(open.proposal?.by.endsWith(`（${session.official.id}）`));
  const allowed = open?.state === 'pending' ? roles.includes('proposer') : roles.includes('approver');
  const decidable = open && (open.state === 'pending' || open.state === 'in-review');

  return (
    <Card
      title="纠错申请"
      extra={
        <Segmented
          value={state}
          onChange={(v) => setState(v as CorrectionState | 'all')}
          options={[{ value: 'pending', label: '待审核' }, { value: 'in-review', label: '待第二人确认' }, { value: 'accepted', label: '已采纳' }, { value: 'rejected', label: '未采纳' }, { value: 'all', label: '全部' }]}
        />
      }
    >
      {error && !open && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Table
        rowKey="id"
        dataSource={list}
        pagination={false}
        data-testid="correction-list"
        onRow={(c) => ({ onClick: () => show(c), style: { cursor: 'pointer' } })}
        columns={[
          { title: '纠错编号', dataIndex: 'id' },
          { title: '居民（脱敏）', render: (_, c: AuthorityCorrection) => `${c.holder.maskedName} ${c.holder.maskedDocument}` },
          { title: '纠错事项', render: (_, c: AuthorityCorrection) => `${c.triggerLabel}${c.declaredOn ? `（${c.declaredOn}申报）` : ''}` },
          { title: '原因', dataIndex: 'categoryLabel' },
          { title: '提交时间', render: (_, c: AuthorityCorrection) => time(c.filedAt) },
          { title: '状态', render: (_, c: AuthorityCorrection) => <Tag color={STATE_COLORS[c.state]}>{STATE_LABELS[c.state]}</Tag> },
          { title: '留痕', render: (_, c: AuthorityCorrection) => (c.chainOk ? <Tag color="success">完整</Tag> : <Tag color="error">断链</Tag>) },
        ]}
      />
      {cursor && (
        <Button style={{ marginTop: 12 }} onClick={() => void load(cursor).catch((err: Error) => setError(err.message))}>
          加载更多
        </Button>
      )}
      <Drawer size={720} open={Boolean(open)} onClose={() => setOpen(undefined)} title={open ? `纠错申请${open.id}` : ''}>
        {open && (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <Descriptions
              column={2}
              bordered
              size="small"
              items={[
                { key: 'holder', label: '居民（脱敏）', children: `${open.holder.maskedName} ${open.holder.maskedDocument}`, span: 2 },
                { key: 'trigger', label: '纠错事项', children: `${open.triggerLabel}${open.declaredOn ? `（${open.declaredOn}申报）` : ''}` },
                { key: 'state', label: '状态', children: <Tag color={STATE_COLORS[open.state]} data-testid="correction-state">{STATE_LABELS[open.state]}</Tag> },
                { key: 'category', label: '居民所选原因', children: open.categoryLabel },
                { key: 'filed', label: '提交时间', children: time(open.filedAt) },
                { key: 'text', label: '居民说明', children: open.text, span: 2 },
                ...(open.proposal
                  ? [{ key: 'proposal', label: '待确认的意见', span: 2, children: `${DECISION_LABELS[open.proposal.decision]}，依据：${open.proposal.basis}（${actor(open.proposal.by)}，${time(open.proposal.at)}）` }]
                  : []),
              ]}
            />
            <Card size="small" title="处理过程" extra={open.chainOk ? <Tag color="success" data-testid="chain-verdict">哈希链完整，未发现篡改</Tag> : <Tag color="error" data-testid="chain-verdict">哈希链断裂，记录可能被篡改</Tag>}>
              <Timeline
                items={open.steps.map((s) => ({
                  key: s.seq,
                  content: (
                    <div>
                      <div>
                        {time(s.at)} · {ACTION_LABELS[s.action]}
                        {s.decision ? `：${DECISION_LABELS[s.decision]}` : ''}
                      </div>
                      <div style={{ color: '#666' }}>
                        {actor(s.actor)}
                        {s.basis ? ` · 依据：${s.basis}` : ''} · <code>{s.hash.slice(0, 12)}…</code>
                      </div>
                    </div>
                  ),
                }))}
              />
            </Card>
            {decidable && (
              <Card size="small" title={open.state === 'pending' ? '提出处理意见（需另一位审批人确认后才生效）' : '确认或退回'}>
                {own && <Alert type="warning" showIcon title="您提出了这条意见，不能自己确认，请由另一位审批人确认" style={{ marginBottom: 12 }} data-testid="own-correction" />}
                {!own && !allowed && <Alert type="info" showIcon title={open.state === 'pending' ? '提出处理意见需要“提交”权限' : '确认处理意见需要“审批”权限'} style={{ marginBottom: 12 }} />}
                {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="correction-error" />}
                {open.state === 'in-review' && open.proposal && (
                  <Alert
                    type="info"
                    showIcon
                    style={{ marginBottom: 12 }}
                    title={`选择与意见相同（${DECISION_LABELS[open.proposal.decision]}）即确认生效；选择不同则退回重审。`}
                  />
                )}
                <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value as CorrectionDecision)} data-testid="correction-decision">
                  <Radio value="accept">{DECISION_LABELS.accept}</Radio>
                  <Radio value="reject">{DECISION_LABELS.reject}</Radio>
                </Radio.Group>
                <Input
                  style={{ marginTop: 12 }}
                  maxLength={200}
                  placeholder="依据，例如流调报告编号、检测批次号或与居民的通话记录"
                  value={basis}
                  onChange={(e) => setBasis(e.target.value)}
                  data-testid="correction-basis"
                />
                <Button
                  style={{ marginTop: 12 }}
                  type="primary"
                  danger={decision === 'accept'}
                  loading={busy}
                  disabled={own || !allowed || basis.trim().length < 2}
                  onClick={() => void decide()}
                  data-testid="correction-submit"
                >
                  {open.state === 'pending' ? '提交处理意见' : decision === open.proposal?.decision ? '确认生效' : '退回重审'}
                </Button>
              </Card>
            )}
          </Space>
        )}
      </Drawer>
    </Card>
  );
}
