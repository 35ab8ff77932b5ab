import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Space, Table, Tag } from 'antd';
import { COLOR_LABELS, RULESET_STATE_LABELS, type ConsoleRulesets, type ConsoleSessionResponse, type RulesetDryRun, type RulesetProposal } from '../../../shared/api/console';
import { checkRulesetDocument } from '../../../shared/api/rulesets';
import { rulesetVectors, runVectors, type VectorOutcome } from '../../../shared/rules/vectors';
import { api } from '../api';
import { BasisFields, PROPOSAL_COLUMNS, ProposalDetails, ProposalDrawer, ProposalList, useProposalForm, useProposals } from '../proposals';
import { time } from '../format';

const STATE_COLORS = { scheduled: 'processing', active: 'success', superseded: 'default' } as const;
type Row = ConsoleRulesets['rulesets'][number];
type Opened = RulesetProposal & { dryRunNow?: RulesetDryRun };

/** An instant as the value of a datetime-local input, in Asia/Shanghai (UTC+8, no daylight saving). */
const toLocalInput = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16);
const fromLocalInput = (value: string) => `${value}:00+08:00`;

async function readJson(file: File): Promise<unknown> {
  try {
    return JSON.parse(await file.text());
  } catch {
    throw new Error(`${file.name}不是有效的JSON文件`);
  }
}

export function DryRunView({ run, testId }: { run: RulesetDryRun; testId: string }) {
  const moves = run.transitions.map((t) => `${COLOR_LABELS[t.from]}→${COLOR_LABELS[t.to]}${t.count}人`).join('，');
  return <span data-testid={testId}>{`抽样${run.sampled}人，其中${run.colourChanges}人颜色将改变${moves ? `：${moves}` : ''}`}</span>;
}

