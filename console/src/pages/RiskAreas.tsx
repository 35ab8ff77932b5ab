import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Drawer, Input, Row, Select, Space, Table, Tag } from 'antd';
import * as echarts from 'echarts/core';
import { MapChart } from 'echarts/charts';
import { TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import {
  BASIS_LABELS,
  DECISION_BASIS_KINDS,
  type ConsoleRiskAreas,
  type ConsoleSessionResponse,
  type ProposalStatus,
  type RiskAreaImpact,
  type RiskAreaProposal,
} from '../../../shared/api/console';
import { RISK_LEVELS, RISK_LEVEL_LABELS, type RiskLevel } from '../../../shared/api/authority';
import { LISHUI_CITY, regionCovers, zhejiangRegions } from '../../../shared/regions';
import { api } from '../api';
import { DecisionCard, StatusFilter, StatusTag, time } from '../proposals';

echarts.use([MapChart, TitleComponent, TooltipComponent, CanvasRenderer]);

type Maps = typeof import('virtual:region-maps');
let mapsLoaded: Promise<Maps> | undefined;
/** The two maps, taken from the map packages at build time (scripts/lib/region-maps.ts; codes are GB/T 2260), in a chunk of their own. */
function loadMaps(): Promise<Maps> {
  mapsLoaded ??= import('virtual:region-maps').then((maps) => {
    echarts.registerMap('lishui', maps.lishui as never);
    echarts.registerMap('zhejiang', maps.zhejiang as never);
    return maps;
  });
  return mapsLoaded;
}

const FONT = "'Noto Sans SC Variable', sans-serif";
const LEVEL_COLORS = { high: 'error', medium: 'warning', low: 'success' } as const;
const LEVEL_FILL: Record<RiskLevel | 'none', string> = { high: '#d4380d', medium: '#fa8c16', low: '#52c41a', none: '#d9f7be' };
const LEVEL_RANK: Record<RiskLevel | 'none', number> = { none: 0, low: 1, medium: 2, high: 3 };
const levelLabel = (level: RiskLevel | 'none') => (level === 'none' ? '非风险地区' : RISK_LEVEL_LABELS[level]);
type Area = ConsoleRiskAreas['areas'][number];

/** The regions the two maps draw, for picking one without the mouse: 丽水's counties, then Zhejiang's cities. */
const PICKABLE = [
  ...(zhejiangRegions().find((c) => c.code === LISHUI_CITY)?.counties ?? []).map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` })),
  ...zhejiangRegions().map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` })),
];

/** A region's colour on the map: the highest level in force over it, or inside it (a city holding a high-risk county). */
function levelOf(code: string, inForce: readonly Area[]): RiskLevel | 'none' {
  let level: RiskLevel | 'none' = 'none';
  for (const a of inForce) if ((regionCovers(a.region, code) || regionCovers(code, a.region)) && LEVEL_RANK[a.level] > LEVEL_RANK[level]) level = a.level;
  return level;
}

function RegionMap({ map, title, inForce, testId, onPick }: { map: 'lishui' | 'zhejiang'; title: string; inForce: readonly Area[]; testId: string; onPick(code: string, name: string): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let chart: echarts.ECharts | undefined;
    let gone = false;
    void loadMaps().then(async (maps) => {
        const features = maps[map].features;
        // Canvas text never asks for a web font: load the Chinese subsets of the names first, then draw.
        await document.fonts.load(`12px ${FONT}`, features.map((f) => f.properties.name).join('') + title).catch(() => undefined);
        if (gone) return;
        chart = echarts.init(el);
        chart.setOption({
          textStyle: { fontFamily: FONT },
          title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
          tooltip: { trigger: 'item', formatter: (p: { name: string; data?: { code: string; level: RiskLevel | 'none' } }) => `${p.name}（${p.data?.code ?? ''}）<br/>${levelLabel(p.data?.level ?? 'none')}` },
          series: [
            {
              type: 'map',
              map,
              roam: false,
              selectedMode: false,
              label: { show: true, fontSize: 11 },
              nameProperty: 'name',
              data: features.map((f) => {
                const level = levelOf(f.id, inForce);
                return { name: f.properties.name, code: f.id, level, itemStyle: { areaColor: LEVEL_FILL[level] } };
              }),
            },
          ],
        });
        chart.on('click', (e) => {
          const d = e.data as { code?: string; name?: string } | undefined;
          if (d?.code && d.name) pick.current(d.code, d.name);
        });
      });
    return () => {
      gone = true;
      chart?.dispose();
    };
  }, [map, title, inForce]);
  return <div ref={ref} style={{ height: 420 }} data-testid={testId} />;
}

function ImpactLine({ impact, testId }: { impact: RiskAreaImpact; testId: string }) {
  return (
    <span data-testid={testId}>
      {`${impact.name}（${impact.region}）：${levelLabel(impact.from)}→${levelLabel(impact.to)}，涉及居民${impact.residents}人`}
    </span>
  );
}

