import { inspectorSessionResponse } from '../../../../shared/api';
import { currentSession, getAuthCode, readStorage, reLaunch, request, stageConfig, STORAGE_KEYS, writeStorage, type Checkpoint } from '../../platform';
import { DEFAULT_TEST_ACCOUNT, preselectedCheckpoint, sessionOf, signInFailure } from './utils';

interface SignInData {
  sandbox: boolean;
  subject: string;
  busy: boolean;
  error: string;
  help: string;
  inspectorName: string;
  checkpoints: Checkpoint[];
}

type InputEvent = { detail: { value: string } };
type TapEvent = { currentTarget: { dataset: { id?: string } } };

const SCAN_PAGE = '/pages/scan/index';

Page<SignInData, {}, { onSubjectInput(e: InputEvent): void; onSignIn(): Promise<void>; onPick(e: TapEvent): void; offerCheckpoints(pick?: boolean): void }>({
  data: { sandbox: stageConfig.sandboxSignIn, subject: DEFAULT_TEST_ACCOUNT, busy: false, error: '', help: '', inspectorName: '', checkpoints: [] },
  onLoad(query?: { pick?: string }) {
    if (currentSession()) this.offerCheckpoints(query?.pick === '1');
  },
  onSubjectInput(e: InputEvent) {
    this.setData({ subject: e.detail.value.trim() });
  },
  async onSignIn() {
    if (this.data.busy) return;
    this.setData({ busy: true, error: '', help: '' });
    let body: unknown = { provider: 'sandbox', subject: this.data.subject };
    if (!this.data.sandbox) {
      const code = await getAuthCode(stageConfig.corpId);
      if (!code.ok) return this.setData({ busy: false, error: code.message });
      body = { provider: 'dingtalk', authCode: code.authCode, corpId: stageConfig.corpId };
    }
    const result = await request('POST', '/v1/inspector/sessions', body, { anonymous: true, schema: inspectorSessionResponse });
    if (!result.ok) return this.setData({ busy: false, ...signInFailure(result) });
    writeStorage(STORAGE_KEYS.session, sessionOf(result.data));
    this.setData({ busy: false });
    this.offerCheckpoints();
  },
  onPick(e: TapEvent) {
    const checkpoint = this.data.checkpoints.find((c) => c.id === e.currentTarget.dataset.id);
    if (!checkpoint) return;
    writeStorage(STORAGE_KEYS.checkpoint, checkpoint);
    reLaunch(SCAN_PAGE);
  },
  /** Goes straight to scanning when the checkpoint is clear (unless asked to pick); otherwise lists them. */
  offerCheckpoints(pick = false) {
    const session = currentSession();
    if (!session) return;
    const chosen = preselectedCheckpoint(session.checkpoints, readStorage<Checkpoint>(STORAGE_KEYS.checkpoint));
    if (chosen && !pick) {
      writeStorage(STORAGE_KEYS.checkpoint, chosen);
      return reLaunch(SCAN_PAGE);
    }
    this.setData({ inspectorName: session.inspectorName, checkpoints: session.checkpoints });
  },
});
