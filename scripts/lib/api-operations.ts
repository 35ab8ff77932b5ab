/**
 * What the OpenAPI document says about each route beyond what the handler validates: a summary in
 * Chinese and English, the answer's schema, and examples (taken from the contract tests). The body,
 * query and path schemas are not repeated here: they come from the handlers themselves
 * (scripts/lib/openapi.ts). A route in functions/routes.ts without an entry fails the OpenAPI test.
 */
import { z, type ZodType } from 'zod';
import { residentSessionResponse, profileRequestAt, profileResponse, residentStatus, declarationRequestAt, declarationResponse, codeResponse, checkinResponse, historyResponse, dependentRequestAt, dependentResponse, dependentsResponse } from '../../shared/api/resident';
import { inspectorSessionResponse, verificationResponse, manualCheckRequestAt, manualCheckResponse, keysResponse } from '../../shared/api/inspector';
import { phoneEnvelopeResponse } from '../../shared/api/resident-phone';
import { offlineScansResponse } from '../../shared/api/offline-scans';
import { scanListResponse, checkpointStatsResponse } from '../../shared/api/scan-log';
import { feedResponse, riskAreasResponse } from '../../shared/api/authority';
import { verifyChainResponse } from '../../shared/api/audit';
import { rulesetSchema } from '../../shared/rules/schema';
import { faultPlanSchema } from '../../functions/adapters/dynamo-faults';
import { authorityCorrectionsResponse, correctionDecisionResponse, correctionRequest, correctionResponse, correctionsResponse } from '../../shared/api/corrections';
import { identityVerificationResponse, dependentVerificationResponse, sandboxCertifyRequest } from '../../shared/api/resident';
import { dependentConfirmationResponse } from '../../shared/api/inspector';
import { auditEntry, colourStats, consoleRiskAreas, consoleRulesets, consoleSessionResponse, feedProposal, personLookupRequest, personLookupResponse, proposalImpact, riskAreaImpact, riskAreaProposal, riskAreaProposalView, rulesetDryRun, rulesetProposal, rulesetProposalView } from '../../shared/api/console';
import { countyStats, feedStats, scanDayStats } from '../../shared/api/console-dashboard';
import { consoleCheckpoint, consoleCheckpoints } from '../../shared/api/console-checkpoints';

export interface Operation {
  zh: string;
  en: string;
  /** Longer notes, Chinese then English. */
  notes?: string;
  /** The success status and its body schema (undefined: no body, e.g. 204). */
  success: { status: number; schema?: ZodType };
  /** The request body as the use case checks it, where the handler itself takes `unknown`. */
  body?: ZodType;
  /** Statuses this route answers besides the ones every route of its kind does (e.g. 409, 422, 429). */
  errors?: number[];
  /** Request example (validated against the body schema by the OpenAPI test). */
  request?: unknown;
  /** Response example (validated against the success schema). */
  response?: unknown;
}

const now = new Date();
const health = z.strictObject({ status: z.enum(['ok', 'degraded']), stage: z.string(), version: z.string(), time: z.iso.datetime({ offset: true }), table: z.strictObject({ reachable: z.boolean() }), reason: z.string().optional() });
const clockAnswer = z.strictObject({ scope: z.string(), now: z.iso.datetime() });
const jobAnswer = z.looseObject({ job: z.string(), runId: z.string(), examined: z.number().int().optional(), converted: z.number().int().optional() });
const rulesetAnswer = z.looseObject({ version: z.string() });

