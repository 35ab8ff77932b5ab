/**
 * `npm run build:mini [-- --app resident|inspector] [--stage local|review|prod] [--api-url URL]`
 *
 * Builds `mini-program/<app>/dist/`, the folder to open in the Alipay (or DingTalk) IDE, and prints
 * the size of the main package. Review and prod builds need a real API origin: the stage files ship
 * placeholders (`*.invalid`), and the build refuses them.
 */
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildMiniProgram, isPlaceholderUrl, MAIN_PACKAGE_LIMIT_BYTES, type MiniStage } from './index';

const STAGES: readonly MiniStage[] = ['local', 'review', 'prod'];
const APPS = ['resident', 'inspector'] as const;
const USAGE = 'Usage: npm run build:mini [-- --app resident|inspector] [--stage local|review|prod] [--api-url https://…]';

async function main(): Promise<void> {
  let values: { app?: string; stage?: string; 'api-url'?: string };
  try {
    ({ values } = parseArgs({
      options: {
        app: { type: 'string', default: 'resident' },
        stage: { type: 'string', default: 'local' },
        'api-url': { type: 'string', default: '' },
      },
    }));
  } catch (err) {
    throw new Error(`${(err as Error).message.split('.')[0]}.\n${USAGE}`);
  }
  if (!(APPS as readonly string[]).includes(values.app ?? '')) throw new Error(`--app must be one of ${APPS.join(', ')} (got "${values.app}").\n${USAGE}`);
  const stage = values.stage as MiniStage;
  if (!STAGES.includes(stage)) throw new Error(`--stage must be one of ${STAGES.join(', ')} (got "${values.stage}").\n${USAGE}`);
  const apiUrl = values['api-url'] ?? '';
  const appDir = join(process.cwd(), 'mini-program', values.app ?? 'resident');
  const stageFile = await readStageFile(appDir, stage);
  if (stage !== 'local' && !apiUrl && isPlaceholderUrl(stageFile.apiBaseUrl ?? '')) {
    throw new Error(`The ${stage} API URL is still a placeholder (${stageFile.apiBaseUrl}); pass --api-url https://… or edit mini-program/${values.app}/config/${stage}.ts`);
  }
  if (apiUrl && isPlaceholderUrl(apiUrl)) throw new Error(`--api-url ${apiUrl} is not a usable URL`);
  // The DingTalk app signs in members of one organisation: a review or prod build needs its real corpId.
  if (values.app === 'inspector' && stage !== 'local') {
    const corpId = stageFile.corpId ?? '';
    if (!corpId || corpId.endsWith('.invalid')) throw new Error(`The ${stage} DingTalk corpId is still a placeholder (${corpId || 'empty'}); edit mini-program/inspector/config/${stage}.ts`);
  }

  const report = await buildMiniProgram({ appDir, stage, apiUrl });
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`Built ${relative(process.cwd(), report.outDir)} for stage ${stage}${apiUrl ? ` (API ${apiUrl})` : ''}`);
  console.log(`  antd-mini components: ${report.antdComponents.join(', ') || 'none'}`);
  console.log(`  scripts ${kb(report.bytes.scripts)} · templates ${kb(report.bytes.templates)} · styles ${kb(report.bytes.styles)} · other ${kb(report.bytes.other)}`);
  console.log(
    `  main package: ${report.bytes.total} bytes (${kb(report.bytes.total)}) in ${report.files} files, ` +
      `${((100 * report.bytes.total) / MAIN_PACKAGE_LIMIT_BYTES).toFixed(1)}% of the 2 MB limit`,
  );
}

/** The configuration exported by `config/<stage>.ts` of the app (the one object with an `apiBaseUrl`). */
async function readStageFile(appDir: string, stage: MiniStage): Promise<{ apiBaseUrl?: string; corpId?: string }> {
  const module = (await import(join(appDir, 'config', `${stage}.ts`))) as Record<string, { apiBaseUrl?: unknown; corpId?: unknown }>;
  const config = Object.values(module).find((value) => typeof value?.apiBaseUrl === 'string');
  return { apiBaseUrl: config?.apiBaseUrl as string | undefined, corpId: typeof config?.corpId === 'string' ? config.corpId : undefined };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
