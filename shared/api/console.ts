/**
 * Bodies of the console routes (role `official`, the health officials' back office in console/).
 * Officials never set a colour: they propose records with a cited basis, and a second official with
 * the `approver` role approves them before they apply through the feed use case.
 */
import * as z from 'zod';
import { FEED_TYPES, RISK_LEVELS, validateFeedRecords, type FeedType } from './authority';
import { authCode, calendarDay, color, documentNumber, documentType, identifier, maskedHolder, regionCode, timestamp } from './fields';
import { COLORS, type Color } from '../rules/schema';

export const OFFICIAL_ROLE_VALUES = ['viewer', 'proposer', 'approver', 'admin'] as const;
export const OFFICIAL_ROLE_LABELS: Readonly<Record<(typeof OFFICIAL_ROLE_VALUES)[number], string>> = {
  viewer: '查看',
  proposer: '提交',
  approver: '审批',
  admin: '管理',
};

// ---- POST /v1/console/sessions ----

export const consoleSessionRequest = z.discriminatedUnion(
  'provider',
  [
    // DingTalk's OAuth2 web login (扫码登录): the authCode of the redirect back to the console.
    z.strictObject({ provider: z.literal('dingtalk'), authCode }),
    z.strictObject({ provider: z.literal('sandbox'), subject: identifier('测试账号', 128) }),
  ],
  { error: '不支持的登录方式' },
);
export type ConsoleSessionRequest = z.infer<typeof consoleSessionRequest>;

export const officialProfile = z.strictObject({
  /** Opaque id (provider and user id), as it appears in the audit. */
  id: z.string().max(200),
  /** Display name from the registry (officials are named in the audit on purpose). */
  name: z.string().max(50),
  roles: z.array(z.enum(OFFICIAL_ROLE_VALUES)).max(4),
});
export type OfficialProfile = z.infer<typeof officialProfile>;

export const consoleSessionResponse = z.strictObject({
  token: z.string().min(1).max(4096),
  expiresAt: timestamp,
  official: officialProfile,
});
export type ConsoleSessionResponse = z.infer<typeof consoleSessionResponse>;

// ---- feed proposals ----

/** Most records an official may upload in one proposal (stored encrypted in one item). */
export const MAX_PROPOSAL_RECORDS = 2000;

/** Feeds cite a tracing report or a lab batch. */
export const BASIS_KINDS = ['epi-report', 'lab-batch'] as const;
/** Risk-area levels and rulesets cite the notice or the document that decided them. */
export const DECISION_BASIS_KINDS = ['notice', 'document'] as const;
export const BASIS_LABELS: Readonly<Record<(typeof BASIS_KINDS)[number] | (typeof DECISION_BASIS_KINDS)[number], string>> = {
  'epi-report': '流调报告编号',
  'lab-batch': '检测批次号',
  notice: '防控指挥部通告编号',
  document: '文件编号',
};

// Report numbers carry Chinese (LS-2026-流调-0142): any printable text, no control or format characters.
const basisReference = z
  .string({ error: '请填写依据编号' })
  .trim()
  .min(1, '请填写依据编号')
  .max(64, '依据编号过长')
  .regex(/^[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]+$/u, '依据编号含有不可见字符');

export const proposalBasis = z.strictObject({
  kind: z.enum(BASIS_KINDS, { error: '请选择依据类型（流调报告编号或检测批次号）' }),
  reference: basisReference,
});
export type ProposalBasis = z.infer<typeof proposalBasis>;

/** The basis of a risk-area or ruleset decision: a notice (通告) or a document (文件) number. */
export const decisionBasis = z.strictObject({
  kind: z.enum(DECISION_BASIS_KINDS, { error: '请选择依据类型（防控指挥部通告编号或文件编号）' }),
  reference: basisReference,
});
export type DecisionBasis = z.infer<typeof decisionBasis>;

