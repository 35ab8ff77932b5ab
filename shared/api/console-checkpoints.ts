/**
 * Bodies of the console's checkpoint registry (role `admin`): gates and checkpoints (卡口) with their
 * type and county, and the DingTalk departments whose inspectors may work each one.
 *
 * GET    /v1/console/checkpoints                                   → { checkpoints }
 * POST   /v1/console/checkpoints                                   { id, name, type, county } → 201 checkpoint
 * PUT    /v1/console/checkpoints/{id}                              { name, type, county } → checkpoint
 * POST   /v1/console/checkpoints/{id}/departments                 { departmentId } → checkpoint (mapping added)
 * DELETE /v1/console/checkpoints/{id}/departments/{departmentId}   → checkpoint (mapping removed)
 */
import * as z from 'zod';
import { identifier, timestamp } from './fields';
import { regionLevel, regionName } from '../regions';

export const CHECKPOINT_TYPES = ['factory', 'community', 'station', 'hospital', 'school', 'market', 'office', 'other'] as const;
export type CheckpointType = (typeof CHECKPOINT_TYPES)[number];
export const CHECKPOINT_TYPE_LABELS: Readonly<Record<CheckpointType, string>> = {
  factory: '工厂',
  community: '社区',
  station: '车站',
  hospital: '医院',
  school: '学校',
  market: '商超市场',
  office: '机关单位',
  other: '其他',
};

/** Most departments mapped to one checkpoint (the registry item stays far below 400 KB). */
export const MAX_CHECKPOINT_DEPARTMENTS = 100;

const PRINTABLE = /^[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]+$/u;

/** A Zhejiang county (区、县、县级市) of the bundled GB/T 2260 list. */
export const countyCode = z.string({ error: '请选择所在区县' }).superRefine((code, ctx) => {
  if (!/^\d{6}$/.test(code)) ctx.addIssue({ code: 'custom', message: '区县代码应为6位数字' });
  else if (regionLevel(code) !== 'county' || !code.startsWith('33') || regionName(code) === undefined) ctx.addIssue({ code: 'custom', message: '请选择浙江省内的区县' });
});

const checkpointFields = {
  name: z
    .string({ error: '请填写卡口名称' })
    .trim()
    .min(2, '卡口名称至少2个字')
    .max(40, '卡口名称不超过40个字')
    .regex(PRINTABLE, '卡口名称含有不可见字符'),
  type: z.enum(CHECKPOINT_TYPES, { error: '请选择卡口类型' }),
  county: countyCode,
};

export const checkpointCreateRequest = z.strictObject({ id: identifier('卡口编号', 64), ...checkpointFields });
export type CheckpointCreateRequest = z.infer<typeof checkpointCreateRequest>;

export const checkpointUpdateRequest = z.strictObject(checkpointFields);
export type CheckpointUpdateRequest = z.infer<typeof checkpointUpdateRequest>;

export const checkpointIdPath = z.strictObject({ id: identifier('卡口编号', 64) });
export const checkpointDepartmentRequest = z.strictObject({ departmentId: identifier('钉钉部门编号', 64) });
export const checkpointDepartmentPath = z.strictObject({ id: identifier('卡口编号', 64), departmentId: identifier('部门编号', 64) });

export const checkpointDepartment = z.strictObject({
  /** The DingTalk corp of the inspectors' app. */
  corpId: z.string().max(128),
  departmentId: z.string().max(64),
  addedAt: timestamp,
});

export const consoleCheckpoint = z.strictObject({
  id: z.string().max(64),
  name: z.string().max(40),
  type: z.enum(CHECKPOINT_TYPES),
  county: z.string().max(6),
  /** The county's name from shared/regions (e.g. 莲都区). */
  countyName: z.string().max(40),
  departments: z.array(checkpointDepartment).max(MAX_CHECKPOINT_DEPARTMENTS),
  createdAt: timestamp,
  updatedAt: timestamp,
  /** When a department was last taken off: inspector sessions issued before no longer carry this checkpoint. */
  grantsChangedAt: timestamp.optional(),
  version: z.number().int().min(1),
});
export type ConsoleCheckpoint = z.infer<typeof consoleCheckpoint>;

export const consoleCheckpoints = z.strictObject({ checkpoints: z.array(consoleCheckpoint).max(1000) });
export type ConsoleCheckpoints = z.infer<typeof consoleCheckpoints>;
