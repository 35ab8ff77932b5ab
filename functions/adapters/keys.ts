import { attr, REVIEW_BUCKETS } from './table';
import { stayIndexRegion } from '../core/authority/ports';

/**
 * Key builders for the single table, one function per entity, with typed prefixes.
 * Never build a key inline elsewhere.
 *
 * Access patterns (keep this table true when you add one):
 *
 * | # | pattern                                   | index      | key condition                                   | notes |
 * |---|-------------------------------------------|------------|-------------------------------------------------|-------|
 * | 1 | account by id                             | table      | PK=ACCOUNT#<accountId>, SK=PROFILE              | encrypted ID number, masked fields |
 * | 2 | account by Alipay user id / open id       | table      | PK=ALIPAY#<userId>, SK=ALIPAY                   | points to accountId |
 * | 3 | holder by document (one account per doc)  | table      | PK=DOC#<hmac>, SK=BIND                          | created with attribute_not_exists in a transaction |
 * | 4 | authority records for a document          | table      | PK=DOC#<hmac>, SK begins_with REC#              | kept even before the person registers |
 * | 5 | live status of a holder                   | table      | PK=HOLDER#<holderId>, SK=STATUS                 | version attribute for optimistic locking |
 * | 6 | declarations of a holder, newest first    | table      | PK=HOLDER#<holderId>, SK begins_with DECL#      | |
 * | 7 | check-in of a holder on a day             | table      | PK=HOLDER#<holderId>, SK=CHECKIN#<YYYY-MM-DD>   | attribute_not_exists gives one per day |
 * | 8 | colour history of a holder, newest first  | table      | PK=HOLDER#<holderId>, SK begins_with HIST#      | hash-chained, append-only |
 * | 9 | statuses due for review                   | ReviewDue  | ReviewBucket=<0..15>, ReviewAt <= now           | sparse: only statuses that can change by time |
 * | 10| holders who stayed in a region            | RegionStay | StayRegion=<code>, StayDay >= now-14d | items PK=HOLDER#, SK=STAY#; outside Zhejiang by city (stayIndexRegion) |
 * | 11| dependents of an account                  | table      | PK=ACCOUNT#<accountId>, SK begins_with DEP#     | at most 5 |
 * | 12| feed by id (idempotency)                  | table      | PK=FEED#<feedId>, SK=FEED                       | |
 * | 13| risk areas, current and by version        | table      | PK=RISKAREAS, SK=CURRENT / V#<version>          | |
 * | 14| rulesets by version                       | table      | PK=RULESET, SK=V#<version> / ACTIVE             | |
 * | 15| inspector authorisations of a corp        | table      | PK=INSPREG#<corpId>, SK=DEPT#<id> / ROLE#<id> / USER#<id> | mapped to checkpoints |
 * | 16| checkpoint by id                          | table      | PK=CHECKPOINT#<id>, SK=CHECKPOINT               | |
 * | 17| scans of an inspector, newest first       | table      | PK=INSPECTOR#<id>, SK begins_with SCAN#         | TTL 30 days |
 * | 18| checkpoint counts per hour of a day       | table      | PK=STAT#<checkpoint>#<day>#<shard>, SK begins_with HOUR#| from the stream; a Query per shard |
 * | 19| rate-limit window of a principal          | table      | PK=RATE#<principal>#<window>, SK=RATE           | TTL |
 * | 20| idempotency record                        | table      | PK=IDEM#<scope>#<key>, SK=IDEM                  | TTL 24 h |
 * | 21| authority key                             | table      | PK=AUTHKEY#<sha256>, SK=AUTHKEY                 | local stage only |
 * | 22| dev clock (local stage)                   | table      | PK=DEV#CLOCK, SK=<scope>                        | |
 * | 23| account by sandbox subject (local, review)| table      | PK=SANDBOX#<subject>, SK=SANDBOX                | points to accountId |
 * | 24| offline scan id of an inspector (dedupe)  | table      | PK=INSPECTOR#<id>, SK=OFFLINE#<scanId>          | attribute_not_exists: each scan once; TTL 30 days |
 * | 26| the checkpoint a code payload was first shown at | table  | PK=PAYLOAD#<sha256 of the payload>, SK=GATE | put if absent or same gate, else refused; TTL = payload expiry |
 * | 27| withdrawal of an authority record         | table      | PK=DOC#<hmac>, SK=WDR#<record SK>                | from an accepted correction; read with the records |
 * | 28| corrections (纠错), newest first           | table      | PK=CORRECTIONS, SK begins_with C#<id>           | id starts with the filing time (base 36); state is a filter |
 * | 29| corrections of a holder, newest first     | table      | PK=HOLDER#<holderId>, SK begins_with CORR#<id>  | pointer to #28; deleted with the holder (and #28 with it) |
 * | 30| the open correction of one trigger        | table      | PK=HOLDER#<holderId>, SK=CORROPEN#<trigger>#<day or -> | one per trigger; deleted when decided |
 * | 31| official grants of a corp (console)      | table      | PK=OFFREG#<corpId>, SK=USER#<id> / DEPT#<id>    | roles viewer/proposer/approver/admin |
 * | 32| proposals of one kind, newest first       | table      | PK=PROPOSALS, SK begins_with P#<FP-/RA-/RS->    | feeds FP-, risk-area levels RA-, rulesets RS-; id sorts by time; tens a day fit one partition |
 * | 33| a proposal's payload                      | table      | PK=PROPOSAL#<id>, SK=RECORDS                    | a feed's records encrypted (document numbers); a ruleset's document and vectors |
 * | 34| officials' decision log                   | table      | PK=OFFAUDIT, SK=SEQ#<n> / HEAD                  | hash-chained; HEAD conditioned on its seq |
 * | 35| colour counters                           | table      | PK=STAT#COLOURS#<shard>, SK=TOTAL / DAY#<day>   | from the stream (functions/jobs/colour-stats.ts) |
 * | 36| identity verification of an account       | table      | PK=ACCOUNT#<accountId>, SK=VERIFY#<id>          | a certify id and the encrypted identity it verifies; TTL 1 day |
 * | 37| sandbox certify outcome (local, review)   | table      | PK=SANDBOXCERT#<certifyId>, SK=CERTIFY          | plays Alipay's face step; TTL 1 day |
 * | 38| pending dependent by confirmation code    | table      | PK=DEPCONFIRM#<code>, SK=CONFIRM                | for an inspector's in-person confirmation; TTL 7 days |
 * | 39| closing mark of an account (注销)        | table      | PK=CLOSING#<accountId>, SK=CLOSING              | put first by the deletion; every other write of the account ConditionChecks its absence |
 * | 40| accounts still being erased (sweep)       | table      | PK=CLOSING, SK=ACCOUNT#<accountId>              | written with #39, deleted when nothing is left; the sweep reads it |
 * | 41| checkpoint registry (console list)        | table      | PK=CHECKPOINTS, SK=CP#<id>                      | a copy of row 16's record, same transaction; hundreds, one partition |
 * | 42| scans per checkpoint and hour of a day    | table      | PK=STAT#SCANS#<YYYY-MM-DD>#<shard>, SK=CP#<checkpoint>#<HH> | scan-stats.ts with row 18; one Query per shard |
 * | 43| colour counters per county                | table      | PK=STAT#COLOURS#<shard>, SK=CTOTAL#<county> / CDAY#<county>#<day> / DUE#<day> | colour-stats.ts: totals, day changes, due green |
 * | 44| feeds and their effects                   | table      | PK=STAT#FEED#<feedId>, SK=COUNTS; PK=STAT#FEEDS#<day>, SK=F#<feedId> | feed-stats.ts: records, people, colours changed |
 * | 25| every status (ruleset roll-out, audit sample) | table Scan | parallel Segment/TotalSegments, filter SK = STATUS | jobs only, a page per queue message; never on requests |
 */

