/**
 * Feeds and their effects for the console's dashboard, from the table's stream: completed feed
 * receipts (sort key FEED) and new colour-history entries (sort key HIST#) only
 * (functions/adapters/feed-stats.ts). A retried batch counts once: the transaction's token comes
 * from the batch's event ids.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { logger } from '../adapters/logger';
import { tallyFeedEvents } from '../adapters/feed-stats';
import { feedCountPorts } from '../wiring/feed-stats';

export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  const events = [];
  const ids = [];
  for (const record of event.Records) {
    const sk = record.dynamodb?.Keys?.SK?.S ?? '';
    if (sk !== 'FEED' && !sk.startsWith('HIST#')) continue;
    const img = (i: unknown) => (i ? unmarshall(i as Record<string, AttributeValue>) : undefined);
    events.push({ sk, eventName: record.eventName, old: img(record.dynamodb?.OldImage), next: img(record.dynamodb?.NewImage) });
    ids.push(record.eventID ?? record.dynamodb?.SequenceNumber ?? '');
  }
  const tally = tallyFeedEvents(events);
  if (tally.completions.size === 0 && tally.changes.size === 0) return;
  await feedCountPorts().addFeedCounts(tally, ids.join(','));
  logger.info('feed counts added', { feeds: tally.completions.size, changed: tally.changes.size });
}
