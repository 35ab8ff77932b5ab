/**
 * Bench of the pure core: rules engine throughput, payload sign/verify, QR size.
 * Run alone with `npx tsx scripts/bench/core.ts`, or through `npm run bench` (which calls benchCore).
 *
 * Timings are CPU time of this process (process.cpuUsage), so a busy shared machine inflates them less
 * than wall time would. Ratios are measured side by side, interleaved, in the same run.
 */
import { createPublicKey, randomBytes, verify as nodeVerify } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import QRCode from 'qrcode';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ed25519 } from '@noble/curves/ed25519.js';
import { evaluate, type CheckinFacts, type Facts, type RiskAreaFacts } from '../../shared/rules/engine';
import { rulesetV1 } from '../../shared/rules/schema';
import { PAYLOAD_SCHEME, base45Decode, decodePayload, signPayload, signingMessage, verifyPayload, type KeyRingEntry } from '../../shared/payload';
import { addDays } from '../../shared/time';
import { EVALUATION_CONCURRENCY } from '../../functions/core/authority/work';
import { readAuthorityRecords, readCheckins, readDeclaration } from '../../functions/core/facts';
import { newHolderId } from '../../functions/core/holder-state';
import { CodeKeyRing, holderRefSealer, signCodeWith } from '../../functions/adapters/code-keys';
import type { BenchRow as Row } from './row';


const RESIDENTS = 2_500_000;
const NOW = new Date('2020-03-10T10:00:00+08:00');
const TODAY = '2020-03-10';

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Deterministic pseudo-random numbers, so every run evaluates the same mix. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function checkins(lastDay: string, count: number, feverAt = -1): CheckinFacts[] {
  return Array.from({ length: count }, (_, i) => ({
    day: addDays(lastDay, i - count + 1),
    temperature: i === feverAt ? 37.8 : 36.4,
    symptoms: [],
  }));
}

/**
 * A realistic mix for Lishui in an outbreak month: most residents green with a declaration and a few
 * check-ins; some yellow (fever, medium-risk travel); fewer red (contacts, high-risk travel); a handful
 * of cases. The risk-area list (40 areas) is shared, as the backend passes it.
 */
export function realisticMix(size: number): Facts[] {
  const random = rng(20200310);
  const riskAreas: RiskAreaFacts[] = [
    { region: '420100', level: 'high', since: '2020-01-23' },
    { region: '420000', level: 'medium', since: '2020-01-23' },
    ...Array.from({ length: 38 }, (_, i) => ({
      region: `${31 + (i % 30)}${String(100 + i).padStart(4, '0')}`.slice(0, 6),
      level: (i % 3 === 0 ? 'high' : 'medium') as 'high' | 'medium',
      since: addDays(TODAY, -(i % 20)),
    })),
  ];
  const counties = ['331102', '331121', '331122', '331123', '331124', '331125', '331126', '331127', '331181'];
  return Array.from({ length: size }, (): Facts => {
    const r = random();
    const region = counties[Math.floor(random() * counties.length)]!;
    const declarationDay = addDays(TODAY, -Math.floor(random() * 10));
    const base = { day: declarationDay, region, symptoms: [] as string[], temperature: 36.5, contactWithCase: false };
    if (r < 0.85) {
      // Green: a declaration, maybe a trip inside Zhejiang, a few normal check-ins.
      const travel = random() < 0.3 ? [{ region: '330106', from: addDays(declarationDay, -6), to: addDays(declarationDay, -3) }] : [];
      return { declaration: { ...base, travel }, checkins: checkins(TODAY, Math.floor(random() * 6)), authority: [], riskAreas };
    }
    if (r < 0.92) {
      // Yellow: fever a few days ago or a stay in a medium-risk area, with a streak under way.
      const fever = random() < 0.5;
      const travel = fever ? [] : [{ region: '420500', from: addDays(TODAY, -9), to: addDays(TODAY, -5) }];
      return { declaration: { ...base, travel }, checkins: checkins(TODAY, 5 + Math.floor(random() * 5), fever ? 1 : -1), authority: [], riskAreas };
    }
    if (r < 0.99) {
      // Red: close contact or high-risk travel, up to 14 check-ins.
      const contact = random() < 0.5;
      const travel = contact ? [] : [{ region: '420106', from: addDays(TODAY, -12), to: addDays(TODAY, -8) }];
      const authority = contact ? [{ type: 'close-contact' as const, at: '2020-03-02T09:00:00+08:00', day: '2020-03-01' }] : [];
      return { declaration: { ...base, travel }, checkins: checkins(TODAY, 8 + Math.floor(random() * 7)), authority, riskAreas };
    }
    // Cases and released cases.
    const released = random() < 0.5;
    const authority = [
      { type: 'confirmed' as const, at: '2020-02-10T09:00:00+08:00' },
      ...(released ? [{ type: 'released' as const, at: '2020-03-01T10:00:00+08:00' }] : []),
    ];
    return { declaration: { ...base, travel: [] }, checkins: checkins(TODAY, released ? 9 : 0), authority, riskAreas };
  });
}