export interface Key {
  PK: string;
  SK: string;
}

const k = (PK: string, SK: string): Key => ({ PK, SK });

export const keys = {
  account: (accountId: string) => k(`ACCOUNT#${accountId}`, 'PROFILE'),
  alipayUser: (userId: string) => k(`ALIPAY#${userId}`, 'ALIPAY'),
  sandboxSubject: (subject: string) => k(`SANDBOX#${subject}`, 'SANDBOX'),
  payloadGate: (payloadHash: string) => k(`PAYLOAD#${payloadHash}`, 'GATE'),
  documentBinding: (documentHash: string) => k(`DOC#${documentHash}`, 'BIND'),
  authorityRecord: (documentHash: string, at: string, feedId: string, index: number) =>
    k(`DOC#${documentHash}`, `REC#${at}#${feedId}#${index}`),
  authorityRecordPrefix: (documentHash: string) => ({ PK: `DOC#${documentHash}`, prefix: 'REC#' }),
  recordWithdrawal: (documentHash: string, recordSk: string) => k(`DOC#${documentHash}`, `WDR#${recordSk}`),
  correction: (correctionId: string) => k('CORRECTIONS', `C#${correctionId}`),
  correctionsPrefix: () => ({ PK: 'CORRECTIONS', prefix: 'C#' }),
  correctionOfHolder: (holderId: string, correctionId: string) => k(`HOLDER#${holderId}`, `CORR#${correctionId}`),
  correctionOfHolderPrefix: (holderId: string) => ({ PK: `HOLDER#${holderId}`, prefix: 'CORR#' }),
  openCorrection: (holderId: string, trigger: string, declaredOn: string | undefined) => k(`HOLDER#${holderId}`, `CORROPEN#${trigger}#${declaredOn ?? '-'}`),
  status: (holderId: string) => k(`HOLDER#${holderId}`, 'STATUS'),
  declaration: (holderId: string, at: string) => k(`HOLDER#${holderId}`, `DECL#${at}`),
  declarationPrefix: (holderId: string) => ({ PK: `HOLDER#${holderId}`, prefix: 'DECL#' }),
  checkin: (holderId: string, day: string) => k(`HOLDER#${holderId}`, `CHECKIN#${day}`),
  checkinPrefix: (holderId: string) => ({ PK: `HOLDER#${holderId}`, prefix: 'CHECKIN#' }),
  history: (holderId: string, at: string, seq: number) => k(`HOLDER#${holderId}`, `HIST#${at}#${String(seq).padStart(8, '0')}`),
  historyPrefix: (holderId: string) => ({ PK: `HOLDER#${holderId}`, prefix: 'HIST#' }),
  stay: (holderId: string, region: string, day: string) => k(`HOLDER#${holderId}`, `STAY#${region}#${day}`),
  stayPrefix: (holderId: string) => ({ PK: `HOLDER#${holderId}`, prefix: 'STAY#' }),
  dependent: (accountId: string, holderId: string) => k(`ACCOUNT#${accountId}`, `DEP#${holderId}`),
  dependentPrefix: (accountId: string) => ({ PK: `ACCOUNT#${accountId}`, prefix: 'DEP#' }),
  accountClosing: (accountId: string) => k(`CLOSING#${accountId}`, 'CLOSING'),
  closingSweep: (accountId: string) => k('CLOSING', `ACCOUNT#${accountId}`),
  closingSweepPrefix: () => ({ PK: 'CLOSING', prefix: 'ACCOUNT#' }),
  feed: (feedId: string) => k(`FEED#${feedId}`, 'FEED'),
  riskAreasCurrent: () => k('RISKAREAS', 'CURRENT'),
  riskAreasVersion: (version: string) => k('RISKAREAS', `V#${version}`),
  ruleset: (version: string) => k('RULESET', `V#${version}`),
  rulesetActive: () => k('RULESET', 'ACTIVE'),
  inspectorGrant: (corpId: string, kind: 'DEPT' | 'ROLE' | 'USER', id: string) => k(`INSPREG#${corpId}`, `${kind}#${id}`),
  checkpoint: (checkpointId: string) => k(`CHECKPOINT#${checkpointId}`, 'CHECKPOINT'),
  checkpointDirectory: (checkpointId: string) => k('CHECKPOINTS', `CP#${checkpointId}`),
  checkpointDirectoryPrefix: () => ({ PK: 'CHECKPOINTS', prefix: 'CP#' }),
  scan: (inspectorId: string, at: string, id: string) => k(`INSPECTOR#${inspectorId}`, `SCAN#${at}#${id}`),
  scanPrefix: (inspectorId: string) => ({ PK: `INSPECTOR#${inspectorId}`, prefix: 'SCAN#' }),
  checkpointStat: (checkpointId: string, day: string, shard: number, hour: string) => k(`STAT#${checkpointId}#${day}#${shard}`, `HOUR#${hour}`),
  checkpointStatShard: (checkpointId: string, day: string, shard: number) => ({ PK: `STAT#${checkpointId}#${day}#${shard}`, prefix: 'HOUR#' }),
  rateWindow: (principal: string, window: string) => k(`RATE#${principal}#${window}`, 'RATE'),
  idempotency: (scope: string, key: string) => k(`IDEM#${scope}#${key}`, 'IDEM'),
  authorityKey: (keyHash: string) => k(`AUTHKEY#${keyHash}`, 'AUTHKEY'),
  devClock: (scope: string) => k('DEV#CLOCK', scope),
  verification: (accountId: string, id: string) => k(`ACCOUNT#${accountId}`, `VERIFY#${id}`),
  sandboxCertify: (certifyId: string) => k(`SANDBOXCERT#${certifyId}`, 'CERTIFY'),
  dependentConfirmation: (code: string) => k(`DEPCONFIRM#${code}`, 'CONFIRM'),
  offlineScanId: (inspectorId: string, scanId: string) => k(`INSPECTOR#${inspectorId}`, `OFFLINE#${scanId}`),
  officialGrant: (corpId: string, kind: 'USER' | 'DEPT', id: string) => k(`OFFREG#${corpId}`, `${kind}#${id}`),
  proposal: (id: string) => k('PROPOSALS', `P#${id}`),
  proposalPrefix: (idPrefix = '') => ({ PK: 'PROPOSALS', prefix: `P#${idPrefix}` }),
  proposalRecords: (id: string) => k(`PROPOSAL#${id}`, 'RECORDS'),
  officialAudit: (seq: number) => k('OFFAUDIT', `SEQ#${String(seq).padStart(10, '0')}`),
  officialAuditHead: () => k('OFFAUDIT', 'HEAD'),
  colourTotal: (shard: number) => k(`STAT#COLOURS#${shard}`, 'TOTAL'),
  colourDay: (shard: number, day: string) => k(`STAT#COLOURS#${shard}`, `DAY#${day}`),
  countyTotal: (shard: number, county: string) => k(`STAT#COLOURS#${shard}`, `CTOTAL#${county}`),
  countyDay: (shard: number, county: string, day: string) => k(`STAT#COLOURS#${shard}`, `CDAY#${county}#${day}`),
  colourDueDay: (shard: number, day: string) => k(`STAT#COLOURS#${shard}`, `DUE#${day}`),
  scansOfDay: (day: string, shard: number, checkpointId: string, hour: string) => k(`STAT#SCANS#${day}#${shard}`, `CP#${checkpointId}#${hour}`),
  scansOfDayShard: (day: string, shard: number) => ({ PK: `STAT#SCANS#${day}#${shard}`, prefix: 'CP#' }),
  feedStat: (feedId: string) => k(`STAT#FEED#${feedId}`, 'COUNTS'),
  feedsOfDay: (day: string, feedId: string) => k(`STAT#FEEDS#${day}`, `F#${feedId}`),
  feedsOfDayPrefix: (day: string) => ({ PK: `STAT#FEEDS#${day}`, prefix: 'F#' }),
};

