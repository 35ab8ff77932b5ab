/**
 * The states the previews show, reached the way a person reaches them: the real page logic in the
 * page harness, real HTTP to the local stack. A resident registers, declares, gets a code, checks in
 * and adds a child; two more residents declare a symptom (yellow) and a contact with a case (red); the
 * demo inspector signs in and scans the codes as the resident screens show them (each payload is read
 * back from the screenshot with jsQR), a garbage code, a code while offline, a manual check and the
 * recent scans, and confirms the resident's baby in person at a service point. Last, the red
 * resident asks for corrections (纠错) from the status page, and two officials accept one, so the
 * list shows a pending and an accepted one.
 */
import { randomBytes } from 'node:crypto';
import { createMiniApp, type MiniApp } from '../mini-harness/index';
import { createDingTalkApp, type DingTalkApp } from '../mini-harness/dingtalk';
import { generateResidentIdCheckDigit } from '../../shared/identity';
import { SYMPTOMS } from '../../shared/api';
import { DEMO_INSPECTOR_SUBJECT, LOCAL_AUTHORITY_KEY, LOCAL_REVIEWER_KEY } from '../../scripts/lib/seed';

export const RESIDENT_APP = 'mini-program/resident';
export const INSPECTOR_APP = 'mini-program/inspector';

export interface Capture {
  /** File name without .png, e.g. `resident-code-green`. */
  name: string;
  /** What the contact sheet writes under it. */
  label: string;
  appDir: string;
  route: string;
  data: Record<string, unknown>;
  /** On the contact sheet. */
  main?: boolean;
  /** The code colour the state must show (code pages and verdict screens). */
  expectColor?: 'green' | 'yellow' | 'red';
}

/** Renders and screenshots one state; answers the QR payload jsQR reads from it, if any. */
export type Shoot = (capture: Capture) => Promise<{ payload?: string }>;

export interface ScenarioOptions {
  apiUrl: string;
  /** Only captures whose name contains one of these (all when empty). */
  only?: readonly string[];
}

const CLOCK_SCOPE = 'preview';

/** A valid resident ID of a 莲都区 birth registration, random per run so reruns never collide. */
function residentId(birth: string): string {
  const first17 = `331102${birth}${String(randomBytes(2).readUInt16BE() % 1000).padStart(3, '0')}`;
  return first17 + generateResidentIdCheckDigit(first17);
}

function snapshot(app: MiniApp, name: string, label: string, extra: Partial<Capture> = {}): Capture {
  const page = app.current;
  return { name, label, appDir: app.appDir, route: page.route, data: page.data, ...extra };
}

function expectRoute(app: MiniApp, route: string): void {
  if (app.current.route !== route) throw new Error(`expected ${route}, the app is on ${app.current.route}: ${JSON.stringify(app.current.data).slice(0, 400)}`);
}

