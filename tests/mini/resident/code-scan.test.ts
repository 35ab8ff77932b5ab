/**
 * Every colour of code scans: the page's own image function, rendered as a phone would show it,
 * read by two independent decoders at phone sizes and through camera-like damage, and then
 * verified by the backend's key ring. A code that looks right but does not scan locks an honest
 * resident out at the gate.
 */
import { createHash } from 'node:crypto';
import { CodeKeyRing, signCodeWith } from '../../../functions/adapters/code-keys';
import { codeSvg } from '../../../functions/core/resident/holders';
import { COLOR_INK } from '../../../mini-program/resident/lib/format';
import { qrImageSource } from '../../../mini-program/resident/pages/code/utils';
import { verifyPayload } from '../../../shared/payload';
import type { Color } from '../../../shared/rules/schema';
import { DEGRADATIONS, decodeWithJsqr, decodeWithZxing, renderSvg, toRgba } from '../../support/qr-decode';

const COLORS: readonly Color[] = ['green', 'yellow', 'red'];
const SIZES = [240, 480, 720, 1020];
const now = new Date('2026-02-15T08:00:00Z');
// A 5-character kid, the deployed format ('k' + 4 base36), so the code has its real size.
// Fixed bytes, so every run reads the same codes. With random payloads ZXing's detector misreads a few
// per cent of them whatever the colour (40 random codes: blur 4, rotation 1; jsQR at 150 px 1):
// a decoder trait that a camera's next frame hides, not a colour that fails, and a flaky test.
const bytes = (label: string, n: number) => new Uint8Array(createHash('sha256').update(label).digest().subarray(0, n));
const ring = new CodeKeyRing([{ kid: 'k7q2a', privateKey: Buffer.from(bytes('code-scan key', 32)).toString('base64url'), notBefore: '2026-01-01T00:00:00Z', notAfter: '2027-01-01T00:00:00Z' }]);
const published = ring.published(now).map((k) => ({ kid: k.kid, publicKey: k.x, notBefore: k.notBefore, notAfter: k.notAfter }));

async function codeFor(color: Color) {
  // A sealed reference has 36 bytes (nonce, 8-byte id, tag); sealing itself is tested with the key ring.
  const holderRef = bytes(`holder ref ${color}`, 36);
  const sealer = { seal: async () => holderRef, open: async () => undefined };
  const signed = await signCodeWith({ ring, sealer }, 'unused', color, now);
  return { holderRef, payload: signed.payload, src: qrImageSource(await codeSvg(signed.payload), color) };
}

/** What both decoders read from one image. */
async function readings(png: Buffer) {
  const image = await toRgba(png);
  return { jsqr: decodeWithJsqr(image), zxing: decodeWithZxing(image) };
}

/** WCAG 2 contrast ratio of a #rrggbb colour against white. */
function contrastOnWhite(hex: string): number {
  const channel = (i: number) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

test.each(COLORS)('the %s modules have at least 3:1 contrast on white', (color) => {
  expect(contrastOnWhite(COLOR_INK[color])).toBeGreaterThanOrEqual(3);
  // The old bright yellow, for scale: this is the colour that did not scan.
  expect(contrastOnWhite('#d9a400')).toBeLessThan(3);
});

describe.each(COLORS)('the %s code', (color) => {
  let code: Awaited<ReturnType<typeof codeFor>>;
  beforeAll(async () => {
    code = await codeFor(color);
  });

  test('the backend verifies the payload it reads', () => {
    const checked = verifyPayload(code.payload, published, now);
    expect(checked).toMatchObject({ ok: true, payload: { color } });
    if (checked.ok) expect(Buffer.from(checked.payload.holderRef)).toEqual(Buffer.from(code.holderRef));
  });

  test.each(SIZES)('both decoders read it at %i px', async (size) => {
    expect(await readings(renderSvg(code.src, size))).toEqual({ jsqr: code.payload, zxing: code.payload });
  });

  test.each(Object.keys(DEGRADATIONS))('both decoders read it after %s', async (name) => {
    const damaged = await DEGRADATIONS[name]!(renderSvg(code.src, 480));
    expect(await readings(damaged)).toEqual({ jsqr: code.payload, zxing: code.payload });
  });
});
