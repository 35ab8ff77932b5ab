import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Row, Statistic } from 'antd';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import type { CheckpointStatsResponse } from '../../../shared/api/scan-log';
import { api } from '../api';
import { Chart } from './Dashboard';

echarts.use([BarChart]);

/** Today in Asia/Shanghai, as the counters' days are. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

export function CheckpointsPage() {
  const [checkpoint, setCheckpoint] = useState('demo-gate');
  const [day, setDay] = useState(today());
  const [stats, setStats] = useState<CheckpointStatsResponse>();
  const [error, setError] = useState<string>();

  const load = useCallback(async (id: string, d: string) => {
    setError(undefined);
    try {
      setStats(await api<CheckpointStatsResponse>('GET', `/v1/console/checkpoints/${encodeURIComponent(id)}/stats?day=${d}`));
    } catch (err) {
      setStats(undefined);
      setError((err as Error).message);
    }
  }, []);
  useEffect(() => {
    void load('demo-gate', today());
  }, [load]);

  const option = useMemo(() => {
    if (!stats) return undefined;
    const by = new Map(stats.hours.map((h) => [h.hour, h]));
    const series = (key: 'pass' | 'stop' | 'invalid', name: string, color: string) => ({ name, type: 'bar', stack: 'scans', color, data: HOURS.map((h) => by.get(h)?.[key] ?? 0) });
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: HOURS.map((h) => `${h}时`) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [series('pass', '放行', '#2e9d4f'), series('stop', '拦截', '#d4380d'), series('invalid', '无效码', '#8c8c8c')],
    };
  }, [stats]);

  return (
    <Card title="卡口核验统计（按小时，北京时间）">
      <Form layout="inline" style={{ marginBottom: 16 }} onFinish={() => void load(checkpoint.trim(), day)}>
        <Form.Item label="卡口编号">
          <Input value={checkpoint} onChange={(e) => setCheckpoint(e.target.value)} style={{ width: 200 }} data-testid="checkpoint-id" />
        </Form.Item>
        <Form.Item label="日期">
          <Input type="date" value={day} onChange={(e) => setDay(e.target.value)} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" data-testid="checkpoint-load">
            查询
          </Button>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="checkpoint-error" />}
      {stats && option && (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={8}>
              <Statistic title="放行" value={stats.totals.pass} data-testid="checkpoint-pass" />
            </Col>
            <Col span={8}>
              <Statistic title="拦截" value={stats.totals.stop} />
            </Col>
            <Col span={8}>
              <Statistic title="无效码" value={stats.totals.invalid} />
            </Col>
          </Row>
          <Chart option={option} testId="checkpoint-hours" />
        </>
      )}
    </Card>
  );
}
