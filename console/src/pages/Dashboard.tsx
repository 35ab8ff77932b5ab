import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, Card, Col, Row, Select, Statistic, Table, Tag } from 'antd';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { COLOR_LABELS, FEED_TYPE_LABELS, type ColourStats } from '../../../shared/api/console';
import type { CountyStats, FeedStats, ScanDayStats } from '../../../shared/api/console-dashboard';
import type { FeedType } from '../../../shared/api/authority';
import { COLORS, type Color } from '../../../shared/rules/schema';
import { api } from '../api';
import { time } from '../format';

echarts.use([LineChart, PieChart, BarChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, VisualMapComponent, CanvasRenderer]);

const FONT = "'Noto Sans SC Variable', sans-serif";
const PALETTE = { green: '#2e9d4f', yellow: '#e6a700', red: '#d4380d' } as const;
const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
/** Checkpoints drawn in the heatmap: the busiest of the day. */
const TOP_CHECKPOINTS = 12;
/** The heatmap's room under its grid: the hour labels, then the visualMap legend with its handles' values. */
const HEATMAP_BOTTOM = 100;
/** Today in Asia/Shanghai, as the counters' days are. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export function Chart({ option, testId, height = 320 }: { option: echarts.EChartsCoreOption; testId: string; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let chart: echarts.ECharts | undefined;
    let gone = false;
    const onResize = () => chart?.resize();
    // Canvas text never asks for a web font: load the Chinese subsets first, then draw. The option's own
    // strings count too: a checkpoint's name may hold a rarer character (畲) outside the common subsets.
    void document.fonts
      .load(`12px ${FONT}`, '绿码黄码红码转为莲都青田缙云遂昌松阳庆元景宁龙泉外地' + JSON.stringify(option))
      .catch(() => undefined)
      .then(() => {
        if (gone) return;
        chart = echarts.init(el);
        chart.setOption({ textStyle: { fontFamily: FONT }, ...option });
        window.addEventListener('resize', onResize);
      });
    return () => {
      gone = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [option]);
  return <div ref={ref} style={{ height }} data-testid={testId} />;
}

/** A card in the dashboard's grid. */
function Panel({ span, title, extra, children }: { span: number; title?: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <Col span={span}>
      <Card title={title} extra={extra}>
        {children}
      </Card>
    </Col>
  );
}

interface Loaded {
  colours: ColourStats;
  counties: CountyStats;
  scans: ScanDayStats;
  feeds: FeedStats;
}

const sumColours = (list: Record<Color, number>[]): Record<Color, number> =>
  list.reduce((acc, c) => ({ green: acc.green + c.green, yellow: acc.yellow + c.yellow, red: acc.red + c.red }), { green: 0, yellow: 0, red: 0 });

