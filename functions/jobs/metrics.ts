import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricsSink } from '../core/authority/audit';

/** CloudWatch namespace of the alarm metrics (serverless.ts alarms read the same name). */
export const METRICS_NAMESPACE = 'LishuiHealthCode';

/** The metrics port on Powertools Metrics: one EMF log line per flush, no API call. */
export function powertoolsMetrics(): MetricsSink {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'health-code' });
  return {
    count: (name, value) => metrics.addMetric(name, MetricUnit.Count, value),
    flush: () => metrics.publishStoredMetrics(),
  };
}
