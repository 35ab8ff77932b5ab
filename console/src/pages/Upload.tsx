import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Result, Row as GridRow, Select, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { FEED_TYPES, type FeedType } from '../../../shared/api/authority';
import { BASIS_KINDS, BASIS_LABELS, COLOR_LABELS, FEED_TYPE_LABELS, type ConsoleSessionResponse, type FeedProposal, type ProposalImpact } from '../../../shared/api/console';
import { api, ApiError } from '../api';
import { parseCsv, parseXlsx, validateRows, type Row } from '../rows';

export function ImpactView({ impact }: { impact: ProposalImpact }) {
  return (
    <GridRow gutter={16} data-testid="impact">
      <Col span={6}>
        <Statistic title="记录条数" value={impact.records} />
      </Col>
      <Col span={6}>
        <Statistic title="涉及人数" value={impact.people} />
      </Col>
      <Col span={6}>
        <Statistic title="其中已申领健康码" value={impact.registered} />
      </Col>
      <Col span={6}>
        <Statistic title="将变更颜色" value={impact.colourChanges} styles={{ content: { color: impact.colourChanges ? '#cf1322' : undefined } }} />
      </Col>
      {impact.transitions.length > 0 && (
        <Col span={24} style={{ marginTop: 12 }}>
          <Space wrap>
            {impact.transitions.map((t) => (
              <Tag key={`${t.from}${t.to}`} color={t.to === 'red' ? 'red' : t.to === 'yellow' ? 'gold' : 'green'}>
                {COLOR_LABELS[t.from]} → {COLOR_LABELS[t.to]}：{t.count}人
              </Tag>
            ))}
          </Space>
        </Col>
      )}
    </GridRow>
  );
}

