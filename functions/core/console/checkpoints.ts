/**
 * The checkpoint registry from the console (role `admin`): register gates and checkpoints, and map
 * DingTalk departments to the checkpoints their inspectors may work. Each change is one transaction
 * with its entry in the officials' decision log, and a mapping is written into the same inspector
 * grants the inspector sign-in reads (functions/adapters/inspector-registry.ts), so what an admin
 * writes is what a gate honours at the next sign-in.
 */
import type { AuditEntry } from '../../../shared/api/console';
import {
  MAX_CHECKPOINT_DEPARTMENTS,
  type CheckpointCreateRequest,
  type CheckpointUpdateRequest,
  type ConsoleCheckpoint,
} from '../../../shared/api/console-checkpoints';
import { regionName } from '../../../shared/regions';
import { chainAuditEntry, type AuditContent, type AuditHead } from './audit-chain';
import { ConflictError, NotFoundError } from '../errors';
import type { Principal } from './feed-proposals';

export const NO_SUCH_CHECKPOINT = '没有这个卡口';
export const DEPARTMENT_NOT_MAPPED = '该部门未关联此卡口';

export type AuditWrite = (head: AuditHead) => AuditEntry;

/** The registry's persistence (keys.ts rows 15, 16 and 39); every write appends its log entry atomically. */
export interface CheckpointRegistryStore {
  list(): Promise<ConsoleCheckpoint[]>;
  get(id: string): Promise<ConsoleCheckpoint | undefined>;
  /** @throws ConflictError when the id is taken. */
  create(checkpoint: ConsoleCheckpoint, entry: AuditWrite): Promise<void>;
  /** Replaces the record if it is still at `previousVersion`; else ConflictError. */
  update(checkpoint: ConsoleCheckpoint, previousVersion: number, entry: AuditWrite): Promise<void>;
  /** Also adds the checkpoint to the department's inspector grant. */
  addDepartment(checkpoint: ConsoleCheckpoint, previousVersion: number, department: { corpId: string; departmentId: string }, entry: AuditWrite): Promise<void>;
  /** Also takes the checkpoint out of the department's inspector grant. */
  removeDepartment(checkpoint: ConsoleCheckpoint, previousVersion: number, department: { corpId: string; departmentId: string }, entry: AuditWrite): Promise<void>;
}

export interface CheckpointPorts {
  store: CheckpointRegistryStore;
  /** The DingTalk corp of the inspectors' app (the sandbox corp where none is configured). */
  inspectorCorp(): Promise<string>;
}

function logEntry(action: AuditEntry['action'], official: Principal, checkpoint: ConsoleCheckpoint, now: Date, departmentId?: string): AuditWrite {
  const content: AuditContent = {
    at: now.toISOString(),
    action,
    proposalId: checkpoint.id,
    proposer: { id: official.id, name: official.name },
    checkpoint: { id: checkpoint.id, name: checkpoint.name, ...(departmentId ? { departmentId } : {}) },
  };
  return (head) => chainAuditEntry(head, content);
}

/** Sorted by county, then id: the order an admin reads a city's list in. */
export async function listCheckpoints(ports: CheckpointPorts): Promise<{ checkpoints: ConsoleCheckpoint[] }> {
  const all = await ports.store.list();
  return { checkpoints: [...all].sort((a, b) => a.county.localeCompare(b.county) || a.id.localeCompare(b.id)) };
}

export async function createCheckpoint(ports: CheckpointPorts, request: CheckpointCreateRequest, official: Principal, now: Date): Promise<ConsoleCheckpoint> {
  if (await ports.store.get(request.id)) throw new ConflictError('卡口编号已存在，请换一个编号');
  const at = now.toISOString();
  const checkpoint: ConsoleCheckpoint = {
    id: request.id,
    name: request.name,
    type: request.type,
    county: request.county,
    countyName: regionName(request.county) ?? request.county,
    departments: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await ports.store.create(checkpoint, logEntry('checkpoint-created', official, checkpoint, now));
  return checkpoint;
}

async function existing(ports: CheckpointPorts, id: string): Promise<ConsoleCheckpoint> {
  const checkpoint = await ports.store.get(id);
  if (!checkpoint) throw new NotFoundError(NO_SUCH_CHECKPOINT);
  return checkpoint;
}

export async function updateCheckpoint(ports: CheckpointPorts, id: string, request: CheckpointUpdateRequest, official: Principal, now: Date): Promise<ConsoleCheckpoint> {
  const current = await existing(ports, id);
  const next: ConsoleCheckpoint = {
    ...current,
    name: request.name,
    type: request.type,
    county: request.county,
    countyName: regionName(request.county) ?? request.county,
    updatedAt: now.toISOString(),
    version: current.version + 1,
  };
  await ports.store.update(next, current.version, logEntry('checkpoint-updated', official, next, now));
  return next;
}

/** Idempotent: a department already mapped answers the record as it is, and logs nothing. */
export async function addCheckpointDepartment(ports: CheckpointPorts, id: string, departmentId: string, official: Principal, now: Date): Promise<ConsoleCheckpoint> {
  const current = await existing(ports, id);
  const corpId = await ports.inspectorCorp();
  if (current.departments.some((d) => d.corpId === corpId && d.departmentId === departmentId)) return current;
  if (current.departments.length >= MAX_CHECKPOINT_DEPARTMENTS) throw new ConflictError(`每个卡口最多关联${MAX_CHECKPOINT_DEPARTMENTS}个部门`);
  const at = now.toISOString();
  const next: ConsoleCheckpoint = { ...current, departments: [...current.departments, { corpId, departmentId, addedAt: at }], updatedAt: at, version: current.version + 1 };
  await ports.store.addDepartment(next, current.version, { corpId, departmentId }, logEntry('checkpoint-department-added', official, next, now, departmentId));
  return next;
}

export async function removeCheckpointDepartment(ports: CheckpointPorts, id: string, departmentId: string, official: Principal, now: Date): Promise<ConsoleCheckpoint> {
  const current = await existing(ports, id);
  const corpId = await ports.inspectorCorp();
  if (!current.departments.some((d) => d.corpId === corpId && d.departmentId === departmentId)) throw new NotFoundError(DEPARTMENT_NOT_MAPPED);
  const next: ConsoleCheckpoint = {
    ...current,
    departments: current.departments.filter((d) => !(d.corpId === corpId && d.departmentId === departmentId)),
    updatedAt: now.toISOString(),
    // Sessions issued before this no longer carry the checkpoint (functions/adapters/grant-changes.ts).
    grantsChangedAt: now.toISOString(),
    version: current.version + 1,
  };
  await ports.store.removeDepartment(next, current.version, { corpId, departmentId }, logEntry('checkpoint-department-removed', official, next, now, departmentId));
  return next;
}