/** One resident's items as a DynamoDB Query answers them: the wire JSON of DECL#, CHK# and REC# items. */
interface StoredResident {
  declaration: string;
  checkins: string;
  records: string;
}

/** The items the table holds for a resident of the mix (holder-state writes these attributes). */
function store(facts: Facts, i: number): StoredResident {
  const at = '2020-03-10T08:00:00+08:00';
  const items = (list: readonly object[], sk: string) =>
    JSON.stringify({ Items: list.map((item, k) => marshall({ PK: `H#${i}`, SK: `${sk}#${k}`, at, ...item }, { removeUndefinedValues: true })) });
  return {
    declaration: items(facts.declaration ? [facts.declaration] : [], 'DECL'),
    checkins: items(facts.checkins, 'CHK'),
    records: items(facts.authority, 'REC'),
  };
}

/** A resident's facts read back as the backend reads them: the SDK's unmarshall, then functions/core/facts. */
function load(stored: StoredResident, riskAreas: readonly RiskAreaFacts[]): Facts {
  const items = (wire: string) => (JSON.parse(wire) as { Items: Record<string, AttributeValue>[] }).Items.map((item) => unmarshall(item));
  return {
    declaration: readDeclaration(items(stored.declaration)[0]),
    checkins: readCheckins(items(stored.checkins)),
    authority: readAuthorityRecords(items(stored.records)),
    riskAreas,
  };
}

/** Evaluations per second of CPU, round-robin over `residents` after a warm-up. */
function roundRobin(residents: readonly Facts[], count: number): number {
  let sink = 0;
  for (let i = 0; i < count / 5; i++) sink += evaluate(residents[i % residents.length]!, rulesetV1, NOW).reasons.length;
  const start = cpuMicros();
  for (let i = 0; i < count; i++) sink += evaluate(residents[i % residents.length]!, rulesetV1, NOW).reasons.length;
  const seconds = (cpuMicros() - start) / 1e6;
  if (sink < 0) console.log(sink);
  return count / seconds;
}