export const operations: Record<string, Operation> = {
  'GET /v1/health': {
    zh: '服务健康检查', en: 'Health check: stage, version, clock and table reachability; 200 with status "degraded" and a reason while the table does not answer',
    success: { status: 200, schema: health },
    response: { status: 'ok', stage: 'local', version: '0.1.0', time: '2026-03-01T01:00:00.000Z', table: { reachable: true } },
  },
  'GET /v1/keys': { zh: '验码公钥', en: 'Public keys that verify code payloads (offline verification)', success: { status: 200, schema: keysResponse } },
  'POST /v1/resident/sessions': {
    zh: '居民登录（支付宝授权码或测试账号）', en: 'Resident sign-in with an Alipay auth code (or a sandbox subject on local/review)',
    success: { status: 200, schema: residentSessionResponse }, errors: [429],
    request: { provider: 'sandbox', subject: 'demo-resident-1' },
  },
  'POST /v1/resident/profile': {
    zh: '填写本人信息', en: 'Register the signed-in resident (name, document, phone, region)',
    body: profileRequestAt(now), success: { status: 200, schema: profileResponse }, errors: [409, 422],
  },
  'POST /v1/resident/phone': { zh: '解密支付宝手机号授权', en: 'Open the Alipay phone-number envelope (503 not-configured on local)', success: { status: 200, schema: phoneEnvelopeResponse } },
  'POST /v1/resident/declarations': {
    zh: '健康申报', en: 'Health declaration for oneself', body: declarationRequestAt(now), success: { status: 200, schema: declarationResponse }, errors: [409, 422],
  },
  'POST /v1/resident/dependents/{id}/declarations': {
    zh: '为家庭成员申报', en: 'Health declaration for a dependent', body: declarationRequestAt(now), success: { status: 200, schema: declarationResponse }, errors: [409, 422],
  },
  'POST /v1/resident/checkins': {
    zh: '每日打卡', en: 'Daily check-in (temperature, symptoms)', success: { status: 201, schema: checkinResponse }, errors: [409],
    request: { temperature: 36.5, symptoms: [] },
  },
  'POST /v1/resident/dependents/{id}/checkins': {
    zh: '为家庭成员打卡', en: 'Daily check-in for a dependent', success: { status: 201, schema: checkinResponse }, errors: [409],
    request: { temperature: 36.5, symptoms: [] },
  },
  'GET /v1/resident/status': { zh: '我的健康码状态', en: 'The resident’s colour, reasons and clearance', success: { status: 200, schema: residentStatus } },
  'GET /v1/resident/dependents/{id}/status': { zh: '家庭成员健康码状态', en: 'A dependent’s colour, reasons and clearance', success: { status: 200, schema: residentStatus } },
  'GET /v1/resident/code': { zh: '我的健康码（动态二维码）', en: 'The resident’s signed, short-lived QR code', success: { status: 200, schema: codeResponse }, errors: [409] },
  'GET /v1/resident/dependents/{id}/code': { zh: '家庭成员健康码', en: 'A dependent’s QR code', success: { status: 200, schema: codeResponse }, errors: [409] },
  'GET /v1/resident/history': { zh: '颜色变更记录', en: 'Colour history (newest first)', success: { status: 200, schema: historyResponse } },
  'GET /v1/resident/dependents/{id}/history': { zh: '家庭成员颜色变更记录', en: 'A dependent’s colour history', success: { status: 200, schema: historyResponse } },
  'POST /v1/resident/dependents': {
    zh: '添加家庭成员', en: 'Add a dependent (child, elder) to the account', body: dependentRequestAt(now), success: { status: 201, schema: dependentResponse }, errors: [409, 422],
  },
  'GET /v1/resident/dependents': { zh: '家庭成员列表', en: 'The account’s dependents', success: { status: 200, schema: dependentsResponse } },
  'DELETE /v1/resident/dependents/{id}': { zh: '移除家庭成员', en: 'Remove a dependent: its personal data and document binding are erased, its history stays', success: { status: 204 }, errors: [404, 409] },
  'DELETE /v1/resident/account': { zh: '注销账号', en: 'Delete the resident account: 204 only once nothing personal is left (the pseudonymous history stays); 503 while erasure is unfinished, and the same DELETE (or the deletion sweep) finishes it', success: { status: 204 } },
  'POST /v1/inspector/sessions': {
    zh: '检查员登录（钉钉授权码或测试账号）', en: 'Inspector sign-in with a DingTalk auth code (or a sandbox subject)',
    success: { status: 200, schema: inspectorSessionResponse }, errors: [429],
    request: { provider: 'sandbox', subject: 'demo-inspector-1' },
  },
  'POST /v1/inspector/verifications': {
    zh: '扫码核验', en: 'Verify a scanned code at a checkpoint: pass, stop or invalid', success: { status: 200, schema: verificationResponse }, errors: [429],
  },
  'POST /v1/inspector/manual-checks': {
    zh: '无码人员人工核验（按证件号）', en: 'Manual check by document number for a person without a phone', body: manualCheckRequestAt(now),
    success: { status: 200, schema: manualCheckResponse }, errors: [429],
  },
  'POST /v1/inspector/offline-scans': { zh: '上传离线扫码记录', en: 'Upload scans made while offline', success: { status: 200, schema: offlineScansResponse } },
  'GET /v1/inspector/scans': { zh: '本人扫码记录', en: 'The inspector’s own scans at a checkpoint', success: { status: 200, schema: scanListResponse } },
  'GET /v1/authority/checkpoints/{id}/stats': {
    zh: '卡口每小时通行统计（需 day 参数）', en: 'Hourly pass/stop counts of a checkpoint for one day (`?day=YYYY-MM-DD` is required)',
    success: { status: 200, schema: checkpointStatsResponse },
  },
  'POST /v1/authority/feeds': {
    zh: '提交数据推送（密接、核酸结果等）', en: 'Submit a feed (close contacts, test results…); `lastExposureDay` on close-contact records',
    success: { status: 202, schema: feedResponse }, errors: [409],
  },
  'PUT /v1/authority/risk-areas': { zh: '发布风险地区', en: 'Publish the risk areas', success: { status: 200, schema: riskAreasResponse }, errors: [409] },
  'PUT /v1/authority/rulesets/{version}': {
    zh: '发布赋码规则版本', en: 'Publish a ruleset version (activates at its effective time)', body: rulesetSchema, success: { status: 200, schema: rulesetAnswer }, errors: [409],
  },
  'POST /v1/authority/audit/verify-chain': { zh: '核验颜色记录哈希链', en: 'Verify one person’s colour-history hash chain', success: { status: 200, schema: verifyChainResponse } },
  // ---- Corrections (纠错): filed by residents, decided by two officials ----
  'POST /v1/resident/corrections': {
    zh: '申请纠错（撤销一项误报或不属于本人的记录）', en: 'File a correction against one active trigger (two officials decide it)',
    body: correctionRequest, success: { status: 201, schema: correctionResponse }, errors: [409, 429],
    request: { trigger: 'declared-contact', declaredOn: '2026-03-01', category: 'declared-by-mistake', text: '误选了接触史，本人没有接触过病例' },
  },
  'POST /v1/resident/dependents/{id}/corrections': {
    zh: '为家庭成员申请纠错', en: 'File a correction for a dependent', body: correctionRequest, success: { status: 201, schema: correctionResponse }, errors: [409, 429],
  },
  'GET /v1/resident/corrections': { zh: '我的纠错申请及结果', en: 'The resident’s corrections and their outcomes, newest first', success: { status: 200, schema: correctionsResponse } },
  'GET /v1/resident/dependents/{id}/corrections': { zh: '家庭成员的纠错申请', en: 'A dependent’s corrections', success: { status: 200, schema: correctionsResponse } },
  'GET /v1/authority/corrections': { zh: '纠错申请队列', en: 'The corrections queue (masked), with each step’s hash chain', success: { status: 200, schema: authorityCorrectionsResponse } },
  'POST /v1/authority/corrections/{id}/decision': {
    zh: '纠错审核（一人提议、另一人确认）', en: 'Decide a correction: the first official proposes, a second confirms (never the proposer)',
    success: { status: 200, schema: correctionDecisionResponse }, errors: [409],
    request: { decision: 'accept', basis: '流调报告 LS-2026-0042' },
  },
  // ---- Identity verification (支付宝身份验证) and dependents ----
  'POST /v1/resident/identity-verifications': { zh: '发起本人身份验证', en: 'Start Alipay identity verification of a typed identity', success: { status: 201, schema: identityVerificationResponse }, errors: [422, 429] },
  'POST /v1/resident/dependents/{id}/verification': { zh: '重新发起家庭成员刷脸验证', en: 'Start a new verification for a pending dependent', success: { status: 201, schema: dependentVerificationResponse }, errors: [422, 429] },
  'POST /v1/resident/dependents/{id}/verification/result': { zh: '确认家庭成员验证结果', en: 'Bind a pending dependent once their verification passed', success: { status: 200, schema: dependentResponse }, errors: [422] },
  'POST /v1/resident/sandbox-certify/{certifyId}': {
    zh: '【测试环境】模拟刷脸结果', en: '[local, review] The sandbox’s stand-in for Alipay’s face step', body: sandboxCertifyRequest, success: { status: 204 },
    request: { outcome: 'pass' },
  },
  'POST /v1/inspector/dependent-confirmations': { zh: '社区服务点现场核验家庭成员', en: 'An inspector confirms a dependent in person against the document', success: { status: 200, schema: dependentConfirmationResponse }, errors: [409, 422, 429] },
  // ---- The officials' console (管理后台) ----
  'POST /v1/console/sessions': { zh: '工作人员登录（钉钉扫码或测试账号）', en: 'Official sign-in: DingTalk web login, or a sandbox official on local/review', success: { status: 200, schema: consoleSessionResponse } },
  'POST /v1/console/feed-previews': { zh: '预览上报影响（不写入）', en: 'Preview a feed’s impact (people, colour changes); writes nothing', success: { status: 200, schema: proposalImpact } },
  'POST /v1/console/feed-proposals': { zh: '提交上报提议', en: 'Propose a feed for a second official to approve', success: { status: 201, schema: feedProposal }, errors: [409] },
  'GET /v1/console/feed-proposals': { zh: '上报提议列表', en: 'Feed proposals, newest first', success: { status: 200, schema: z.strictObject({ proposals: z.array(feedProposal) }) } },
  'GET /v1/console/feed-proposals/{id}': { zh: '上报提议详情', en: 'One feed proposal', success: { status: 200, schema: feedProposal } },
  'POST /v1/console/feed-proposals/{id}/decision': { zh: '审批上报提议（不能审批本人提议）', en: 'Approve or reject a proposal (never one’s own)', success: { status: 200, schema: feedProposal }, errors: [409] },
  'GET /v1/console/audit': { zh: '审批留痕（哈希链）', en: 'The officials’ decision log with its hash-chain verdict', success: { status: 200, schema: z.looseObject({ verdict: z.looseObject({ intact: z.boolean() }), entries: z.array(auditEntry) }) } },
  'GET /v1/console/stats/colours': { zh: '健康码颜色统计', en: 'Colour distribution over time, from the stream-built counters', success: { status: 200, schema: colourStats } },
  'GET /v1/console/stats/counties': { zh: '各区县健康码颜色分布与即将转绿人数', en: 'Colour distribution per Lishui county at the end of each day, and the residents who may turn green today and tomorrow (stream-built counters, no scan)', success: { status: 200, schema: countyStats } },
  'GET /v1/console/stats/scans': { zh: '各卡口每小时核验量', en: 'Scans per checkpoint and hour of one day, busiest first (stream-built counters, one Query per shard)', success: { status: 200, schema: scanDayStats } },
  'GET /v1/console/stats/feeds': { zh: '近期数据上报及其影响', en: 'Feeds completed lately: records, residents re-evaluated, colours changed (stream-built counters)', success: { status: 200, schema: feedStats } },
  'GET /v1/console/corrections': { zh: '纠错申请队列（后台）', en: 'The corrections queue for officials (masked), with each step’s hash chain', success: { status: 200, schema: authorityCorrectionsResponse } },
  'POST /v1/console/corrections/{id}/decision': {
    zh: '纠错审核（提交人提议、另一位审批人确认）', en: 'Decide a correction from the console: a proposer proposes, a different approver confirms (never the proposer)',
    success: { status: 200, schema: correctionDecisionResponse }, errors: [409],
    request: { decision: 'accept', basis: '流调报告 LS-2026-0042' },
  },
  'POST /v1/console/person-lookups': {
    zh: '按证件查询居民（须填事由，记入留痕，限频）', en: 'Look a person up by document with a stated reason: masked holder, colour, reasons and history, or found: false; every lookup is in the decision log; rate-limited',
    body: personLookupRequest, success: { status: 200, schema: personLookupResponse }, errors: [429],
    request: { documentType: 'resident-id', documentNumber: '33110219900307001X', reason: '12345工单 GD-2026-0815' },
  },
  'GET /v1/console/risk-areas': { zh: '当前风险地区（只读）', en: 'The risk areas in force, with region names (one item, no scan)', success: { status: 200, schema: consoleRiskAreas } },
  'GET /v1/console/checkpoints/{id}/stats': { zh: '卡口每小时核验量', en: 'A checkpoint’s scans per hour of one day, from the stream-built counters', success: { status: 200, schema: checkpointStatsResponse } },
  'POST /v1/console/risk-areas/previews': {
    zh: '预览风险等级调整影响（不写入）', en: 'How many residents a region’s new level would touch (RegionStay index, no scan); writes nothing', success: { status: 200, schema: riskAreaImpact },
    request: { region: '331102', level: 'high' },
  },
  'POST /v1/console/risk-areas/proposals': {
    zh: '提交风险等级调整提议', en: 'Propose a region’s new level, with a notice as basis, for a second official to approve', success: { status: 201, schema: riskAreaProposal },
    request: { region: '331102', level: 'high', basis: { kind: 'notice', reference: '丽防指〔2026〕12号' } },
  },
  'GET /v1/console/risk-areas/proposals': { zh: '风险等级调整提议列表', en: 'Risk-area level proposals, newest first', success: { status: 200, schema: z.strictObject({ proposals: z.array(riskAreaProposal) }) } },
  'GET /v1/console/risk-areas/proposals/{id}': { zh: '风险等级调整提议详情（含当前影响）', en: 'One risk-area proposal; while it waits, its impact computed again now', success: { status: 200, schema: riskAreaProposalView } },
  'POST /v1/console/risk-areas/proposals/{id}/decision': {
    zh: '审批风险等级调整（不能审批本人提议）', en: 'Approve (publishes the new list, re-evaluates the residents touched) or reject; never one’s own proposal', success: { status: 200, schema: riskAreaProposal }, errors: [409],
  },
  'POST /v1/console/rulesets/dry-runs': {
    zh: '新规则集试算（抽样，不写入）', en: 'Dry run of a ruleset document over a bounded random sample of residents: colour changes and to which colours; writes nothing',
    success: { status: 200, schema: rulesetDryRun }, request: { ruleset: { '…': '规则集文档' } },
  },
  'POST /v1/console/rulesets/proposals': {
    zh: '提交规则集版本提议（含测试用例、生效时间）', en: 'Propose a ruleset version with its test vectors (all must pass) and effective date, for a second official to approve',
    success: { status: 201, schema: rulesetProposal }, errors: [409], request: { ruleset: { '…': '规则集文档' }, vectors: { vectors: [] }, basis: { kind: 'document', reference: '浙卫发〔2026〕8号' } },
  },
  'GET /v1/console/rulesets/proposals': { zh: '规则集版本提议列表', en: 'Ruleset proposals, newest first', success: { status: 200, schema: z.strictObject({ proposals: z.array(rulesetProposal) }) } },
  'GET /v1/console/rulesets/proposals/{id}': { zh: '规则集版本提议详情（含当前试算）', en: 'One ruleset proposal; while it waits, the dry run made again now', success: { status: 200, schema: rulesetProposalView } },
  'POST /v1/console/rulesets/proposals/{id}/decision': {
    zh: '审批规则集版本（不能审批本人提议）', en: 'Approve (stores the version: activated by the schedule at its effective date) or reject; never one’s own proposal', success: { status: 200, schema: rulesetProposal }, errors: [409],
  },
  'GET /v1/console/rulesets': { zh: '规则集版本（只读）', en: 'Stored ruleset versions (without documents) and the active one', success: { status: 200, schema: consoleRulesets } },
  'GET /v1/console/checkpoints': { zh: '卡口登记列表', en: 'The registered checkpoints with their type, county and mapped DingTalk departments (one partition, no scan)', success: { status: 200, schema: consoleCheckpoints } },
  'POST /v1/console/checkpoints': {
    zh: '登记卡口（管理员）', en: 'Register a checkpoint (admin); logged in the decision log', success: { status: 201, schema: consoleCheckpoint }, errors: [409],
    request: { id: 'lishui-station', name: '丽水火车站出站口', type: 'station', county: '331102' },
  },
  'PUT /v1/console/checkpoints/{id}': {
    zh: '修改卡口信息（管理员）', en: 'Change a checkpoint’s name, type or county (admin); logged', success: { status: 200, schema: consoleCheckpoint }, errors: [409],
    request: { name: '丽水火车站出站口', type: 'station', county: '331102' },
  },
  'POST /v1/console/checkpoints/{id}/departments': {
    zh: '关联钉钉部门（管理员）', en: 'Let a DingTalk department’s inspectors work this checkpoint (admin; idempotent); they get it at their next sign-in', success: { status: 200, schema: consoleCheckpoint }, errors: [409],
    request: { departmentId: '4242' },
  },
  'DELETE /v1/console/checkpoints/{id}/departments/{departmentId}': {
    zh: '取消关联钉钉部门（管理员）', en: 'Take a DingTalk department off this checkpoint (admin); its inspectors lose it at their next sign-in', success: { status: 200, schema: consoleCheckpoint },
  },
  'GET /console': { zh: '【仅本地】管理后台页面', en: '[local only] The console’s web app', success: { status: 200 } },
  'GET /console/{proxy+}': { zh: '【仅本地】管理后台静态文件', en: '[local only] The console’s static files', success: { status: 200 } },
  'POST /v1/dev/clock': {
    zh: '【仅本地】设置开发时钟', en: '[local only] Move the dev clock (header x-dev-clock-scope for a private clock); due scheduled jobs run at once',
    success: { status: 200, schema: clockAnswer }, request: { now: '2026-03-02T09:00:00+08:00' }, response: { scope: 'global', now: '2026-03-02T01:00:00.000Z' },
  },
  'DELETE /v1/dev/clock': { zh: '【仅本地】恢复真实时间', en: '[local only] Back to real time', success: { status: 200, schema: clockAnswer } },
  'POST /v1/dev/jobs/{name}': {
    zh: '【仅本地】立即运行定时任务', en: '[local only] Run a scheduled job now at the dev clock (npm start also runs them on their schedule)',
    success: { status: 200, schema: jobAnswer },
    response: { job: 'auto-convert', runId: 'auto-convert:2026-03-15T01:00:00.000Z:1a2b3c4d', dueBy: '2026-03-15T09:00:00+08:00', buckets: 16, examined: 40, converted: 3 },
  },
  'POST /v1/dev/faults': {
    zh: '【仅本地】注入 DynamoDB 故障', en: '[local only] Make DynamoDB calls fail (throttle, timeout, server-error)',
    success: { status: 200, schema: z.strictObject({ faults: faultPlanSchema }) }, request: { kind: 'throttle', rate: 0.5 },
  },
  'DELETE /v1/dev/faults': { zh: '【仅本地】清除故障注入', en: '[local only] DynamoDB answers normally again', success: { status: 200, schema: z.strictObject({ faults: z.null() }) } },
};
