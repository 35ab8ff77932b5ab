/**
 * The colour counters of the console's dashboard, from the table's stream: status items only
 * (sort key STATUS), their old and new colour, county and earliest green day (functions/adapters/colour-stats.ts).
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { logger } from '../adapters/logger';
import { tallyColourChanges, tallyCountyChanges } from '../adapters/colour-stats';
import { colourCountPorts } from '../wiring/colour-stats';

export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  const changes = [];
  const countyChanges = [];
  const ids = [];
  for (const record of event.Records) {
    if (record.dynamodb?.Keys?.SK?.S !== 'STATUS') continue;
    const img = (i: unknown) => (i ? unmarshall(i as Record<string, AttributeValue>) : undefined);
    const next = img(record.dynamodb.NewImage);
    // The day a colour began is the status's own `since` (the dev clock's on local), not the stream's time.
    const since = typeof next?.since === 'string' ? new Date(next.since) : undefined;
    const at = since && !Number.isNaN(since.getTime()) ? since : new Date(Number(record.dynamodb.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000);
    const old = img(record.dynamodb.OldImage);
    changes.push({ old, next, at });
    // Per county, a change is counted on the day it was evaluated (a county move keeps the colour's `since`).
    const evaluated = typeof next?.evaluatedAt === 'string' ? new Date(next.evaluatedAt) : undefined;
    countyChanges.push({ old, next, at: evaluated && !Number.isNaN(evaluated.getTime()) ? evaluated : new Date(Number(record.dynamodb.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000) });
    ids.push(record.eventID ?? record.dynamodb.SequenceNumber ?? '');
  }
  if (changes.length === 0) return;
  const tally = tallyColourChanges(changes);
  const counts = colourCountPorts();
  await counts.addColourCounts(tally, ids.join(','));
  await counts.addCountyCounts(tallyCountyChanges(countyChanges), ids.join(','));
  logger.info('colour counts added', { changes: changes.length });
}
