import { created, httpHandler, ok } from '../../middleware';
import { checkpointCreateRequest, checkpointDepartmentPath, checkpointDepartmentRequest, checkpointIdPath, checkpointUpdateRequest } from '../../../shared/api/console-checkpoints';
import { addCheckpointDepartment, createCheckpoint, listCheckpoints, removeCheckpointDepartment, updateCheckpoint } from '../../core/console/checkpoints';
import type { Session } from '../../adapters/sessions';
import { checkpointPorts } from '../../wiring/console-checkpoints';

const official = (session: Session) => ({ id: session.sub, name: session.principal ?? '工作人员' });

export const list = httpHandler({ auth: 'official', officialRole: 'viewer' }, async ({ db, config }) => ok(await listCheckpoints(checkpointPorts(db, config.tableName))));

export const create = httpHandler({ auth: 'official', officialRole: 'admin', body: checkpointCreateRequest }, async ({ body, db, config, principal, now }) =>
  created(await createCheckpoint(checkpointPorts(db, config.tableName), body, official(principal), now)),
);

export const update = httpHandler({ auth: 'official', officialRole: 'admin', path: checkpointIdPath, body: checkpointUpdateRequest }, async ({ path, body, db, config, principal, now }) =>
  ok(await updateCheckpoint(checkpointPorts(db, config.tableName), path.id, body, official(principal), now)),
);

export const addDepartment = httpHandler({ auth: 'official', officialRole: 'admin', path: checkpointIdPath, body: checkpointDepartmentRequest }, async ({ path, body, db, config, principal, now }) =>
  ok(await addCheckpointDepartment(checkpointPorts(db, config.tableName), path.id, body.departmentId, official(principal), now)),
);

export const removeDepartment = httpHandler({ auth: 'official', officialRole: 'admin', path: checkpointDepartmentPath }, async ({ path, db, config, principal, now }) =>
  ok(await removeCheckpointDepartment(checkpointPorts(db, config.tableName), path.id, path.departmentId, official(principal), now)),
);
