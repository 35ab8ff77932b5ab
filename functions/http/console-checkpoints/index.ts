/** serverless.ts slices: the checkpoint registry and its department mappings (role official; writes need `admin`). */
const fn = (name: string, method: string, path: string) => ({
  handler: `functions/http/console-checkpoints/handler.${name}`,
  events: [{ httpApi: { method, path } }],
});

export const consoleCheckpointsList = fn('list', 'GET', '/v1/console/checkpoints');
export const consoleCheckpointsCreate = fn('create', 'POST', '/v1/console/checkpoints');
export const consoleCheckpointsUpdate = fn('update', 'PUT', '/v1/console/checkpoints/{id}');
export const consoleCheckpointDepartmentAdd = fn('addDepartment', 'POST', '/v1/console/checkpoints/{id}/departments');
export const consoleCheckpointDepartmentRemove = fn('removeDepartment', 'DELETE', '/v1/console/checkpoints/{id}/departments/{departmentId}');
