/**
 * Every Lambda function, as the slices that sit beside their handlers. serverless.ts reads this;
 * so does the test that walks every route. Add one import and one entry per function.
 */
import { health } from './http/health';
import { notFound } from './http/not-found';
import { devClockSet, devClockReset } from './http/dev-clock';
import { devFaultsSet, devFaultsReset } from './http/dev-faults';
import { inspectorSessions } from './http/inspector-sessions';
import { inspectorManualChecks } from './http/inspector-manual-checks';
import { inspectorScans } from './http/inspector-scans';
import { inspectorOfflineScans } from './http/inspector-offline-scans';
import { inspectorVerifications } from './http/inspector-verifications';
import { authorityCheckpointStats } from './http/authority-checkpoint-stats';
import { authorityFeeds } from './http/authority-feeds';
import { authorityRiskAreas } from './http/authority-risk-areas';
import { authorityRulesets } from './http/authority-rulesets';
import { authorityAuditVerifyChain } from './http/authority-audit';
import { devJobs } from './http/dev-jobs';
import { jobAutoConvert, jobRulesetActivation, jobAuditSample, jobDeletionSweep, jobWorker, jobScanStats, jobColourStats, jobFeedStats } from './jobs';
import { publicKeys } from './http/keys';
import { residentSessions } from './http/resident-sessions';
import { residentProfile } from './http/resident-profile';
import { residentPhone } from './http/resident-phone';
import { residentDeclarations } from './http/resident-declarations';
import { residentCheckins } from './http/resident-checkins';
import { residentStatus } from './http/resident-status';
import { residentCode } from './http/resident-code';
import { residentHistory } from './http/resident-history';
import { residentDependentsAdd, residentDependentsList, residentDependentsRemove, residentDependentsVerify, residentDependentsVerified } from './http/resident-dependents';
import { residentIdentityVerifications } from './http/resident-identity-verifications';
import { residentSandboxCertify } from './http/resident-sandbox-certify';
import { inspectorDependentConfirmations } from './http/inspector-dependent-confirmations';
import { residentAccountDelete } from './http/resident-account';
import { residentCorrectionsFile, residentCorrectionsList } from './http/resident-corrections';
import { authorityCorrectionsList, authorityCorrectionsDecide } from './http/authority-corrections';
import { consoleSessions } from './http/console-sessions';
import { consoleFeedPreview, consoleFeedPropose, consoleFeedList, consoleFeedGet, consoleFeedDecide, consoleAudit } from './http/console-feeds';
import { consoleColourStats, consoleCountyStats, consoleScanStats, consoleFeedStats } from './http/console-stats';
import { consoleCorrectionsList, consoleCorrectionsDecide } from './http/console-corrections';
import { consolePersonLookup } from './http/console-lookups';
import { consoleRiskAreas, consoleCheckpointStats, consoleRulesets } from './http/console-watch';
import { consoleRiskAreaPreview, consoleRiskAreaPropose, consoleRiskAreaList, consoleRiskAreaGet, consoleRiskAreaDecide } from './http/console-risk-areas';
import { consoleRulesetDryRun, consoleRulesetPropose, consoleRulesetList, consoleRulesetGet, consoleRulesetDecide } from './http/console-rulesets';
import { devConsole } from './http/console-static';
import { consoleCheckpointsList, consoleCheckpointsCreate, consoleCheckpointsUpdate, consoleCheckpointDepartmentAdd, consoleCheckpointDepartmentRemove } from './http/console-checkpoints';

/** Functions deployed on every stage. */
export const functions = {
  health,
  notFound,
  inspectorSessions,
  inspectorManualChecks,
  inspectorScans,
  inspectorOfflineScans,
  inspectorVerifications,
  authorityCheckpointStats,
  authorityFeeds,
  authorityRiskAreas,
  authorityRulesets,
  authorityAuditVerifyChain,
  authorityCorrectionsList,
  authorityCorrectionsDecide,
  publicKeys,
  residentSessions,
  residentProfile,
  residentPhone,
  residentDeclarations,
  residentCheckins,
  residentStatus,
  residentCode,
  residentHistory,
  residentDependentsAdd,
  residentDependentsList,
  residentDependentsRemove,
  residentDependentsVerify,
  residentDependentsVerified,
  residentIdentityVerifications,
  residentSandboxCertify,
  inspectorDependentConfirmations,
  residentAccountDelete,
  residentCorrectionsFile,
  residentCorrectionsList,
  jobScanStats,
  // The officials' console (console/): sign-in, two-person feed proposals, decision log, dashboard counters.
  consoleSessions,
  consoleFeedPreview,
  consoleFeedPropose,
  consoleFeedList,
  consoleFeedGet,
  consoleFeedDecide,
  consoleAudit,
  consoleColourStats,
  consoleCountyStats,
  consoleScanStats,
  consoleFeedStats,
  consoleCorrectionsList,
  consoleCorrectionsDecide,
  consolePersonLookup,
  consoleRiskAreas,
  consoleCheckpointStats,
  consoleRulesets,
  consoleRiskAreaPreview,
  consoleRiskAreaPropose,
  consoleRiskAreaList,
  consoleRiskAreaGet,
  consoleRiskAreaDecide,
  consoleRulesetDryRun,
  consoleRulesetPropose,
  consoleRulesetList,
  consoleRulesetGet,
  consoleRulesetDecide,
  consoleCheckpointsList,
  consoleCheckpointsCreate,
  consoleCheckpointsUpdate,
  consoleCheckpointDepartmentAdd,
  consoleCheckpointDepartmentRemove,
  jobColourStats,
  jobFeedStats,
};

/** Functions that exist on the local stage only (dev clock, running jobs by hand). */
export const localOnlyFunctions = {
  devClockSet,
  devClockReset,
  devJobs,
  devFaultsSet,
  devFaultsReset,
  devConsole,
};

/**
 * Functions deployed to AWS only: the scheduled jobs and the work-queue consumer. On the local stage
 * the jobs run through POST /v1/dev/jobs/{name} at the caller's dev clock, and the queue is inline.
 */
export const awsOnlyFunctions = {
  jobAutoConvert,
  jobRulesetActivation,
  jobAuditSample,
  jobDeletionSweep,
  jobWorker,
};