export function RulesetsPage({ session }: { session: ConsoleSessionResponse }) {
  const proposals = useProposals<Opened, ConsoleRulesets>({
    session,
    path: '/v1/console/rulesets/proposals',
    load: () => api<ConsoleRulesets>('GET', '/v1/console/rulesets'),
    detail: true,
    approved: (out) => `已批准：规则集${out.version}${out.applied?.state === 'active' ? '已生效' : `将于${time(out.effectiveFrom)}生效`}`,
  });
  const form = useProposalForm(proposals, 'document');
  const { data, refresh, busy } = proposals;
  const [error, setError] = useState<string>();
  const [document, setDocument] = useState<Record<string, unknown>>();
  const [vectors, setVectors] = useState<unknown>();
  const [effective, setEffective] = useState('');
  const [fileError, setFileError] = useState<string>();
  const [outcomes, setOutcomes] = useState<VectorOutcome[]>();
  const [dryRun, setDryRun] = useState<RulesetDryRun>();

  useEffect(() => {
    refresh().catch((err: Error) => setError(err.message));
  }, [refresh]);

  // The document as it will be sent: the uploaded one with the effective date chosen here.
  const candidate = document && effective ? { ...document, effectiveFrom: fromLocalInput(effective) } : document;
  const checked = candidate ? checkRulesetDocument(candidate) : undefined;

  // The vectors run here, in the browser, with the shared engine, whenever the document or they change.
  useEffect(() => {
    setDryRun(undefined);
    if (!checked?.ok || vectors === undefined) return setOutcomes(undefined);
    const parsed = rulesetVectors.safeParse(vectors);
    if (!parsed.success) {
      setOutcomes(undefined);
      setFileError('测试用例文件格式不正确：应为 {"vectors": [...]}，每条含 name、now、facts、expected');
      return;
    }
    setOutcomes(runVectors(checked.ruleset, parsed.data.vectors));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(candidate), vectors]);

  const onRuleset = async (file?: File) => {
    setFileError(undefined);
    if (!file) return;
    try {
      const doc = (await readJson(file)) as Record<string, unknown>;
      setDocument(doc);
      setEffective(typeof doc.effectiveFrom === 'string' && !Number.isNaN(Date.parse(doc.effectiveFrom)) ? toLocalInput(doc.effectiveFrom) : '');
    } catch (err) {
      setFileError((err as Error).message);
    }
  };
  const onVectors = async (file?: File) => {
    setFileError(undefined);
    if (!file) return;
    try {
      setVectors(await readJson(file));
    } catch (err) {
      setFileError((err as Error).message);
    }
  };

  const runDry = () => form.request(async () => setDryRun(await api<RulesetDryRun>('POST', '/v1/console/rulesets/dry-runs', { ruleset: candidate })));

  const propose = () =>
    form.propose({ ruleset: candidate, vectors }, () => {
      setDocument(undefined);
      setVectors(undefined);
      setDryRun(undefined);
    });

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data) return null;
  const canPropose = session.official.roles.includes('proposer');
  const failed = outcomes?.filter((o) => !o.pass) ?? [];
  const ready = Boolean(checked?.ok && outcomes && outcomes.length > 0 && failed.length === 0 && dryRun && form.reference.trim());
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title="赋码规则版本">
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={<span data-testid="ruleset-active">{`当前所有健康码按规则${data.active}评估${data.builtIn ? '（系统内置版本）' : ''}`}</span>}
          description="新版本经一人提议、另一位审批人批准后，到生效时间自动生效并重新评估全部居民。"
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

      {canPropose && (
        <Card title="上传新版本" data-testid="ruleset-upload">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <span>规则集文件（JSON）</span>
              <input type="file" accept=".json,application/json" onChange={(e) => void onRuleset(e.target.files?.[0])} data-testid="ruleset-file" />
              <span>测试用例文件（JSON）</span>
              <input type="file" accept=".json,application/json" onChange={(e) => void onVectors(e.target.files?.[0])} data-testid="vectors-file" />
            </Space>
            {fileError && <Alert type="error" showIcon title={fileError} data-testid="ruleset-file-error" />}
            {checked && !checked.ok && (
              <Alert
                type="error"
                showIcon
                title="规则集内容有误，请按提示修改后重新上传"
                description={<ul data-testid="ruleset-issues">{checked.issues.map((i) => <li key={`${i.path}${i.message}`}>{`${i.path}：${i.message}`}</li>)}</ul>}
              />
            )}
            {checked?.ok && (
              <Descriptions
                size="small"
                bordered
                column={2}
                items={[
                  { key: 'v', label: '版本', children: <span data-testid="ruleset-version">{checked.ruleset.version}</span> },
                  { key: 't', label: '名称', children: checked.ruleset.title },
                  {
                    key: 'e',
                    label: '生效时间（北京时间）',
                    children: <Input type="datetime-local" value={effective} onChange={(e) => setEffective(e.target.value)} style={{ width: 220 }} data-testid="ruleset-effective" />,
                    span: 2,
                  },
                ]}
              />
            )}
            {outcomes && (
              <Alert
                type={failed.length ? 'error' : 'success'}
                showIcon
                title={<span data-testid="vectors-summary">{`测试用例共${outcomes.length}条，通过${outcomes.length - failed.length}条${failed.length ? `，未通过${failed.length}条` : ''}`}</span>}
                description={failed.length ? <ul>{failed.slice(0, 20).map((o) => <li key={o.name}>{`${o.name}：${o.problem ?? ''}`}</li>)}</ul> : undefined}
              />
            )}
            {dryRun && <Alert type="warning" showIcon title={<DryRunView run={dryRun} testId="dry-run" />} />}
            {form.formError && <Alert type="error" showIcon title={form.formError} data-testid="ruleset-error" />}
            <Space wrap>
              <Button loading={busy} disabled={!checked?.ok || !outcomes || failed.length > 0} onClick={() => void runDry()} data-testid="dry-run-start">
                试算影响
              </Button>
              <BasisFields form={form} placeholder="例如 浙卫发〔2026〕8号" testId="ruleset-basis" />
              <Button type="primary" loading={busy} disabled={!ready} onClick={() => void propose()} data-testid="ruleset-submit">
                提交提议
              </Button>
            </Space>
          </Space>
        </Card>
      )}

      <ProposalList
        title="规则版本提议"
        proposals={proposals}
        size="small"
        testId="ruleset-proposals"
        columns={[
          PROPOSAL_COLUMNS.id,
          { title: '版本', dataIndex: 'version' },
          { title: '生效时间', render: (_, p: RulesetProposal) => time(p.effectiveFrom) },
          { title: '试算变色', render: (_, p: RulesetProposal) => `${p.dryRun.colourChanges}/${p.dryRun.sampled}` },
          PROPOSAL_COLUMNS.basis,
          PROPOSAL_COLUMNS.proposer,
          PROPOSAL_COLUMNS.status,
        ]}
      />

      <ProposalDrawer proposals={proposals} size={640} approveLabel="批准">
        {(open) => (
          <ProposalDetails
            open={open}
            statusTestId="ruleset-proposal-status"
            rows={[
              { key: 'v', label: '版本', children: `${open.version}（${open.title}）` },
              { key: 'e', label: '生效时间', children: time(open.effectiveFrom) },
              { key: 't', label: '测试用例', children: `共${open.vectors.total}条，全部通过` },
              { key: 'd', label: '提议时试算', children: <DryRunView run={open.dryRun} testId="dry-run-proposed" /> },
              ...(open.dryRunNow ? [{ key: 'n', label: '当前试算', children: <DryRunView run={open.dryRunNow} testId="dry-run-now" /> }] : []),
            ]}
            applied={open.applied && <span data-testid="ruleset-applied">{RULESET_STATE_LABELS[open.applied.state]}</span>}
          />
        )}
      </ProposalDrawer>
    </Space>
  );
}