/** Key parsers: the inverse of the builders above, for ids read back from keys. */
export const parseKey = {
  /** The holder id of an item keyed PK=HOLDER#<id>. */
  holderId(pk: unknown): string | undefined {
    return typeof pk === 'string' && pk.startsWith('HOLDER#') ? pk.slice('HOLDER#'.length) : undefined;
  },
  /** The document hash of an item keyed PK=DOC#<hash>. */
  documentHash(pk: unknown): string | undefined {
    return typeof pk === 'string' && pk.startsWith('DOC#') ? pk.slice('DOC#'.length) : undefined;
  },
  /** The id `keys.declaration` was built with, from its sort key DECL#<id>. */
  declarationId(sk: string): string {
    return sk.slice('DECL#'.length);
  },
  /** The region and last day of a stay, from its sort key STAY#<region>#<day>. */
  stay(sk: string): { region: string; day: string } | undefined {
    const parts = sk.split('#');
    return parts[0] === 'STAY' && parts.length === 3 ? { region: parts[1]!, day: parts[2]! } : undefined;
  },
  /** The correction id of a holder's pointer CORR#<id>. */
  correctionOfHolder(sk: string): string | undefined {
    return sk.startsWith('CORR#') ? sk.slice('CORR#'.length) : undefined;
  },
};

/** Attributes that put a status into the sparse ReviewDue index, spread over REVIEW_BUCKETS partitions. */
export function reviewIndexAttributes(holderId: string, reviewAt: string | undefined): Record<string, string> {
  if (!reviewAt) return {};
  let h = 0;
  for (let i = 0; i < holderId.length; i++) h = (h * 31 + holderId.charCodeAt(i)) >>> 0;
  return { [attr.reviewBucket]: String(h % REVIEW_BUCKETS), [attr.reviewAt]: reviewAt };
}

export { stayIndexRegion };

/** Attributes that put a stay item into the RegionStay index. */
export function stayIndexAttributes(region: string, lastDay: string): Record<string, string> {
  return { [attr.stayRegion]: stayIndexRegion(region), [attr.stayDay]: lastDay };
}

/** Epoch seconds for the TTL attribute. */
export function ttlAfter(now: Date, seconds: number): Record<string, number> {
  return { [attr.ttl]: Math.floor(now.getTime() / 1000) + seconds };
}