function benchEngine(): Row[] {
  const mix = realisticMix(20_000);
  const areas = mix[0]!.riskAreas;
  const stored = mix.map(store);
  // The 20,000 residents read back through the backend's decoder, one after the other, as a job reads
  // them: each resident's facts lie together on the heap, one shape per kind of fact. Only these are
  // evaluated until the last row: the generator's own objects have other shapes, and evaluating both
  // would make the engine's property reads polymorphic for the rest of the run.
  const loaded = stored.map((resident) => load(resident, areas));
  const colors = { green: 0, yellow: 0, red: 0 };
  for (const facts of loaded) colors[evaluate(facts, rulesetV1, NOW).color]++;
  const share = (n: number) => `${((100 * n) / loaded.length).toFixed(0)}%`;
  let perSecond = 0;
  for (let round = 0; round < 3; round++) perSecond += roundRobin(loaded, 1_000_000) / 3;

  // As the re-colour job runs it: EVALUATION_CONCURRENCY residents in flight, each page read and
  // decoded (not timed) and then evaluated (timed, with the clock reads: a little pessimistic).
  const PAGE = EVALUATION_CONCURRENCY;
  let sink = 0;
  let pageNs = 0n;
  let pageEvals = 0;
  for (let round = 0; round < 6; round++) {
    for (let start = 0; start < stored.length; start += PAGE) {
      const page: Facts[] = [];
      for (let i = start; i < start + PAGE && i < stored.length; i++) page.push(load(stored[i]!, areas));
      const t = process.hrtime.bigint();
      for (const facts of page) sink += evaluate(facts, rulesetV1, NOW).reasons.length;
      if (round >= 1) {
        pageNs += process.hrtime.bigint() - t;
        pageEvals += page.length;
      }
    }
  }
  if (sink < 0) console.log(sink);
  const jobPerSecond = pageEvals / (Number(pageNs) / 1e9);
  // The machine's own speed, measured in the same run: a loop of single-cycle integer additions, so
  // the engine's figure can be read against the core it ran on (a shared VM can be several times
  // slower than an idle one, and evaluations per second scale with it).
  let acc = 0;
  const loopStart = cpuMicros();
  for (let i = 0; i < 200_000_000; i++) acc += i & 7;
  const loopNs = ((cpuMicros() - loopStart) * 1000) / 200_000_000;
  if (acc < 0) console.log(acc);

  // Last, for comparison: the same mix as the generator left it, each resident's objects strewn between
  // the generator's garbage (dates, copies) and built by other code, so of other shapes.
  for (let i = 0; i < loaded.length; i++) {
    if (evaluate(loaded[i]!, rulesetV1, NOW).color !== evaluate(mix[i]!, rulesetV1, NOW).color) throw new Error(`resident ${i} reads back differently`);
  }
  const scatteredPerSecond = roundRobin(mix, 1_000_000);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  return [
    { name: 'engine evaluations / s (1 core)', value: fmt(perSecond), note: `goal 1,000,000; 20,000 residents read back through the backend's decoder, round-robin; mix ${share(colors.green)} green, ${share(colors.yellow)} yellow, ${share(colors.red)} red` },
    { name: 're-colour 2.5 M residents', value: `${(RESIDENTS / perSecond).toFixed(2)} s CPU`, note: 'goal < 3 s' },
    { name: 'engine evaluations / s, pages as the job reads them', value: fmt(jobPerSecond), note: `same mix, each page of ${PAGE} evaluated right after decoding (wall time of the evaluations only)` },
    { name: 'engine evaluations / s, facts strewn over the heap', value: fmt(scatteredPerSecond), note: 'same mix as the generator built it, measured after the rows above: one cache miss per object, several shapes per kind of fact' },
    { name: 'this machine: reference add loop', value: `${loopNs.toFixed(2)} ns / iteration`, note: `about one clock cycle an iteration on an idle core; one evaluation costs ${(1e9 / perSecond / loopNs).toFixed(0)} of them` },
  ];
}

async function benchPayload(): Promise<Row[]> {
  const seed = ed25519.utils.randomSecretKey();
  const publicKey = ed25519.getPublicKey(seed);
  const ring: KeyRingEntry[] = [{ kid: 'k1', publicKey, notBefore: '2020-01-01T00:00:00Z', notAfter: '2030-01-01T00:00:00Z' }];
  const nodePublic = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKey)]), format: 'der', type: 'spki' });
  const issuedAt = Math.floor(NOW.getTime() / 1000);
  const holderRef = new Uint8Array(36).map((_, i) => (i * 73 + 11) & 0xff); // nonce 12 + 8-byte id + tag 16
  const fields = { color: 'green' as const, issuedAt, expiresAt: issuedAt + 180, holderRef };
  const text = signPayload(fields, seed, 'k1');
  const decoded = decodePayload(text);
  if (!decoded.ok) throw new Error('bench payload does not decode');
  const message = signingMessage(decoded.payload);
  const signature = decoded.payload.signature;
  if (!verifyPayload(text, ring, NOW).ok || !nodeVerify(null, message, nodePublic, signature)) throw new Error('bench payload does not verify');

  const time = (n: number, f: () => void) => {
    const start = cpuMicros();
    for (let i = 0; i < n; i++) f();
    return (cpuMicros() - start) / n;
  };
  time(200, () => signPayload(fields, seed, 'k1'));
  time(200, () => verifyPayload(text, ring, NOW));
  time(2000, () => nodeVerify(null, message, nodePublic, signature));
  // Interleave rounds so that load on the machine hits both sides alike.
  let sign = 0;
  let verify = 0;
  let bare = 0;
  const rounds = 5;
  for (let r = 0; r < rounds; r++) {
    sign += time(200, () => signPayload(fields, seed, 'k1'));
    verify += time(200, () => verifyPayload(text, ring, NOW));
    bare += time(1000, () => nodeVerify(null, message, nodePublic, signature));
  }
  sign /= rounds;
  verify /= rounds;
  bare /= rounds;
  return [
    { name: 'payload sign (noble, pure JS)', value: `${sign.toFixed(0)} µs` },
    { name: 'payload verify (parse + noble)', value: `${verify.toFixed(0)} µs` },
    { name: 'node crypto.verify Ed25519 (same bytes)', value: `${bare.toFixed(0)} µs` },
    { name: 'verify / crypto.verify', value: `${(verify / bare).toFixed(1)} ×`, note: 'pure JS, so it also runs in the mini-program' },
  ];
}