export function RiskAreasPage({ session }: { session: ConsoleSessionResponse }) {
  const { message } = App.useApp();
  const [data, setData] = useState<ConsoleRiskAreas>();
  const [error, setError] = useState<string>();
  const [picked, setPicked] = useState<{ code: string; name: string }>();
  const [level, setLevel] = useState<RiskLevel>('high');
  const [basisKind, setBasisKind] = useState<(typeof DECISION_BASIS_KINDS)[number]>('notice');
  const [reference, setReference] = useState('');
  const [impact, setImpact] = useState<RiskAreaImpact>();
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<ProposalStatus | 'all'>('proposed');
  const [proposals, setProposals] = useState<RiskAreaProposal[]>([]);
  const [open, setOpen] = useState<RiskAreaProposal & { impactNow?: RiskAreaImpact }>();
  const [reason, setReason] = useState('');
  const [decisionError, setDecisionError] = useState<string>();

  const refresh = useCallback(async () => {
    const q = status === 'all' ? '' : `?status=${status}`;
    const [areas, list] = await Promise.all([
      api<ConsoleRiskAreas>('GET', '/v1/console/risk-areas'),
      api<{ proposals: RiskAreaProposal[] }>('GET', `/v1/console/risk-areas/proposals${q}`),
    ]);
    setData(areas);
    setProposals(list.proposals);
  }, [status]);
  useEffect(() => {
    refresh().catch((err: Error) => setError(err.message));
  }, [refresh]);

  const inForce = useMemo(() => (data ? data.areas.filter((a) => !a.until) : []), [data]);
  const canPropose = session.official.roles.includes('proposer');
  const canApprove = session.official.roles.includes('approver');

  const onPick = useCallback((code: string, name: string) => {
    setPicked({ code, name });
    setImpact(undefined);
    setFormError(undefined);
  }, []);

  const previewChange = async () => {
    if (!picked) return;
    setBusy(true);
    setFormError(undefined);
    try {
      setImpact(await api<RiskAreaImpact>('POST', '/v1/console/risk-areas/previews', { region: picked.code, level }));
    } catch (err) {
      setFormError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const propose = async () => {
    if (!picked) return;
    setBusy(true);
    setFormError(undefined);
    try {
      const out = await api<RiskAreaProposal>('POST', '/v1/console/risk-areas/proposals', { region: picked.code, level, basis: { kind: basisKind, reference: reference.trim() } });
      message.success(`已提交提议${out.id}，等待另一位审批人审批`);
      setPicked(undefined);
      setImpact(undefined);
      setReference('');
      await refresh();
    } catch (err) {
      setFormError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const openProposal = async (p: RiskAreaProposal) => {
    setOpen(p);
    setReason('');
    setDecisionError(undefined);
    try {
      setOpen(await api<RiskAreaProposal & { impactNow?: RiskAreaImpact }>('GET', `/v1/console/risk-areas/proposals/${p.id}`));
    } catch (err) {
      setDecisionError((err as Error).message);
    }
  };

  const decide = async (decision: 'approve' | 'reject') => {
    if (!open) return;
    setBusy(true);
    setDecisionError(undefined);
    try {
      const out = await api<RiskAreaProposal>('POST', `/v1/console/risk-areas/proposals/${open.id}/decision`, { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      setOpen(out);
      message.success(decision === 'approve' ? `已批准并生效，重新评估${out.applied?.affected ?? 0}位居民` : '已驳回');
      await refresh();
    } catch (err) {
      setDecisionError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data) return null;
  const own = open?.proposer.id === session.official.id;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title="风险地区（五色图）">
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="调整风险等级需一人提议、另一位审批人批准后才生效，生效后按规则重新评估旅居过该地区的居民。后台不能直接修改任何人的健康码。"
        />
        <Descriptions
          size="small"
          bordered
          column={3}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'v', label: '版本', children: data.version ?? '尚未发布' },
            { key: 'p', label: '发布时间', children: data.publishedAt ? time(data.publishedAt) : '—' },
            { key: 'n', label: '现行风险地区', children: <span data-testid="risk-count">{inForce.length} 个</span> },
          ]}
        />
        <Space style={{ marginBottom: 8 }}>
          {(['high', 'medium', 'low', 'none'] as const).map((l) => (
            <Tag key={l} color={LEVEL_FILL[l]} style={{ color: l === 'none' ? '#333' : '#fff' }}>
              {levelLabel(l)}
            </Tag>
          ))}
          {canPropose && (
            <>
              <span>点击地图上的地区，或选择地区，提议调整其风险等级：</span>
              <Select
                showSearch
                optionFilterProp="label"
                style={{ width: 220 }}
                placeholder="选择地区"
                value={picked?.code}
                onChange={(code: string) => onPick(code, PICKABLE.find((o) => o.value === code)!.label.replace(/（.*$/, ''))}
                options={PICKABLE}
                data-testid="risk-region"
              />
            </>
          )}
        </Space>
        <Row gutter={16}>
          <Col span={12}>
            <RegionMap map="lishui" title="丽水市（区县）" inForce={inForce} testId="map-lishui" onPick={onPick} />
          </Col>
          <Col span={12}>
            <RegionMap map="zhejiang" title="浙江省（设区市）" inForce={inForce} testId="map-zhejiang" onPick={onPick} />
          </Col>
        </Row>
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
            { title: '状态', render: (_, a: Area) => (a.until ? `已于${a.until}调整` : '现行') },
          ]}
        />
      </Card>

      {picked && canPropose && (
        <Card title={`提议调整：${picked.name}（${picked.code}）`} data-testid="risk-propose">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <span>新等级</span>
              <Select style={{ width: 120 }} value={level} onChange={(v) => { setLevel(v); setImpact(undefined); }} options={RISK_LEVELS.map((l) => ({ value: l, label: RISK_LEVEL_LABELS[l] }))} data-testid="risk-level" />
              <Select style={{ width: 180 }} value={basisKind} onChange={setBasisKind} options={DECISION_BASIS_KINDS.map((k) => ({ value: k, label: BASIS_LABELS[k] }))} />
              <Input style={{ width: 240 }} maxLength={64} placeholder="例如 丽防指〔2026〕12号" value={reference} onChange={(e) => setReference(e.target.value)} data-testid="risk-basis" />
            </Space>
            {formError && <Alert type="error" showIcon title={formError} data-testid="risk-error" />}
            {impact && <Alert type="warning" showIcon title={<ImpactLine impact={impact} testId="risk-impact" />} />}
            <Space>
              <Button loading={busy} onClick={() => void previewChange()} data-testid="risk-preview">
                预览影响
              </Button>
              <Button type="primary" loading={busy} disabled={!impact || !reference.trim()} onClick={() => void propose()} data-testid="risk-submit">
                提交提议
              </Button>
              <Button onClick={() => setPicked(undefined)}>取消</Button>
            </Space>
          </Space>
        </Card>
      )}

      <Card
        title="风险等级调整提议"
        extra={<StatusFilter value={status} onChange={setStatus} />}
      >
        <Table
          rowKey="id"
          size="small"
          dataSource={proposals}
          data-testid="risk-proposals"
          onRow={(p) => ({ onClick: () => void openProposal(p), style: { cursor: 'pointer' } })}
          columns={[
            { title: '提议编号', dataIndex: 'id' },
            { title: '调整', render: (_, p: RiskAreaProposal) => `${p.impact.name}：${levelLabel(p.impact.from)}→${levelLabel(p.impact.to)}` },
            { title: '涉及居民', render: (_, p: RiskAreaProposal) => p.impact.residents },
            { title: '依据', render: (_, p: RiskAreaProposal) => `${BASIS_LABELS[p.basis.kind]} ${p.basis.reference}` },
            { title: '提议人', render: (_, p: RiskAreaProposal) => p.proposer.name },
            { title: '提议时间', render: (_, p: RiskAreaProposal) => time(p.proposedAt) },
            { title: '状态', render: (_, p: RiskAreaProposal) => <StatusTag status={p.status} /> },
          ]}
        />
      </Card>

      <Drawer size={640} open={Boolean(open)} onClose={() => setOpen(undefined)} title={open ? `提议${open.id}` : ''}>
        {open && (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <Descriptions
              column={1}
              bordered
              size="small"
              items={[
                { key: 's', label: '状态', children: <StatusTag status={open.status} testId="risk-proposal-status" /> },
                { key: 'i', label: '提议时影响', children: <ImpactLine impact={open.impact} testId="risk-impact-proposed" /> },
                ...(open.impactNow ? [{ key: 'n', label: '当前影响', children: <ImpactLine impact={open.impactNow} testId="risk-impact-now" /> }] : []),
                { key: 'b', label: BASIS_LABELS[open.basis.kind], children: open.basis.reference },
                { key: 'p', label: '提议人', children: `${open.proposer.name}（${time(open.proposedAt)}）` },
                ...(open.decider ? [{ key: 'd', label: open.status === 'approved' ? '审批人' : '驳回人', children: `${open.decider.name}（${time(open.decidedAt)}）` }] : []),
                ...(open.reason ? [{ key: 'r', label: '理由', children: open.reason }] : []),
                ...(open.applied ? [{ key: 'a', label: '生效', children: `已发布版本${open.applied.version}，重新评估${open.applied.affected}位居民` }] : []),
              ]}
            />
            {open.status === 'proposed' && canApprove && (
              <DecisionCard own={own} error={decisionError} busy={busy} reason={reason} onReason={setReason} onDecide={(d) => void decide(d)} approveLabel="批准并生效" danger={true} />
            )}
          </Space>
        )}
      </Drawer>
    </Space>
  );
}
