import { created, httpHandler, ok } from '../../middleware';
import { checkpointCreateRequest, checkpointDepartmentPath, checkpointDepartmentRequest, checkpointIdPath, checkpointUpdateRequest } from '../../../shared/api/console-checkpoints';
import { addCheckpointDepartment, createCheckpoint, listCheckpoints, removeCheckpointDepartment, updateCheckpoint } from '../../core/console/checkpoints';
import { official } from '../official';
import { checkpointPorts } from '../../wiring/console-checkpoints';

export const list = httpHandler({ auth: 'official', officialRole: 'viewer', ports: checkpointPorts }, async ({ ports }) => ok(await listCheckpoints(ports)));

export const create = httpHandler({ auth: 'official', officialRole: 'admin', body: checkpointCreateRequest, ports: checkpointPorts }, async ({ body, ports, principal, now }) =>
  created(await createCheckpoint(ports, body, official(principal), now)),
);

export const update = httpHandler({ auth: 'official', officialRole: 'admin', path: checkpointIdPath, body: checkpointUpdateRequest, ports: checkpointPorts }, async ({ path, body, ports, principal, now }) =>
  ok(await updateCheckpoint(ports, path.id, body, official(principal), now)),
);

export const addDepartment = httpHandler({ auth: 'official', officialRole: 'admin', path: checkpointIdPath, body: checkpointDepartmentRequest, ports: checkpointPorts }, async ({ path, body, ports, principal, now }) =>
  ok(await addCheckpointDepartment(ports, path.id, body.departmentId, official(principal), now)),
);

export const removeDepartment = httpHandler({ auth: 'official', officialRole: 'admin', path: checkpointDepartmentPath, ports: checkpointPorts }, async ({ path, ports, principal, now }) =>
  ok(await removeCheckpointDepartment(ports, path.id, path.departmentId, official(principal), now)),
);
