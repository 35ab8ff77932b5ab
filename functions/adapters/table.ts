/**
 * The single DynamoDB table: one definition, used by serverless.ts (CloudFormation) and by the
 * local stack and the tests (CreateTable against DynamoDB Local), so there is one source of truth.
 * The access patterns it serves are listed beside the key builders in ./keys.ts.
 */

export const TABLE_BASE_NAME = 'health-code';

/** Attribute names of the keys and indexes. */
export const attr = {
  pk: 'PK',
  sk: 'SK',
  /** ReviewDue index: statuses whose colour can next change at `ReviewAt` (sparse, bucketed). */
  reviewBucket: 'ReviewBucket',
  reviewAt: 'ReviewAt',
  /** RegionStay index: declared stays by region, so risk-area changes find residents without a scan. */
  stayRegion: 'StayRegion',
  stayDay: 'StayDay',
  /** Epoch seconds after which DynamoDB deletes the item (scan logs, idempotency records). */
  ttl: 'ExpiresAtEpoch',
} as const;

export const indexes = {
  reviewDue: 'ReviewDue',
  regionStay: 'RegionStay',
} as const;

export { REVIEW_BUCKETS } from '../core/authority/ports';

interface KeySchemaElement { AttributeName: string; KeyType: 'HASH' | 'RANGE' }
interface GlobalSecondaryIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: { ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] };
}

const key = (name: string, type: 'HASH' | 'RANGE'): KeySchemaElement => ({ AttributeName: name, KeyType: type });

/** The parts of the table that CloudFormation and CreateTable share. */
export const tableShape = {
  AttributeDefinitions: [attr.pk, attr.sk, attr.reviewBucket, attr.reviewAt, attr.stayRegion, attr.stayDay].map((name) => ({
    AttributeName: name,
    AttributeType: 'S' as const,
  })),
  KeySchema: [key(attr.pk, 'HASH'), key(attr.sk, 'RANGE')],
  GlobalSecondaryIndexes: [
    {
      IndexName: indexes.reviewDue,
      KeySchema: [key(attr.reviewBucket, 'HASH'), key(attr.reviewAt, 'RANGE')],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    },
    {
      IndexName: indexes.regionStay,
      KeySchema: [key(attr.stayRegion, 'HASH'), key(attr.stayDay, 'RANGE')],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    },
  ] satisfies GlobalSecondaryIndex[],
  BillingMode: 'PAY_PER_REQUEST' as const,
};

/** The table's stream carries new and old images; the checkpoint statistics are built from it. */
export const STREAM_VIEW = 'NEW_AND_OLD_IMAGES' as const;

/** The CloudFormation resource for a stage: the shape plus TTL, PITR, KMS encryption and a stream. */
export function tableResource(tableName: string, kmsKeyRef: unknown) {
  return {
    Type: 'AWS::DynamoDB::Table',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      TableName: tableName,
      ...tableShape,
      TimeToLiveSpecification: { AttributeName: attr.ttl, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: kmsKeyRef },
      StreamSpecification: { StreamViewType: STREAM_VIEW },
    },
  };
}

/**
 * The CreateTable input for DynamoDB Local (same shape and stream; TTL is switched on by a separate
 * call). `stream: false` is for tables nothing reads the stream of (benches, test fixtures): DynamoDB
 * Local slows down as stream records pile up, which real DynamoDB does not.
 */
export function createTableInput(tableName: string, { stream = true }: { stream?: boolean } = {}) {
  return { TableName: tableName, ...tableShape, ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: STREAM_VIEW } } : {}) };
}
