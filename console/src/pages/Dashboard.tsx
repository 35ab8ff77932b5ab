import { useEffect, useRef, useState } from 'react';
import { Alert, Card, Col, Row, Statistic } from 'antd';
import * as echarts from 'echarts/core';
import { LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { COLOR_LABELS, type ColourStats } from '../../../shared/api/console';
import { COLORS } from '../../../shared/rules/schema';
import { api } from '../api';

echarts.use([LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, CanvasRenderer]);

const FONT = "'Noto Sans SC Variable', sans-serif";
const PALETTE = { green: '#2e9d4f', yellow: '#e6a700', red: '#d4380d' } as const;

export function Chart({ option, testId }: { option: echarts.EChartsCoreOption; testId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let chart: echarts.ECharts | undefined;
    let gone = false;
    const onResize = () => chart?.resize();
    // Canvas text never asks for a web font: load the Chinese subsets first, then draw.
    void document.fonts
      .load(`12px ${FONT}`, '绿码黄码红码转为')
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
  return <div ref={ref} style={{ height: 320 }} data-testid={testId} />;
}

export function DashboardPage() {
  const [stats, setStats] = useState<ColourStats>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<ColourStats>('GET', '/v1/console/stats/colours?days=14').then(setStats, (err: Error) => setError(err.message));
  }, []);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!stats) return null;
  const sum = COLORS.reduce((n, c) => n + Math.max(0, stats.total[c]), 0);
  return (
    <Row gutter={[16, 16]}>
      {COLORS.map((c) => (
        <Col span={8} key={c}>
          <Card>
            <Statistic title={`当前${COLOR_LABELS[c]}人数`} value={Math.max(0, stats.total[c])} styles={{ content: { color: PALETTE[c] } }} />
          </Card>
        </Col>
      ))}
      <Col span={10}>
        <Card title={`健康码颜色分布（共 ${sum} 人）`}>
          <Chart
            testId="colour-pie"
            option={{
              tooltip: { trigger: 'item' },
              legend: { bottom: 0 },
              series: [{ type: 'pie', radius: ['40%', '70%'], data: COLORS.map((c) => ({ name: COLOR_LABELS[c], value: Math.max(0, stats.total[c]), itemStyle: { color: PALETTE[c] } })) }],
            }}
          />
        </Card>
      </Col>
      <Col span={14}>
        <Card title="近 14 天每日转码人数">
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
        </Card>
      </Col>
    </Row>
  );
}