export const FEED_TYPE_LABELS: Readonly<Record<FeedType, string>> = {
  confirmed: '确诊病例',
  suspected: '疑似病例',
  asymptomatic: '无症状感染者',
  'close-contact': '密切接触者',
  released: '解除隔离',
  'test-result': '核酸检测结果',
  'false-declaration': '虚假申报',
};

/** The envelope; every record is then checked against its type's schema (all must be valid). */
export const feedProposalRequest = z.strictObject({
  type: z.enum(FEED_TYPES, { error: '数据类型不正确' }),
  basis: proposalBasis,
  records: z
    .array(z.unknown(), { error: '请提供记录列表' })
    .min(1, '至少需要一条记录')
    .max(MAX_PROPOSAL_RECORDS, `每次最多${MAX_PROPOSAL_RECORDS}条记录`),
});
export type FeedProposalRequest = z.infer<typeof feedProposalRequest>;

/** The request, with every record valid for its type at `now` (the contract the server enforces). */
export function feedProposalRequestAt(now: Date) {
  return feedProposalRequest.superRefine((request, ctx) => {
    const { rejected } = validateFeedRecords(request.type, request.records, now);
    for (const bad of rejected.slice(0, 20)) {
      ctx.addIssue({ code: 'custom', path: ['records', bad.index], message: `第${bad.index + 1}行：${bad.errors[0]?.message ?? '记录无效'}` });
    }
  });
}

const transition = z.strictObject({ from: color, to: color, count: z.number().int().min(0) });

export const proposalImpact = z.strictObject({
  records: z.number().int().min(0),
  /** Distinct documents named. */
  people: z.number().int().min(0),
  /** Of those, residents registered (with a code). */
  registered: z.number().int().min(0),
  /** Registered residents whose colour would change. */
  colourChanges: z.number().int().min(0),
  transitions: z.array(transition).max(9),
  /** Colour counts after the change, among the registered residents touched. */
  after: z.record(z.enum(COLORS), z.number().int().min(0)),
});
export type ProposalImpact = z.infer<typeof proposalImpact>;

