import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Modal, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import type { ConsoleSessionResponse } from '../../../shared/api/console';
import type { CheckpointStatsResponse } from '../../../shared/api/scan-log';
import { CHECKPOINT_TYPES, CHECKPOINT_TYPE_LABELS, type CheckpointType, type ConsoleCheckpoint, type ConsoleCheckpoints } from '../../../shared/api/console-checkpoints';
import { LISHUI_CITY, zhejiangRegions } from '../../../shared/regions';
import { api } from '../api';
import { Chart } from './Dashboard';

echarts.use([BarChart]);

/** Today in Asia/Shanghai, as the counters' days are. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

/** Zhejiang's counties grouped by city, Lishui first (the city this console runs). */
const COUNTY_OPTIONS = [...zhejiangRegions()]
  .sort((a, b) => Number(b.code === LISHUI_CITY) - Number(a.code === LISHUI_CITY))
  .map((city) => ({ label: city.name, options: city.counties.map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` })) }));
const TYPE_OPTIONS = CHECKPOINT_TYPES.map((t) => ({ value: t, label: CHECKPOINT_TYPE_LABELS[t] }));

interface CheckpointForm {
  id?: string;
  name: string;
  type: CheckpointType;
  county: string;
}

/** The registry (卡口登记) with its department mappings; changes need the admin role. */
function Registry({ admin, onPick }: { admin: boolean; onPick: (id: string) => void }) {
  const [list, setList] = useState<ConsoleCheckpoint[]>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [editing, setEditing] = useState<ConsoleCheckpoint | 'new'>();
  const [departmentInput, setDepartmentInput] = useState<Record<string, string>>({});
  const [form] = Form.useForm<CheckpointForm>();

  const load = useCallback(async () => {
    try {
      setList((await api<ConsoleCheckpoints>('GET', '/v1/console/checkpoints')).checkpoints);
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const run = async (what: () => Promise<unknown>, done: string) => {
    setError(undefined);
    setNotice(undefined);
    try {
      await what();
      await load();
      setNotice(done);
      return true;
    } catch (err) {
      setError((err as Error).message);
      return false;
    }
  };

  const save = async () => {
    const values = await form.validateFields();
    const ok =
      editing === 'new'
        ? await run(() => api('POST', '/v1/console/checkpoints', { id: values.id, name: values.name, type: values.type, county: values.county }), `已登记卡口${values.id}`)
        : editing
          ? await run(() => api('PUT', `/v1/console/checkpoints/${encodeURIComponent(editing.id)}`, { name: values.name, type: values.type, county: values.county }), `已修改卡口${editing.id}`)
          : false;
    if (ok) setEditing(undefined);
  };

  const open = (target: ConsoleCheckpoint | 'new') => {
    setEditing(target);
    form.setFieldsValue(target === 'new' ? { id: '', name: '', type: 'community', county: '331102' } : { id: target.id, name: target.name, type: target.type, county: target.county });
  };

  const path = (id: string, dept: string) => `/v1/console/checkpoints/${encodeURIComponent(id)}/departments/${encodeURIComponent(dept)}`;

  return (
    <Card
      title="卡口登记与核验人员授权"
      extra={
        admin ? (
          <Button type="primary" onClick={() => open('new')} data-testid="checkpoint-new">
            登记卡口
          </Button>
        ) : (
          <Typography.Text type="secondary">登记和授权需要“管理”权限</Typography.Text>
        )
      }
      style={{ marginBottom: 16 }}
    >
      <Typography.Paragraph type="secondary">
        关联钉钉部门后，该部门的核验人员重新登录核验端即可在此卡口扫码；取消关联后，已登录的核验人员在此卡口的授权随即失效。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="registry-error" />}
      {notice && <Alert type="success" showIcon title={notice} style={{ marginBottom: 12 }} data-testid="registry-notice" />}
      <Table
        size="small"
        rowKey="id"
        loading={!list && !error}
        dataSource={list}
        pagination={{ pageSize: 10 }}
        data-testid="checkpoint-table"
        columns={[
          { title: '卡口编号', dataIndex: 'id' },
          { title: '名称', dataIndex: 'name' },
          { title: '类型', render: (_, c: ConsoleCheckpoint) => <Tag>{CHECKPOINT_TYPE_LABELS[c.type]}</Tag> },
          { title: '所在区县', render: (_, c: ConsoleCheckpoint) => c.countyName || c.county },
          {
            title: '授权钉钉部门',
            render: (_, c: ConsoleCheckpoint) => (
              <Space wrap size={4}>
                {c.departments.length === 0 && <Typography.Text type="secondary">未关联</Typography.Text>}
                {c.departments.map((d) => (
                  <Tag
                    key={`${d.corpId}/${d.departmentId}`}
                    color="blue"
                    closable={admin}
                    data-testid={`dept-${c.id}-${d.departmentId}`}
                    onClose={(e) => {
                      e.preventDefault();
                      void run(() => api('DELETE', path(c.id, d.departmentId)), `已取消钉钉部门${d.departmentId}与卡口${c.id}的关联`);
                    }}
                  >
                    部门{d.departmentId}
                  </Tag>
                ))}
                {admin && (
                  <Space.Compact size="small">
                    <Input
                      placeholder="钉钉部门编号"
                      style={{ width: 120 }}
                      value={departmentInput[c.id] ?? ''}
                      onChange={(e) => setDepartmentInput({ ...departmentInput, [c.id]: e.target.value })}
                      data-testid={`dept-input-${c.id}`}
                    />
                    <Button
                      onClick={() => {
                        const dept = (departmentInput[c.id] ?? '').trim();
                        if (!dept) return setError('请填写钉钉部门编号');
                        void run(() => api('POST', `/v1/console/checkpoints/${encodeURIComponent(c.id)}/departments`, { departmentId: dept }), `已将钉钉部门${dept}关联到卡口${c.id}`).then((ok) => ok && setDepartmentInput({ ...departmentInput, [c.id]: '' }));
                      }}
                      data-testid={`dept-add-${c.id}`}
                    >
                      关联
                    </Button>
                  </Space.Compact>
                )}
              </Space>
            ),
          },
          {
            title: '操作',
            render: (_, c: ConsoleCheckpoint) => (
              <Space>
                <Button size="small" onClick={() => onPick(c.id)}>
                  统计
                </Button>
                {admin && (
                  <Button size="small" onClick={() => open(c)} data-testid={`checkpoint-edit-${c.id}`}>
                    修改
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== undefined}
        title={editing === 'new' ? '登记卡口' : '修改卡口信息'}
        okText="保存"
        cancelText="取消"
        okButtonProps={{ 'data-testid': 'checkpoint-save' } as Record<`data-${string}`, string>}
        onOk={() => void save()}
        onCancel={() => setEditing(undefined)}
        destroyOnHidden
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item label="卡口编号" name="id" rules={[{ required: true, message: '请填写卡口编号' }, { pattern: /^[A-Za-z0-9._:-]+$/, message: '卡口编号只能包含字母、数字和 . _ : -' }]}>
            <Input disabled={editing !== 'new'} placeholder="例如 lishui-station" data-testid="checkpoint-form-id" />
          </Form.Item>
          <Form.Item label="名称" name="name" rules={[{ required: true, min: 2, max: 40, message: '卡口名称为2至40个字' }]}>
            <Input placeholder="例如 丽水火车站出站口" data-testid="checkpoint-form-name" />
          </Form.Item>
          <Form.Item label="类型" name="type" rules={[{ required: true, message: '请选择卡口类型' }]}>
            <Select options={TYPE_OPTIONS} data-testid="checkpoint-form-type" />
          </Form.Item>
          <Form.Item label="所在区县" name="county" rules={[{ required: true, message: '请选择所在区县' }]}>
            <Select options={COUNTY_OPTIONS} showSearch={{ optionFilterProp: 'label' }} data-testid="checkpoint-form-county" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

export function CheckpointsPage({ session }: { session: ConsoleSessionResponse }) {
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
    <>
      <Registry
        admin={session.official.roles.includes('admin')}
        onPick={(id) => {
          setCheckpoint(id);
          void load(id, day);
        }}
      />
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
    </>
  );
}