/** Two officials (the local authority and reviewer keys) accept a correction: the first proposes, the second confirms. */
async function acceptByTwoOfficials(apiUrl: string, id: string): Promise<void> {
  for (const [key, basis] of [[LOCAL_AUTHORITY_KEY, '流调报告 LS-2026-0042'], [LOCAL_REVIEWER_KEY, '已与居民电话核实']] as const) {
    const res = await fetch(`${apiUrl}/v1/authority/corrections/${id}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-authority-key': key, 'x-dev-clock-scope': CLOCK_SCOPE },
      body: JSON.stringify({ decision: 'accept', basis }),
    });
    if (res.status !== 200) throw new Error(`deciding correction ${id} answered ${res.status}: ${await res.text()}`);
  }
}

/** Taps 申请纠错 under the status page's reason with this code. */
async function openCorrection(app: MiniApp, code: string): Promise<void> {
  expectRoute(app, 'pages/status/index');
  const reason = (app.current.data.reasons as { code: string; declaredOn: string; correctable: boolean }[]).find((r) => r.code === code && r.correctable);
  if (!reason) throw new Error(`the status page offers no correction of ${code}: ${JSON.stringify(app.current.data.reasons)}`);
  await app.current.tap('onOpenCorrection', { trigger: reason.code, declaredOn: reason.declaredOn });
  expectRoute(app, 'pages/corrections/index');
}

/** Picks a reason, writes the text and sends it; the page must show it filed. */
async function fileCorrection(app: MiniApp, category: string, text: string): Promise<void> {
  const page = app.current;
  await page.tap('onCategory', { value: category });
  await page.call('onTextInput', { detail: { value: text } });
  await page.call('onSubmit');
  if (page.data.formOpen) throw new Error(`the correction was not filed: ${page.data.notice}`);
}

interface Declaration {
  symptoms: string[];
  contact: 'yes' | 'no';
}

/** Home → consent → sign-in → profile → declaration, through the pages; ends on the code page. */
async function registerAndDeclare(app: MiniApp, name: string, declaration: Declaration, shots?: { shoot: Shoot }): Promise<void> {
  const home = await app.launch();
  await home.call('onPrimary');
  expectRoute(app, 'pages/consent/index');
  if (shots) await shots.shoot(snapshot(app, 'resident-consent', '知情同意', { main: true }));
  await app.current.call('onAgreeChange', true);
  await app.current.call('onContinue');
  expectRoute(app, 'pages/authorise/index');
  if (shots) await shots.shoot(snapshot(app, 'resident-sign-in', '登录'));
  const auth = app.current;
  await auth.call('onSignIn');
  await auth.call('onNameInput', name);
  await auth.call('onDocumentNumberInput', residentId('19900307'));
  await auth.call('onPhoneAuthorizeError');
  await auth.call('onPhoneInput', '13800138000');
  if (shots) await shots.shoot(snapshot(app, 'resident-confirm-identity', '确认身份', { main: true }));
  await auth.call('onSubmitProfile');
  expectRoute(app, 'pages/declaration/index');
  const form = app.current;
  if (shots) {
    await form.call('onCommitmentChange', true);
    await form.call('onTemperatureInput', '45');
    await form.call('onSubmit');
    await shots.shoot(snapshot(app, 'resident-declaration-errors', '申报（有误）', { main: true }));
  }
  app.controls.location.districtAdcode = '331102';
  await form.call('onUseLocation');
  await form.call('onSymptomsChange', declaration.symptoms);
  await form.call('onTemperatureInput', '36.5');
  await form.tap('onContactChange', { value: declaration.contact });
  await form.call('onCommitmentChange', true);
  await form.call('onSubmit');
  expectRoute(app, 'pages/code/index');
}

/** Walks every state, calling `shoot` for each; answers the names shot. */
export async function runScenarios(options: ScenarioOptions, shoot: Shoot): Promise<string[]> {
  const shot: string[] = [];
  const wanted = (name: string) => !options.only?.length || options.only.some((o) => name.includes(o));
  // A code screen the inspector will scan is shot even when --only leaves it out: its payload comes from the screenshot.
  const take = async (capture: Capture, neededLater = false): Promise<{ payload?: string }> => {
    if (!wanted(capture.name) && !neededLater) return {};
    shot.push(capture.name);
    return shoot(capture);
  };
  const apps: MiniApp[] = [];
  const resident = () => {
    const app = createMiniApp({ appDir: RESIDENT_APP, apiUrl: options.apiUrl, clockScope: CLOCK_SCOPE });
    app.controls.authSubject = `preview-${randomBytes(5).toString('hex')}`;
    apps.push(app);
    return app;
  };
  try {
    // ---- the resident who does everything ----
    const me = resident();
    await me.launch();
    await take(snapshot(me, 'resident-home', '首页', { main: true }));
    await me.current.call('onToggleElder');
    await take(snapshot(me, 'resident-home-elder', '首页（长辈模式）', { main: true }));
    await me.current.call('onToggleElder');
    await me.current.call('onOpenPrivacy');
    await take(snapshot(me, 'resident-privacy', '隐私政策'));
    await me.back();
    await me.current.call('onOpenAgreement');
    await take(snapshot(me, 'resident-agreement', '用户服务协议'));
    await me.close();

    await registerAndDeclare(me, '王小丽', { symptoms: ['none'], contact: 'no' }, { shoot: (c) => take(c) });
    const green = await take(snapshot(me, 'resident-code-green', '绿码', { main: true, expectColor: 'green' }), wanted('inspector-pass'));
    await me.current.call('onToggleEnlarge');
    await take(snapshot(me, 'resident-code-enlarged', '放大的码', { expectColor: 'green' }));
    await me.current.call('onToggleEnlarge');
    await me.current.call('onOpenCheckin');
    expectRoute(me, 'pages/checkin/index');
    await me.current.call('onTemperatureInput', '36.6');
    await me.current.call('onSymptomsChange', ['none']);
    await me.current.call('onSubmit');
    await take(snapshot(me, 'resident-checkin-done', '打卡完成', { main: true }));
    // A second check-in the same day: the server's own answer (already checked in), not an alarm.
    const checkinAgain = await me.open('pages/checkin/index');
    await checkinAgain.call('onTemperatureInput', '36.5');
    await checkinAgain.call('onSymptomsChange', ['none']);
    await checkinAgain.call('onSubmit');
    await take(snapshot(me, 'resident-checkin-again', '今天已打卡'));
    // The network drops: the valid code stays, with the time it is good until.
    const offlineCode = await me.open('pages/code/index');
    me.controls.offline = true;
    await offlineCode.call('onRefresh');
    await take(snapshot(me, 'resident-code-offline', '断网时的码'));
    me.controls.offline = false;
    await me.open('pages/history/index');
    await take(snapshot(me, 'resident-history', '变更记录'));

    const family = await me.open('pages/family/index');
    await family.call('onStartAdd');
    await family.call('onNameInput', '王小宝');
    await family.pick('onDocumentTypeChange', 0);
    const childDocument = residentId('20180601');
    await family.call('onDocumentNumberInput', childDocument);
    await family.pick('onRelationChange', 0);
    await family.call('onSubmit');
    await take(snapshot(me, 'resident-family', '家庭成员', { main: true }));
    // Verified in front of the phone (the sandbox's 本人刷脸通过), declared for, and shown under its banner.
    await family.tap('onSandboxOutcome', { outcome: 'pass' });
    const child = (family.data.dependents as { id: string; state: string }[]).find((d) => d.state === 'active');
    if (!child) throw new Error(`the family member did not become active: ${JSON.stringify(family.data).slice(0, 400)}`);
    await family.tap('onDeclare', { id: child.id });
    expectRoute(me, 'pages/declaration/index');
    const forChild = me.current;
    await forChild.call('onUseLocation');
    await forChild.call('onSymptomsChange', ['none']);
    await forChild.call('onTemperatureInput', '36.4');
    await forChild.tap('onContactChange', { value: 'no' });
    await forChild.call('onCommitmentChange', true);
    await forChild.call('onSubmit');
    expectRoute(me, 'pages/code/index');
    await take(snapshot(me, 'resident-code-dependent', '出示家人的码', { main: true, expectColor: 'green' }));
    // A baby cannot face the camera: added and left pending, for the inspector's in-person confirmation below.
    const again = await me.open('pages/family/index');
    await again.call('onStartAdd');
    await again.call('onNameInput', '王小妹');
    await again.pick('onDocumentTypeChange', 0);
    const babyDocument = residentId('20250301');
    await again.call('onDocumentNumberInput', babyDocument);
    await again.pick('onRelationChange', 0);
    await again.call('onSubmit');
    // Removing asks once more and says what it does (cancelled here: the child stays for what follows).
    await again.tap('onAskRemove', { id: child.id });
    await take(snapshot(me, 'resident-family-remove', '移除家庭成员（确认）'));
    await again.call('onCancelRemove');
    await me.open('pages/account/index');
    await take(snapshot(me, 'resident-account', '我的账号'));

    // ---- a symptom (yellow) and a contact with a case (red) ----
    const coughs = resident();
    await registerAndDeclare(coughs, '李小梅', { symptoms: [SYMPTOMS[0]!], contact: 'no' });
    const yellow = await take(snapshot(coughs, 'resident-code-yellow', '黄码', { main: true, expectColor: 'yellow' }), wanted('inspector-offline'));
    const contact = resident();
    await registerAndDeclare(contact, '张小军', { symptoms: [SYMPTOMS[0]!], contact: 'yes' });
    const red = await take(snapshot(contact, 'resident-code-red', '红码', { main: true, expectColor: 'red' }), wanted('inspector-stop'));
    await contact.current.call('onOpenStatus');
    expectRoute(contact, 'pages/status/index');
    await take(snapshot(contact, 'resident-status', '状态与转码条件', { main: true }));

    // ---- the inspector at the gate ----
    const gate: DingTalkApp = createDingTalkApp({ appDir: INSPECTOR_APP, apiUrl: options.apiUrl, clockScope: CLOCK_SCOPE });
    apps.push(gate);
    const signIn = await gate.launch();
    await take(snapshot(gate, 'inspector-sign-in', '核验员登录'));
    await signIn.call('onSubjectInput', { detail: { value: DEMO_INSPECTOR_SUBJECT } });
    await signIn.call('onSignIn');
    if (gate.current.route === 'pages/signin/index' && Array.isArray(gate.current.data.checkpoints) && gate.current.data.checkpoints.length > 0) {
      await gate.current.tap('onPick', { id: (gate.current.data.checkpoints[0] as { id: string }).id });
    }
    expectRoute(gate, 'pages/scan/index');
    await take(snapshot(gate, 'inspector-scan', '扫码'));
    const scanned = async (payload: string | undefined, what: string) => {
      if (!payload) throw new Error(`the ${what} code page's screenshot did not decode with jsQR, so the inspector has nothing to scan`);
      gate.scanner.next(payload);
      await gate.current.call('onScan');
      expectRoute(gate, 'pages/result/index');
    };
    if (wanted('inspector-pass')) {
      await scanned(green.payload, 'green');
      await take(snapshot(gate, 'inspector-pass', '放行', { main: true, expectColor: 'green' }));
      await gate.back();
    }
    if (wanted('inspector-stop')) {
      await scanned(red.payload, 'red');
      await take(snapshot(gate, 'inspector-stop', '禁止进入', { main: true, expectColor: 'red' }));
      await gate.back();
    }
    if (wanted('inspector-invalid')) {
      gate.scanner.next('LSHC1:this-is-not-a-health-code');
      await gate.current.call('onScan');
      expectRoute(gate, 'pages/result/index');
      await take(snapshot(gate, 'inspector-invalid', '码无效', { main: true }));
      await gate.back();
    }
    if (wanted('inspector-offline')) {
      gate.controls.offline = true;
      await gate.networkChanged(false);
      await scanned(yellow.payload, 'yellow');
      await take(snapshot(gate, 'inspector-offline', '离线核验', { main: true, expectColor: 'yellow' }));
      await gate.back();
      gate.controls.offline = false;
      await gate.networkChanged(true);
    }
    if (wanted('inspector-offline-no-keys')) {
      // A phone that never kept its key ring: offline, the scan page says nothing can be verified.
      const ring = gate.storage.get('keyRing');
      gate.storage.delete('keyRing');
      gate.controls.offline = true;
      await gate.networkChanged(false);
      gate.scanner.next(yellow.payload ?? 'LSHC1:no-code');
      await gate.current.call('onScan');
      expectRoute(gate, 'pages/scan/index');
      await take(snapshot(gate, 'inspector-offline-no-keys', '离线且无密钥：无法核验', { main: true }));
      if (ring !== undefined) gate.storage.set('keyRing', ring);
      gate.controls.offline = false;
      await gate.networkChanged(true);
    }
    await gate.current.call('onManual');
    expectRoute(gate, 'pages/manual/index');
    const manual = gate.current;
    await manual.tap('onCredential', { id: 'community-pass' });
    await manual.call('onDocumentInput', { detail: { value: residentId('19450912') } });
    await manual.call('onTemperatureInput', { detail: { value: '36.4' } });
    await take(snapshot(gate, 'inspector-manual', '人工核验', { main: true }));
    await gate.back();

    // The baby added above cannot face the camera: the inspector confirms them in person, against
    // the code the family's phone shows (read from the API, as the family page reads it).
    const pending = await fetch(`${options.apiUrl}/v1/resident/dependents`, {
      headers: { authorization: `Bearer ${(me.storage.get('session') as { token: string }).token}`, 'x-dev-clock-scope': CLOCK_SCOPE },
    }).then((res) => res.json() as Promise<{ dependents: { state: string; confirmationCode?: string }[] }>);
    const confirmationCode = pending.dependents.find((d) => d.state === 'pending')?.confirmationCode;
    if (!confirmationCode) throw new Error(`the family's child has no confirmation code: ${JSON.stringify(pending).slice(0, 300)}`);
    await gate.current.call('onDependent');
    expectRoute(gate, 'pages/dependent/index');
    const confirm = gate.current;
    await confirm.call('onCodeInput', { detail: { value: confirmationCode } });
    await confirm.call('onDocumentInput', { detail: { value: residentId('20180602') } });
    await confirm.call('onToggleChecked');
    await take(snapshot(gate, 'inspector-dependent', '家庭成员现场确认', { main: true }));
    await confirm.call('onSubmit');
    await take(snapshot(gate, 'inspector-dependent-refused', '现场确认（证件不符）'));
    await confirm.call('onDocumentInput', { detail: { value: babyDocument } });
    await confirm.call('onSubmit');
    if (!confirm.data.done) throw new Error(`the in-person confirmation did not go through: ${JSON.stringify(confirm.data.refusal)}`);
    await take(snapshot(gate, 'inspector-dependent-done', '现场确认完成', { main: true }));
    await confirm.call('onBackToScan');
    await gate.current.call('onRecent');
    expectRoute(gate, 'pages/recent/index');
    await take(snapshot(gate, 'inspector-recent', '最近核验', { main: true }));

    // ---- corrections (纠错), after the gate: an accepted one changes 张小军's colour ----
    await contact.open('pages/status/index');
    await openCorrection(contact, 'declared-contact');
    await take(snapshot(contact, 'resident-correction-form', '申请纠错', { main: true }));
    await fileCorrection(contact, 'declared-by-mistake', '申报时误选了接触史，本人没有接触过病例');
    const filed = (contact.current.data.corrections as { id: string }[])[0]!;
    await acceptByTwoOfficials(options.apiUrl, filed.id);
    await contact.back();
    await openCorrection(contact, 'fever-or-symptoms');
    await fileCorrection(contact, 'other', '只是过敏性鼻炎，已就医');
    await take(snapshot(contact, 'resident-corrections', '纠错申请记录', { main: true }));

    // ---- elder mode (长辈模式) on a main page ----
    contact.storage.set('display', { elder: true });
    await contact.open('pages/status/index');
    await take(snapshot(contact, 'resident-status-elder', '健康状态（长辈模式）', { main: true }));
  } finally {
    for (const app of apps) await app.close().catch(() => undefined);
  }
  return shot;
}