export function UploadPage({ session }: { session: ConsoleSessionResponse }) {
  const { message } = App.useApp();
  const [type, setType] = useState<FeedType>('close-contact');
  const [sheet, setSheet] = useState<Record<string, unknown>[]>([]);
  const [fileName, setFileName] = useState<string>();
  const [impact, setImpact] = useState<ProposalImpact>();
  const [proposal, setProposal] = useState<FeedProposal>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ kind: (typeof BASIS_KINDS)[number]; reference: string }>();
  const rows: Row[] = useMemo(() => validateRows(type, sheet), [type, sheet]);
  const bad = rows.filter((r) => r.errors.length > 0);
  const canPropose = session.official.roles.includes('proposer');

  const load = async (file: File) => {
    setImpact(undefined);
    setProposal(undefined);
    setError(undefined);
    try {
      const data = /\.xlsx$/i.test(file.name) ? await parseXlsx(file) : parseCsv(await file.text());
      if (data.length === 0) throw new Error('文件中没有数据行');
      if (data.length > 2000) throw new Error('每次最多上报2000条记录，请拆分文件');
      setSheet(data);
      setFileName(file.name);
    } catch (err) {
      setError(`无法读取文件：${(err as Error).message}`);
    }
    return false;
  };

  const body = async () => {
    const basis = await form.validateFields();
    return { type, basis: { kind: basis.kind, reference: basis.reference.trim() }, records: rows.map((r) => r.record) };
  };

  const run = async (what: 'preview' | 'propose') => {
    setError(undefined);
    let request;
    try {
      request = await body();
    } catch {
      return;
    }
    setBusy(true);
    try {
      if (what === 'preview') setImpact(await api<ProposalImpact>('POST', '/v1/console/feed-previews', request));
      else {
        const created = await api<FeedProposal>('POST', '/v1/console/feed-proposals', request);
        setProposal(created);
        message.success('已提交审批，请由另一位审批人审批');
      }
    } catch (err) {
      const e = err as ApiError;
      setError([e.message, ...(e.errors ?? []).map((x) => x.message)].join('；'));
    } finally {
      setBusy(false);
    }
  };

  if (proposal) {
    return (
      <Result
        status="success"
        title="已提交审批"
        subTitle={`提议编号${proposal.id}：${FEED_TYPE_LABELS[proposal.type]}${proposal.impact.records}条，须由另一位审批人批准后生效`}
        extra={[
          <Button key="again" onClick={() => { setProposal(undefined); setSheet([]); setImpact(undefined); setFileName(undefined); }}>
            继续上报
          </Button>,
          <Button key="go" type="primary" href="#/proposals">
            查看审批
          </Button>,
        ]}
      />
    );
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title="上报数据（双人复核：提交后须由另一位审批人批准才生效）">
        {!canPropose && <Alert type="warning" showIcon title="您没有提交权限，只能查看" style={{ marginBottom: 16 }} />}
        <Space wrap align="start">
          <Select style={{ width: 200 }} value={type} onChange={(v) => { setType(v); setImpact(undefined); }} options={FEED_TYPES.map((t) => ({ value: t, label: FEED_TYPE_LABELS[t] }))} data-testid="feed-type" />
          <Upload accept=".csv,.xlsx" maxCount={1} showUploadList={false} beforeUpload={(file) => load(file)}>
            <Button data-testid="choose-file">选择 CSV 或 XLSX 文件</Button>
          </Upload>
          {fileName && <Typography.Text>{fileName}</Typography.Text>}
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          列名：证件类型、证件号码、时间（可空，默认当前时间）{type === 'close-contact' ? '、最后接触日期（YYYY-MM-DD）' : ''}
          {type === 'test-result' ? '、检测结果（阳性/阴性）、采样时间' : ''}。
        </Typography.Paragraph>
      </Card>

      {error && <Alert type="error" showIcon title={error} data-testid="upload-error" />}

      {rows.length > 0 && (
        <Card title={`校验结果：共${rows.length}行，有效${rows.length - bad.length}行，有误${bad.length}行`} data-testid="row-check">
          <Table
            size="small"
            rowKey="line"
            pagination={{ pageSize: 10 }}
            dataSource={[...bad, ...rows.filter((r) => r.errors.length === 0)]}
            columns={[
              { title: '行号', dataIndex: 'line', width: 80 },
              { title: '证件号码', dataIndex: 'masked' },
              { title: '状态', render: (_, r: Row) => (r.errors.length ? <Tag color="red">有误</Tag> : <Tag color="green">有效</Tag>), width: 90 },
              { title: '原因', render: (_, r: Row) => r.errors.join('；') },
            ]}
          />
        </Card>
      )}

      {rows.length > 0 && (
        <Card title="依据与影响">
          <Form form={form} layout="inline" initialValues={{ kind: type === 'test-result' ? 'lab-batch' : 'epi-report' }}>
            <Form.Item name="kind" label="依据类型" rules={[{ required: true, message: '请选择依据类型' }]}>
              <Select style={{ width: 160 }} options={BASIS_KINDS.map((k) => ({ value: k, label: BASIS_LABELS[k] }))} />
            </Form.Item>
            <Form.Item name="reference" label="依据编号" rules={[{ required: true, whitespace: true, message: '请填写流调报告编号或检测批次号' }, { max: 64, message: '依据编号过长' }]}>
              <Input style={{ width: 240 }} placeholder="如 LS-2026-流调-0142" data-testid="basis-reference" />
            </Form.Item>
            <Space>
              <Button onClick={() => void run('preview')} loading={busy} disabled={bad.length > 0 || !canPropose} data-testid="preview">
                预览影响
              </Button>
              <Button type="primary" onClick={() => void run('propose')} loading={busy} disabled={bad.length > 0 || !impact || !canPropose} data-testid="propose">
                提交审批
              </Button>
            </Space>
          </Form>
          {bad.length > 0 && <Alert style={{ marginTop: 16 }} type="warning" showIcon title={`有${bad.length}行有误，请修改文件后重新选择；有误的记录不会提交`} />}
          {impact && (
            <div style={{ marginTop: 24 }}>
              <Descriptions size="small" column={1} items={[{ key: 't', label: '数据类型', children: FEED_TYPE_LABELS[type] }]} />
              <ImpactView impact={impact} />
            </div>
          )}
        </Card>
      )}
    </Space>
  );
}
