/**
 * Runtime configuration, read once per Lambda instance from the environment that serverless.ts
 * (or the local stack) sets. Nothing secret lives here: secrets come from ./secrets.ts.
 */

export type Stage = 'local' | 'review' | 'prod';

export interface RuntimeConfig {
  stage: Stage;
  version: string;
  tableName: string;
  /** Set only for DynamoDB Local. */
  dynamoEndpoint?: string;
  region: string;
  /** Sandbox identity providers are allowed on local and review, never on prod. */
  sandboxAllowed: boolean;
  /** Dev routes and the settable clock exist on local only. */
  devRoutes: boolean;
}

function parseStage(value: string | undefined): Stage {
  if (value === 'local' || value === 'review' || value === 'prod') return value;
  // An unknown stage gets the strictest behaviour.
  return 'prod';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const stage = parseStage(env.STAGE);
  return {
    stage,
    version: env.APP_VERSION ?? '0.0.0',
    tableName: env.TABLE_NAME ?? `health-code-${stage}`,
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    region: env.AWS_REGION ?? env.REGION ?? 'cn-northwest-1',
    sandboxAllowed: stage === 'local' || stage === 'review',
    devRoutes: stage === 'local',
  };
}

let cached: RuntimeConfig | undefined;

/** The configuration of this process, read on first use. */
export function config(): RuntimeConfig {
  cached ??= loadConfig();
  return cached;
}
