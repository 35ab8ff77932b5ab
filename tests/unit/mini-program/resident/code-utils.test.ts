import { codeDeadlines, codeView, qrImageSource, RETRY_MS, shouldRefresh, type CodeSnapshot, stillValid } from '../../../../mini-program/resident/pages/code/utils';

const ISSUED = '2024-03-01T08:00:00+08:00';
const snapshot = (overrides: Partial<CodeSnapshot> = {}): CodeSnapshot => ({
  payload: 'LSHC1:X',
  svg: '<svg xmlns="http://www.w3.org/2000/svg"><path fill="#ffffff" d="M0 0h9v9H0z"/><path stroke="#000000" d="M1 1h1"/></svg>',
  color: 'yellow',
  issuedAt: ISSUED,
  expiresAt: '2024-03-01T08:03:00+08:00',
  refreshInSeconds: 60,
  holder: { maskedName: '张*三', maskedDocument: '3311**********123X' },
  receivedAt: 1_000_000,
  ...overrides,
});

describe('code page logic', () => {
  test('deadlines are anchored on the phone’s arrival time, whatever its clock says', () => {
    expect(codeDeadlines(snapshot())).toEqual({ refreshAt: 1_060_000, expiresAt: 1_180_000 });
  });

  test('refresh when due, not while a request runs, and not sooner than RETRY_MS after a failure', () => {
    const s = snapshot();
    expect(shouldRefresh(s, 1_059_999, undefined, false)).toBe(false);
    expect(shouldRefresh(s, 1_060_000, undefined, false)).toBe(true);
    expect(shouldRefresh(s, 1_060_000, undefined, true)).toBe(false);
    expect(shouldRefresh(s, 1_065_000, 1_060_000, false)).toBe(false);
    expect(shouldRefresh(s, 1_060_000 + RETRY_MS, 1_060_000, false)).toBe(true);
    expect(shouldRefresh(undefined, 0, undefined, false)).toBe(true);
  });

  test('a valid code is shown in its colour; the SVG modules take the colour', () => {
    const view = codeView({ snapshot: snapshot(), nowMs: 1_000_000 });
    expect(view).toMatchObject({ state: 'live', showQr: true, colorLabel: '黄码', holderName: '张*三', notice: '' });
    const svg = decodeURIComponent(qrImageSource(snapshot().svg, 'red').split(',')[1]!);
    expect(svg).toContain('stroke="#a61b1f"');
    expect(svg).toContain('fill="#ffffff"');
  });

  test('offline but still valid: the code stays, with the time it is valid until, in a calm notice', () => {
    const view = codeView({ snapshot: snapshot(), nowMs: 1_100_000, failure: '网络连接失败，请检查网络后重试' });
    expect(view.state).toBe('offline');
    expect(view.showQr).toBe(true);
    expect(view.notice).toBe(`网络连接失败，请检查网络后重试。当前健康码有效至${view.validUntil}，过期后将不再显示`);
    expect(view.noticeTone).toBe('warn');
  });

  test('loading is neutral and a cached code is good only until it expires', () => {
    expect(codeView({ nowMs: 1_000_000 })).toMatchObject({ state: 'loading', voidText: '正在获取健康码…', notice: '', noticeTone: 'info' });
    expect(stillValid(snapshot(), 1_100_000)).toBe(true);
    expect(stillValid(snapshot(), 1_180_000)).toBe(false);
    // Received "in the future" (the phone clock was set back): not trusted.
    expect(stillValid({ ...snapshot(), receivedAt: 2_000_000 }, 1_100_000)).toBe(false);
    expect(stillValid(undefined, 1_100_000)).toBe(false);
  });

  test('an expired code is never shown, online or not', () => {
    for (const failure of [undefined, '网络连接失败，请检查网络后重试']) {
      const view = codeView({ snapshot: snapshot(), nowMs: 1_180_000, failure });
      expect(view).toMatchObject({ state: 'expired', showQr: false, qrSrc: '', color: '' });
    }
  });

  test('no declaration yet, or signed out, says what to do', () => {
    expect(codeView({ nowMs: 0, blocked: 'undeclared' })).toMatchObject({ state: 'undeclared', showQr: false, notice: '还没有完成健康申报，申报后即可出示健康码' });
    expect(codeView({ nowMs: 0, blocked: 'signed-out' }).state).toBe('signed-out');
  });
});