/**
 * The deployed key id format: 'k' + 4 lowercase base36 characters (5 in all). Each kid character
 * costs 1.5 Base45 characters, and a 7-character kid pushes a typical code from version 7 to 8.
 */
const DEPLOYED_KID = 'k7q2a';

/** QR version at level M of real codes: the production signer and sealer, a fresh holder id each. */
export async function benchQr(): Promise<Row[]> {
  const rows: Row[] = [];
  const seed = () => randomBytes(32).toString('base64url');
  const sealer = holderRefSealer(seed());
  for (const kid of [DEPLOYED_KID, 'k202603']) {
    const ring = new CodeKeyRing([{ kid, privateKey: seed(), notBefore: '2020-01-01T00:00:00Z', notAfter: '2030-01-01T00:00:00Z' }]);
    const versions = new Set<number>();
    let text = '';
    for (let i = 0; i < 50; i += 1) {
      text = (await signCodeWith({ ring, sealer }, newHolderId(), 'green', NOW)).payload;
      versions.add(QRCode.create(text, { errorCorrectionLevel: 'M' }).version);
    }
    const version = Math.max(...versions);
    const size = 17 + 4 * version;
    rows.push({
      name: `QR at level M (${kid.length}-char kid${kid === DEPLOYED_KID ? ', deployed format' : ''})`,
      value: `version ${[...versions].sort().join('/')}, ${size}×${size} modules, ${text.length} chars`,
      note: kid === DEPLOYED_KID ? `goal ≤ 7, aim 6; 50 codes from signCodeWith` : 'for comparison only: the old kYYYYMM local format',
    });
  }
  const fixedSeed = new Uint8Array(32).fill(7);
  const issuedAt = Math.floor(NOW.getTime() / 1000);
  for (const [label, refBytes] of [['16-byte ref', 16], ['largest allowed', 48]] as const) {
    const kid = label === 'largest allowed' ? 'k2020-01' : DEPLOYED_KID;
    const text = signPayload({ color: 'green', issuedAt, expiresAt: issuedAt + 180, holderRef: new Uint8Array(refBytes).fill(0xa5) }, fixedSeed, kid);
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const bytes = base45Decode(text.slice(PAYLOAD_SCHEME.length))!;
    const b64 = QRCode.create(`lshc1:${Buffer.from(bytes).toString('base64url')}`, { errorCorrectionLevel: 'M' });
    rows.push({
      name: `QR at level M (${label}, ${kid.length}-char kid)`,
      value: `version ${qr.version}, ${qr.modules.size}×${qr.modules.size} modules, ${text.length} chars`,
      note: `base64url byte mode would be version ${b64.version}; EU DCC median is version 18 (89×89)`,
    });
  }
  return rows;
}

/** Every figure of the pure core, as rows for `npm run bench`. */
export async function benchCore(): Promise<Row[]> {
  return [...benchEngine(), ...(await benchPayload()), ...(await benchQr())];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchCore()
    .then((rows) => {
      const width = Math.max(...rows.map((r) => r.name.length));
      for (const row of rows) console.log(`${row.name.padEnd(width)}  ${row.value}${row.note ? `   (${row.note})` : ''}`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
