import type { DeploymentInfo } from './ports';

export interface HealthPorts {
  /** Resolves when the table answers; rejects otherwise. */
  probe(): Promise<void>;
  /** The stage and version this deployment reports. */
  deployment: DeploymentInfo;
}

export interface Health {
  status: 'ok' | 'degraded';
  stage: string;
  version: string;
  time: string;
  table: { reachable: boolean };
  /** Why the status is degraded, in plain words (only when it is). */
  reason?: string;
}

/** The reason health gives while the table does not answer. */
export const TABLE_UNREACHABLE = '数据库暂时无法访问，读写请求会返回503，恢复后自动正常';

/**
 * Reports the stage, the version and whether the table is reachable.
 * The answer is 200 either way, so a load balancer can tell "up but degraded" from "down".
 */
export async function checkHealth(ports: HealthPorts, now: Date): Promise<Health> {
  let reachable = true;
  try {
    await ports.probe();
  } catch {
    reachable = false;
  }
  return {
    status: reachable ? 'ok' : 'degraded',
    stage: ports.deployment.stage,
    version: ports.deployment.version,
    time: now.toISOString(),
    table: { reachable },
    ...(reachable ? {} : { reason: TABLE_UNREACHABLE }),
  };
}
