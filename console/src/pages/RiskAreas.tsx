import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Row, Select, Space, Table, Tag } from 'antd';
import * as echarts from 'echarts/core';
import { MapChart } from 'echarts/charts';
import { TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ConsoleRiskAreas, ConsoleSessionResponse, RiskAreaImpact, RiskAreaProposal } from '../../../shared/api/console';
import { RISK_LEVELS, RISK_LEVEL_LABELS, type RiskLevel } from '../../../shared/api/authority';
import { LISHUI_CITY, regionCovers, zhejiangRegions } from '../../../shared/regions';
import { api } from '../api';
import { BasisFields, PROPOSAL_COLUMNS, ProposalDetails, ProposalDrawer, ProposalList, useProposalForm, useProposals } from '../proposals';
import { time } from '../format';

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

type Opened = RiskAreaProposal & { impactNow?: RiskAreaImpact };

export function RiskAreasPage({ session }: { session: ConsoleSessionResponse }) {
  const proposals = useProposals<Opened, ConsoleRiskAreas>({
    session,
    path: '/v1/console/risk-areas/proposals',
    load: () => api<ConsoleRiskAreas>('GET', '/v1/console/risk-areas'),
    detail: true,
    approved: (out) => `已批准并生效，重新评估${out.applied?.affected ?? 0}位居民`,
  });
  const form = useProposalForm(proposals, 'notice');
  const { data, refresh, busy } = proposals;
  const [error, setError] = useState<string>();
  const [picked, setPicked] = useState<{ code: string; name: string }>();
  const [level, setLevel] = useState<RiskLevel>('high');
  const [impact, setImpact] = useState<RiskAreaImpact>();

  useEffect(() => {
    refresh().catch((err: Error) => setError(err.message));
  }, [refresh]);

  const inForce = useMemo(() => (data ? data.areas.filter((a) => !a.until) : []), [data]);
  const canPropose = session.official.roles.includes('proposer');
  const { setFormError } = form;

  const onPick = useCallback((code: string, name: string) => {
    setPicked({ code, name });
    setImpact(undefined);
    setFormError(undefined);
  }, [setFormError]);

  const previewChange = async () => {
    if (!picked) return;
    await form.request(async () => setImpact(await api<RiskAreaImpact>('POST', '/v1/console/risk-areas/previews', { region: picked.code, level })));
  };

  const propose = async () => {
    if (!picked) return;
    await form.propose({ region: picked.code, level }, () => {
      setPicked(undefined);
      setImpact(undefined);
    });
  };

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data) return null;
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
              <BasisFields form={form} placeholder="例如 丽防指〔2026〕12号" testId="risk-basis" />
            </Space>
            {form.formError && <Alert type="error" showIcon title={form.formError} data-testid="risk-error" />}
            {impact && <Alert type="warning" showIcon title={<ImpactLine impact={impact} testId="risk-impact" />} />}
            <Space>
              <Button loading={busy} onClick={() => void previewChange()} data-testid="risk-preview">
                预览影响
              </Button>
              <Button type="primary" loading={busy} disabled={!impact || !form.reference.trim()} onClick={() => void propose()} data-testid="risk-submit">
                提交提议
              </Button>
              <Button onClick={() => setPicked(undefined)}>取消</Button>
            </Space>
          </Space>
        </Card>
      )}

      <ProposalList
        title="风险等级调整提议"
        proposals={proposals}
        size="small"
        testId="risk-proposals"
        columns={[
          PROPOSAL_COLUMNS.id,
          { title: '调整', render: (_, p: RiskAreaProposal) => `${p.impact.name}：${levelLabel(p.impact.from)}→${levelLabel(p.impact.to)}` },
          { title: '涉及居民', render: (_, p: RiskAreaProposal) => p.impact.residents },
          PROPOSAL_COLUMNS.basis,
          PROPOSAL_COLUMNS.proposer,
          PROPOSAL_COLUMNS.proposedAt,
          PROPOSAL_COLUMNS.status,
        ]}
      />

      <ProposalDrawer proposals={proposals} size={640} approveLabel="批准并生效">
        {(open) => (
          <ProposalDetails
            open={open}
            statusTestId="risk-proposal-status"
            rows={[
              { key: 'i', label: '提议时影响', children: <ImpactLine impact={open.impact} testId="risk-impact-proposed" /> },
              ...(open.impactNow ? [{ key: 'n', label: '当前影响', children: <ImpactLine impact={open.impactNow} testId="risk-impact-now" /> }] : []),
            ]}
            applied={open.applied && `已发布版本${open.applied.version}，重新评估${open.applied.affected}位居民`}
          />
        )}
      </ProposalDrawer>
    </Space>
  );
}