export const PROPOSAL_STATUSES = ['proposed', 'approved', 'rejected'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export const PROPOSAL_STATUS_LABELS: Readonly<Record<ProposalStatus, string>> = { proposed: '待审批', approved: '已批准', rejected: '已驳回' };

export const principalRef = z.strictObject({ id: z.string().max(200), name: z.string().max(50) });

export const feedProposal = z.strictObject({
  id: z.string().max(64),
  type: z.enum(FEED_TYPES),
  basis: proposalBasis,
  status: z.enum(PROPOSAL_STATUSES),
  proposer: principalRef,
  proposedAt: timestamp,
  impact: proposalImpact,
  /** Masked documents of the first rows, for the approver's look. */
  sample: z.array(z.strictObject({ document: z.string().max(64), at: z.string().max(40), day: z.string().max(10).optional() })).max(20),
  decider: principalRef.optional(),
  decidedAt: timestamp.optional(),
  reason: z.string().max(200).optional(),
  /** Feed answer once applied: residents re-evaluated. */
  applied: z.strictObject({ feedId: z.string().max(128), accepted: z.number().int(), affected: z.number().int() }).optional(),
});
export type FeedProposal = z.infer<typeof feedProposal>;

export const proposalIdPath = z.strictObject({ id: z.string().regex(/^FP-[0-9]{14}-[0-9a-f]{8}$/, '提议编号不正确') });

export const proposalListQuery = z.strictObject({
  status: z.enum(PROPOSAL_STATUSES, { error: '状态不正确' }).optional(),
});

export const decisionRequest = z.strictObject({
  decision: z.enum(['approve', 'reject'], { error: '请选择批准或驳回' }),
  reason: z.string().trim().max(200, '理由不超过200字').optional(),
}).refine((d) => d.decision === 'approve' || (d.reason !== undefined && d.reason.length > 0), { message: '驳回时请填写理由', path: ['reason'] });
export type DecisionRequest = z.infer<typeof decisionRequest>;

// ---- GET /v1/console/stats/colours ----

export const colourStatsQuery = z.strictObject({ days: z.coerce.number({ error: '天数不正确' }).int('天数不正确').min(1, '天数不正确').max(60, '最多查询60天').optional() });

export const colourStats = z.strictObject({
  /** Residents per colour now, from the stream-built counters. */
  total: z.record(z.enum(COLORS), z.number().int()),
  /** Per Asia/Shanghai day: residents who turned each colour that day. */
  days: z.array(z.strictObject({ day: z.string(), entered: z.record(z.enum(COLORS), z.number().int()) })),
});
export type ColourStats = z.infer<typeof colourStats>;

// ---- GET /v1/console/audit ----

export const AUDIT_ACTIONS = [
  'feed-proposed',
  'feed-approved',
  'feed-rejected',
  'person-lookup',
  'risk-area-proposed',
  'risk-area-approved',
  'risk-area-rejected',
  'ruleset-proposed',
  'ruleset-approved',
  'ruleset-rejected',
  'checkpoint-created',
  'checkpoint-updated',
  'checkpoint-department-added',
  'checkpoint-department-removed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  'feed-proposed': '提交',
  'feed-approved': '批准',
  'feed-rejected': '驳回',
  'person-lookup': '查询居民',
  'risk-area-proposed': '提交风险等级调整',
  'risk-area-approved': '批准风险等级调整',
  'risk-area-rejected': '驳回风险等级调整',
  'ruleset-proposed': '提交规则版本',
  'ruleset-approved': '批准规则版本',
  'ruleset-rejected': '驳回规则版本',
  'checkpoint-created': '登记卡口',
  'checkpoint-updated': '修改卡口',
  'checkpoint-department-added': '关联部门',
  'checkpoint-department-removed': '取消关联部门',
};

export const auditEntry = z.strictObject({
  seq: z.number().int(),
  at: timestamp,
  action: z.enum(AUDIT_ACTIONS),
  /** The proposal, or for a lookup the lookup's id (LK-…). */
  proposalId: z.string(),
  /** A proposal's basis; a lookup states a reason instead. */
  basis: z.union([proposalBasis, decisionBasis]).optional(),
  /** What a risk-area or ruleset proposal changes, in words (e.g. 莲都区（331102）：低风险→高风险). */
  subject: z.string().max(200).optional(),
  /** The official who proposed, or who looked a person up. */
  proposer: principalRef,
  /** A lookup: the document as masked, the official's stated reason, and whether anybody was found. */
  lookup: z.strictObject({ maskedDocument: z.string().max(40), reason: z.string().max(100), found: z.boolean() }).optional(),
  /** A checkpoint registry change (role admin): the checkpoint and, for a mapping, the DingTalk department. */
  checkpoint: z.strictObject({ id: z.string().max(64), name: z.string().max(40), departmentId: z.string().max(64).optional() }).optional(),
  decider: principalRef.optional(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const COLOR_LABELS: Readonly<Record<Color, string>> = { green: '绿码', yellow: '黄码', red: '红码' };

// ---- POST /v1/console/person-lookups ----

/** Lookups an official may make per minute: a desk's pace, far below a sweep of the register. */
export const LOOKUPS_PER_MINUTE = 10;

export const personLookupRequest = z.strictObject({
  documentType,
  documentNumber,
  /** Why this person is looked up (a hotline ticket, a tracing report): kept in the decision log. */
  reason: z
    .string({ error: '请填写查询事由，例如12345工单号或流调报告编号' })
    .trim()
    .min(4, '请填写查询事由（至少4个字），例如12345工单号或流调报告编号')
    .max(100, '查询事由请不超过100字')
    .regex(/^[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]+$/u, '查询事由含有不可见字符'),
});
export type PersonLookupRequest = z.infer<typeof personLookupRequest>;

const lookupReason = z.strictObject({ code: z.string().max(64), message: z.string().max(200), declaredOn: z.string().max(10).optional() });

/** Nobody registered with that document is an answer too (and logged like any lookup), not an error. */
export const personLookupResponse = z.discriminatedUnion('found', [
  z.strictObject({ lookupId: z.string().max(64), found: z.literal(false) }),
  z.strictObject({
    lookupId: z.string().max(64),
    found: z.literal(true),
    holder: maskedHolder,
    status: z.strictObject({ color, since: timestamp, evaluatedAt: timestamp, rulesetVersion: z.string().max(40), reasons: z.array(lookupReason).max(20) }),
    /** Colour changes, newest first (at most 50): colours, reasons and the kind of cause only. */
    history: z.array(z.strictObject({ seq: z.number().int(), at: timestamp, from: color.nullable(), to: color, reasons: z.array(lookupReason.omit({ declaredOn: true })).max(20), cause: z.string().max(40) })).max(50),
    /** Whether the holder's history chain verifies (sequence, links, hashes, head). */
    chainOk: z.boolean(),
  }),
]);
export type PersonLookupResponse = z.infer<typeof personLookupResponse>;
export type PersonFound = Extract<PersonLookupResponse, { found: true }>;

// ---- GET /v1/console/risk-areas ----

/** The risk areas in force, as the engine reads them (one item): levels with their region names. */
export const consoleRiskAreas = z.strictObject({
  version: z.string().max(64).optional(),
  publishedAt: timestamp.optional(),
  /** Who published it (an authority principal). */
  principal: z.string().max(256).optional(),
  areas: z.array(z.strictObject({ region: z.string().max(6), name: z.string().max(60), level: z.enum(RISK_LEVELS), since: calendarDay, until: calendarDay.optional() })).max(5000),
});
export type ConsoleRiskAreas = z.infer<typeof consoleRiskAreas>;

// ---- GET /v1/console/rulesets ----

export const RULESET_STATE_LABELS: Readonly<Record<'scheduled' | 'active' | 'superseded', string>> = { scheduled: '待生效', active: '已生效', superseded: '已被取代' };

/** Stored ruleset versions (without their documents) and the one every evaluation uses now. */
export const consoleRulesets = z.strictObject({
  /** The version every evaluation uses now. */
  active: z.string().max(64),
  /** True while no ruleset was ever activated: the engine uses the one built into the code (shared/rules). */
  builtIn: z.boolean(),
  rulesets: z
    .array(z.strictObject({ version: z.string().max(64), effectiveFrom: z.string().max(40), state: z.enum(['scheduled', 'active', 'superseded']), principal: z.string().max(256).optional(), storedAt: timestamp.optional() }))
    .max(100),
});
export type ConsoleRulesets = z.infer<typeof consoleRulesets>;

// ---- risk-area level changes (two people): /v1/console/risk-areas/… ----

const zhejiangRegion = regionCode.refine((code) => code.startsWith('33'), { message: '只能调整浙江省内地区的风险等级' });

/** One region's new level; `low` lowers an area (low is no trigger). */
export const riskAreaChange = z.strictObject({
  region: zhejiangRegion,
  level: z.enum(RISK_LEVELS, { error: '请选择风险等级（高、中、低）' }),
});
export type RiskAreaChange = z.infer<typeof riskAreaChange>;

export const riskAreaProposalRequest = riskAreaChange.extend({ basis: decisionBasis });
export type RiskAreaProposalRequest = z.infer<typeof riskAreaProposalRequest>;

/** What a change would do now: the levels before and after, and the residents whose stays it touches. */
export const riskAreaImpact = z.strictObject({
  region: z.string().max(6),
  name: z.string().max(60),
  /** The level in force now (none: not a risk area). */
  from: z.enum([...RISK_LEVELS, 'none']),
  to: z.enum(RISK_LEVELS),
  /** Residents with a stay there that the change reaches (re-evaluated when it applies). */
  residents: z.number().int().min(0),
  computedAt: timestamp,
});
export type RiskAreaImpact = z.infer<typeof riskAreaImpact>;

export const riskAreaProposal = z.strictObject({
  id: z.string().max(64),
  region: z.string().max(6),
  level: z.enum(RISK_LEVELS),
  basis: decisionBasis,
  status: z.enum(PROPOSAL_STATUSES),
  proposer: principalRef,
  proposedAt: timestamp,
  /** The impact when proposed. */
  impact: riskAreaImpact,
  decider: principalRef.optional(),
  decidedAt: timestamp.optional(),
  reason: z.string().max(200).optional(),
  /** Once applied: the risk-area version published and the residents re-evaluated. */
  applied: z.strictObject({ version: z.string().max(64), affected: z.number().int() }).optional(),
});
export type RiskAreaProposal = z.infer<typeof riskAreaProposal>;

/** A proposal, with the impact computed again now (what the approver sees before deciding). */
export const riskAreaProposalView = riskAreaProposal.extend({ impactNow: riskAreaImpact.optional() });

export const riskAreaProposalIdPath = z.strictObject({ id: z.string().regex(/^RA-[0-9]{14}-[0-9a-f]{8}$/, '提议编号不正确') });

// ---- ruleset roll-out (two people): /v1/console/rulesets/… ----

/** Residents a dry run evaluates at most, and the scan pages it may read to find them: bounded, never the whole table. */
export const DRY_RUN_SAMPLE = 200;
export const DRY_RUN_MAX_PAGES = 64;

/** The document is checked by the ruleset schema in the use case, which answers every error in Chinese. */
export const rulesetDryRunRequest = z.strictObject({ ruleset: z.unknown() });

export const rulesetProposalRequest = z.strictObject({
  ruleset: z.unknown(),
  /** The version's test vectors (the format of shared/rules/v1.vectors.json); all must pass. */
  vectors: z.unknown(),
  basis: decisionBasis,
});

export const rulesetDryRun = z.strictObject({
  version: z.string().max(64),
  /** Residents evaluated (a random sample of at most DRY_RUN_SAMPLE). */
  sampled: z.number().int().min(0),
  /** Of those, whose colour the new ruleset would change. */
  colourChanges: z.number().int().min(0),
  transitions: z.array(transition).max(9),
  /** Colour counts of the sample under the new ruleset. */
  after: z.record(z.enum(COLORS), z.number().int().min(0)),
  computedAt: timestamp,
});
export type RulesetDryRun = z.infer<typeof rulesetDryRun>;

export const rulesetProposal = z.strictObject({
  id: z.string().max(64),
  version: z.string().max(64),
  title: z.string().max(200),
  effectiveFrom: z.string().max(40),
  basis: decisionBasis,
  status: z.enum(PROPOSAL_STATUSES),
  proposer: principalRef,
  proposedAt: timestamp,
  /** The vectors it carries, all passed (the server ran them again). */
  vectors: z.strictObject({ total: z.number().int(), passed: z.number().int() }),
  dryRun: rulesetDryRun,
  decider: principalRef.optional(),
  decidedAt: timestamp.optional(),
  reason: z.string().max(200).optional(),
  /** Once approved: stored as scheduled (activated by the job at effectiveFrom) or active at once. */
  applied: z.strictObject({ version: z.string().max(64), state: z.enum(['scheduled', 'active', 'superseded']), effectiveFrom: z.string().max(40) }).optional(),
});
export type RulesetProposal = z.infer<typeof rulesetProposal>;

export const rulesetProposalView = rulesetProposal.extend({ dryRunNow: rulesetDryRun.optional() });

export const rulesetProposalIdPath = z.strictObject({ id: z.string().regex(/^RS-[0-9]{14}-[0-9a-f]{8}$/, '提议编号不正确') });
