import { GetCommand, PutCommand, DeleteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys';

import type { Clock } from '../core/ports';

export type { Clock };

export const systemClock: Clock = { now: () => new Date() };

/** A clock shifted by a fixed offset from real time: it keeps ticking. */
export function offsetClock(offsetMs: number): Clock {
  return { now: () => new Date(Date.now() + offsetMs) };
}

/**
 * The settable clock of the local stage. It is stored in the table, not in memory, so every
 * handler process of serverless-offline sees the same time. A scope (header x-dev-clock-scope)
 * lets parallel test files move their own clocks without disturbing each other.
 */
export const devClock = {
  async resolve(db: DynamoDBDocumentClient, tableName: string, scope: string): Promise<Clock> {
    const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.devClock(scope) }));
    const offset = typeof out.Item?.offsetMs === 'number' ? out.Item.offsetMs : 0;
    return offset === 0 ? systemClock : offsetClock(offset);
  },
  async set(db: DynamoDBDocumentClient, tableName: string, scope: string, now: Date): Promise<void> {
    await db.send(
      new PutCommand({ TableName: tableName, Item: { ...keys.devClock(scope), offsetMs: now.getTime() - Date.now() } }),
    );
  },
  async reset(db: DynamoDBDocumentClient, tableName: string, scope: string): Promise<void> {
    await db.send(new DeleteCommand({ TableName: tableName, Key: keys.devClock(scope) }));
  },
};

/** Accepts only short, plain scope names. */
export function clockScope(header: string | undefined): string {
  return header && /^[A-Za-z0-9_-]{1,64}$/.test(header) ? header : 'global';
}
