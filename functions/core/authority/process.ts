/**
 * The one entry point for a work message, called by the SQS consumer (functions/jobs/worker.ts) on AWS
 * and by the inline queue on the local stage: the same code either way.
 */
import { processReviewPage } from './auto-convert';
import { processFeedChunk } from './feeds';
import { processRolloutPage } from './rulesets';
import { processingTime, reevaluateAll, type AuthorityPorts, type WorkMessage } from './work';

/** Processes one work message; returns how many holders it found or re-evaluated. */
export async function processWork(ports: AuthorityPorts, message: WorkMessage): Promise<number> {
  switch (message.kind) {
    case 'feed-chunk':
      return processFeedChunk(ports, message);
    case 'reevaluate':
      return reevaluateAll(ports, message.holderIds, message.cause, processingTime(ports, message.at));
    case 'review-page':
      return processReviewPage(ports, message);
    case 'rollout-page':
      return processRolloutPage(ports, message);
    default: {
      const unknown: never = message;
      throw new Error(`unknown work message kind ${String((unknown as { kind?: unknown }).kind)}`);
    }
  }
}