export function DashboardPage() {
  const [data, setData] = useState<Loaded>();
  const [error, setError] = useState<string>();
  const [county, setCounty] = useState('all');
  useEffect(() => {
    // Four aggregate routes, each reading counters the table's stream builds (never a scan).
    Promise.all([
      api<ColourStats>('GET', '/v1/console/stats/colours?days=14'),
      api<CountyStats>('GET', '/v1/console/stats/counties?days=14'),
      api<ScanDayStats>('GET', `/v1/console/stats/scans?day=${today()}`),
      api<FeedStats>('GET', '/v1/console/stats/feeds?days=7'),
    ]).then(([colours, counties, scans, feeds]) => setData({ colours, counties, scans, feeds }), (err: Error) => setError(err.message));
  }, []);

  const countyTrend = useMemo(() => {
    if (!data) return undefined;
    const counties = data.counties.counties;
    const days = counties[0]?.days.map((d) => d.day) ?? [];
    const series = days.map((_, i) => (county === 'all' ? sumColours(counties.map((c) => c.days[i]!.colours)) : counties.find((c) => c.county === county)!.days[i]!.colours));
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 48, right: 20, top: 20, bottom: 50 },
      xAxis: { type: 'category', data: days.map((d) => d.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: COLORS.map((c) => ({ name: COLOR_LABELS[c], type: 'line', stack: 'colours', areaStyle: {}, itemStyle: { color: PALETTE[c] }, data: series.map((s) => s[c]) })),
    };
  }, [data, county]);

  const countyToday = useMemo(() => {
    if (!data) return undefined;
    const counties = data.counties.counties;
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0 },
      grid: { left: 110, right: 20, top: 10, bottom: 50 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: counties.map((c) => c.name), inverse: true },
      series: COLORS.map((c) => ({ name: COLOR_LABELS[c], type: 'bar', stack: 'today', itemStyle: { color: PALETTE[c] }, data: counties.map((k) => k.days.at(-1)?.colours[c] ?? 0) })),
    };
  }, [data]);

  const heatmap = useMemo(() => {
    if (!data) return undefined;
    const top = data.scans.checkpoints.slice(0, TOP_CHECKPOINTS);
    const cells = top.flatMap((c, y) => c.hours.map((h) => [HOURS.indexOf(h.hour), y, h.pass + h.stop + h.invalid]));
    const max = Math.max(1, ...cells.map((c) => c[2]!));
    return {
      tooltip: { position: 'top' },
      grid: { left: 170, right: 20, top: 10, bottom: HEATMAP_BOTTOM },
      xAxis: { type: 'category', data: HOURS.map((h) => `${h}时`), splitArea: { show: true } },
      yAxis: { type: 'category', data: top.map((c) => c.name), inverse: true, splitArea: { show: true } },
      visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#f0f5ff', '#1d39c4'] } },
      series: [{ name: '核验次数', type: 'heatmap', data: cells, label: { show: true } }],
    };
  }, [data]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data) return null;
  const { colours: stats } = data;
  const sum = COLORS.reduce((n, c) => n + Math.max(0, stats.total[c]), 0);
  const scansToday = data.scans.checkpoints.reduce((n, c) => n + c.total, 0);
  return (
    <Row gutter={[16, 16]}>
      {COLORS.map((c) => (
        <Panel span={4} key={c}>
          <Statistic title={`当前${COLOR_LABELS[c]}人数`} value={Math.max(0, stats.total[c])} styles={{ content: { color: PALETTE[c] } }} />
        </Panel>
      ))}
      <Panel span={4}>
        <Statistic title="今天可转绿码" value={data.counties.dueToday} data-testid="due-today" styles={{ content: { color: PALETTE.green } }} />
      </Panel>
      <Panel span={4}>
        <Statistic title="明天可转绿码" value={data.counties.dueTomorrow} data-testid="due-tomorrow" />
      </Panel>
      <Panel span={4}>
        <Statistic title="今日卡口核验次数" value={scansToday} data-testid="scans-today" />
      </Panel>
      <Panel span={10} title={`健康码颜色分布（共${sum}人）`}>
        <Chart
          testId="colour-pie"
          option={{
            tooltip: { trigger: 'item' },
            legend: { bottom: 0 },
            series: [{ type: 'pie', radius: ['40%', '70%'], data: COLORS.map((c) => ({ name: COLOR_LABELS[c], value: Math.max(0, stats.total[c]), itemStyle: { color: PALETTE[c] } })) }],
          }}
        />
      </Panel>
      <Panel span={14} title="近14天每日转码人数">
        <Chart
          testId="colour-trend"
          option={{
            tooltip: { trigger: 'axis' },
            legend: { bottom: 0 },
            grid: { left: 40, right: 20, top: 20, bottom: 50 },
            xAxis: { type: 'category', data: stats.days.map((d) => d.day.slice(5)) },
            yAxis: { type: 'value', minInterval: 1 },
            series: COLORS.map((c) => ({ name: `转为${COLOR_LABELS[c]}`, type: 'line', itemStyle: { color: PALETTE[c] }, data: stats.days.map((d) => d.entered[c]) })),
          }}
        />
      </Panel>
      <Panel
        span={14}
        title="近14天各区县健康码颜色分布（每日日终）"
        extra={
          <Select
            size="small"
            value={county}
            onChange={setCounty}
            style={{ width: 170 }}
            data-testid="county-select"
            options={[{ value: 'all', label: '全部区县' }, ...data.counties.counties.map((c) => ({ value: c.county, label: c.name }))]}
          />
        }
      >
        {countyTrend && <Chart testId="county-trend" option={countyTrend} />}
      </Panel>
      <Panel span={10} title="今日各区县颜色分布">{countyToday && <Chart testId="county-today" option={countyToday} />}</Panel>
      <Panel span={24} title={`今日各卡口每小时核验次数（北京时间，核验量前${TOP_CHECKPOINTS}的卡口）`}>
        {data.scans.checkpoints.length === 0 ? <Alert type="info" showIcon title="今天还没有核验记录" /> : heatmap && <Chart testId="scan-heatmap" option={heatmap} height={Math.max(170, 40 * Math.min(TOP_CHECKPOINTS, data.scans.checkpoints.length) + 40) + HEATMAP_BOTTOM} />}
      </Panel>
      <Panel span={24} title="近7天数据上报及其影响">
        <Table
          size="small"
          rowKey="feedId"
          dataSource={data.feeds.feeds}
          pagination={{ pageSize: 8 }}
          data-testid="feed-table"
          locale={{ emptyText: '近7天没有数据上报' }}
          columns={[
            { title: '时间', render: (_, f: FeedStats['feeds'][number]) => time(f.at) },
            { title: '上报编号', dataIndex: 'feedId' },
            { title: '类型', render: (_, f: FeedStats['feeds'][number]) => FEED_TYPE_LABELS[f.type as FeedType] ?? f.type },
            { title: '记录数', dataIndex: 'records' },
            { title: '涉及居民', dataIndex: 'people' },
            {
              title: '颜色变化',
              render: (_, f: FeedStats['feeds'][number]) =>
                f.colourChanges === 0 ? (
                  '无'
                ) : (
                  <>
                    {COLORS.filter((c) => f.turned[c] > 0).map((c) => (
                      <Tag key={c} color={PALETTE[c]}>
                        {`转为${COLOR_LABELS[c]}${f.turned[c]}人`}
                      </Tag>
                    ))}
                  </>
                ),
            },
          ]}
        />
      </Panel>
    </Row>
  );
}
