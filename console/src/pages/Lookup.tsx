import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Table, Tag } from 'antd';
import { COLOR_LABELS, LOOKUPS_PER_MINUTE, type PersonFound, type PersonLookupResponse } from '../../../shared/api/console';
import { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES } from '../../../shared/identity';
import { api } from '../api';
import { useBusy } from '../busy';
import { time } from '../format';

const TAG_COLORS = { green: 'success', yellow: 'warning', red: 'error' } as const;
/** The kinds of cause a colour change records (functions/core/holder-state's CauseKind). */
const CAUSE_LABELS: Record<string, string> = {
  declaration: '健康申报',
  checkin: '健康打卡',
  feed: '部门数据',
  'risk-area': '风险地区调整',
  job: '到期自动转码',
  ruleset: '规则更新',
  registration: '登记',
  correction: '纠错',
  removal: '家人移除',
};

type Values = { documentType: string; documentNumber: string; reason: string };

export function LookupPage() {
  const [form] = Form.useForm<Values>();
  const [result, setResult] = useState<PersonLookupResponse>();
  const [error, setError] = useState<string>();
  const { busy, run } = useBusy();

  const submit = (values: Values) =>
    run(setError, async () => {
      setResult(undefined);
      setResult(await api<PersonLookupResponse>('POST', '/v1/console/person-lookups', values));
      // The number is not kept on the screen once answered: the answer shows it masked.
      form.setFieldValue('documentNumber', '');
    });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title="按证件查询居民">
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={`每次查询都会记录查询人和事由，可在“操作留痕”中查看；每人每分钟最多查询${LOOKUPS_PER_MINUTE}次。结果只显示脱敏信息。`} />
        <Form form={form} layout="inline" initialValues={{ documentType: 'resident-id' }} onFinish={(v) => void submit(v)}>
          <Form.Item name="documentType" label="证件类型">
            <Select style={{ width: 200 }} options={DOCUMENT_TYPES.map((t) => ({ value: t, label: DOCUMENT_TYPE_LABELS[t] }))} />
          </Form.Item>
          <Form.Item name="documentNumber" label="证件号码" rules={[{ required: true, message: '请填写证件号码' }]}>
            <Input style={{ width: 220 }} autoComplete="off" data-testid="lookup-document" />
          </Form.Item>
          <Form.Item name="reason" label="查询事由" rules={[{ required: true, message: '请填写查询事由' }]}>
            <Input style={{ width: 280 }} maxLength={100} placeholder="例如12345工单号或流调报告编号" data-testid="lookup-reason" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="lookup-submit">
              查询
            </Button>
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} data-testid="lookup-error" />}
      </Card>
      {result && !result.found && <Alert type="warning" showIcon title={`未找到该证件对应的已登记居民（查询编号${result.lookupId}，已记入留痕）`} data-testid="lookup-none" />}
      {result?.found && (
        <Card title="查询结果" data-testid="lookup-result" extra={<span style={{ color: '#888' }}>查询编号 {result.lookupId}</span>}>
          <Descriptions
            column={2}
            bordered
            size="small"
            items={[
              { key: 'holder', label: '居民（脱敏）', children: `${result.holder.maskedName} ${result.holder.maskedDocument}`, span: 2 },
              { key: 'color', label: '当前健康码', children: <Tag color={TAG_COLORS[result.status.color]} data-testid="lookup-color">{COLOR_LABELS[result.status.color]}</Tag> },
              { key: 'since', label: '赋码时间', children: time(result.status.since) },
              {
                key: 'reasons',
                label: '原因',
                span: 2,
                children: result.status.reasons.length ? result.status.reasons.map((r) => <div key={r.code + (r.declaredOn ?? '')}>{r.message}{r.declaredOn ? `（${r.declaredOn}申报）` : ''}</div>) : '无',
              },
              { key: 'chain', label: '变更记录', span: 2, children: result.chainOk ? <Tag color="success">哈希链完整，未发现篡改</Tag> : <Tag color="error">哈希链断裂，记录可能被篡改</Tag> },
            ]}
          />
          <Table
            style={{ marginTop: 16 }}
            size="small"
            rowKey="seq"
            pagination={false}
            dataSource={result.history}
            data-testid="lookup-history"
            columns={[
              { title: '时间', render: (_, h: PersonFound['history'][number]) => time(h.at) },
              { title: '变化', render: (_, h: PersonFound['history'][number]) => `${h.from ? COLOR_LABELS[h.from] : '首次赋码'} → ${COLOR_LABELS[h.to]}` },
              { title: '起因', render: (_, h: PersonFound['history'][number]) => CAUSE_LABELS[h.cause] ?? h.cause },
              { title: '原因', render: (_, h: PersonFound['history'][number]) => h.reasons.map((r) => r.message).join('；') || '无' },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
