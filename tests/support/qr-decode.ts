/**
 * Two independent QR decoders over raw pixels, and the image steps a phone camera adds.
 * jsQR and ZXing share no code, so a code both read is not an artefact of one implementation.
 */
import jsQR from 'jsqr';
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import { Resvg } from '@resvg/resvg-js';
import sharp, { type Sharp } from 'sharp';

export interface Rgba {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** jsQR's reading, or undefined. */
export function decodeWithJsqr(image: Rgba): string | undefined {
  return jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data;
}

/** ZXing's reading (QR only, try harder; then as a pure upright image), or undefined. */
export function decodeWithZxing(image: Rgba): string | undefined {
  const luminance = new Uint8ClampedArray(image.width * image.height);
  for (let i = 0; i < luminance.length; i += 1) {
    const o = i * 4;
    luminance[i] = (image.data[o]! * 299 + image.data[o + 1]! * 587 + image.data[o + 2]! * 114) / 1000;
  }
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.TRY_HARDER, true],
    [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE]],
  ]);
  const attempt = (withHints: Map<DecodeHintType, unknown>) => {
    try {
      const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, image.width, image.height)));
      return new QRCodeReader().decode(bitmap, withHints).getText();
    } catch {
      return undefined;
    }
  };
  // ZXing's camera-frame detector misplaces the grid on some perfectly crisp renders, whatever the colour
  // (black too); its maintainers' answer for an upright image is PURE_BARCODE, so try that second.
  return attempt(hints) ?? attempt(new Map([...hints, [DecodeHintType.PURE_BARCODE, true]]));
}

/** An SVG (or an `data:image/svg+xml` source) rendered to PNG, `width` pixels wide, on white. */
export function renderSvg(svgOrDataUri: string, width: number): Buffer {
  const svg = svgOrDataUri.startsWith('data:') ? decodeURIComponent(svgOrDataUri.slice(svgOrDataUri.indexOf(',') + 1)) : svgOrDataUri;
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: width }, background: '#ffffff' }).render().asPng());
}

/** Any image sharp reads, as RGBA pixels. */
export async function toRgba(image: Buffer | Sharp): Promise<Rgba> {
  const pipeline = Buffer.isBuffer(image) ? sharp(image) : image;
  const { data, info } = await pipeline.flatten({ background: '#ffffff' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** A soft white highlight over the upper right of the image, like a lamp reflected in the screen. */
function glareOverlay(size: number): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
    <defs><radialGradient id="g" cx="0.7" cy="0.3" r="0.45">
      <stop offset="0" stop-color="#fff" stop-opacity="0.6"/><stop offset="1" stop-color="#fff" stop-opacity="0"/>
    </radialGradient></defs><rect width="${size}" height="${size}" fill="url(#g)"/></svg>`;
  return Buffer.from(svg);
}

/** The camera-like versions of one rendered code (PNG, about 480 px), each made with sharp. */
export const DEGRADATIONS: Readonly<Record<string, (png: Buffer) => Promise<Buffer>>> = {
  'downscale to 150 px': (png) => sharp(png).resize(150, 150, { kernel: 'lanczos3' }).png().toBuffer(),
  'blur σ1.5': (png) => sharp(png).blur(1.5).png().toBuffer(),
  'rotated 10°': (png) => sharp(png).rotate(10, { background: '#ffffff' }).png().toBuffer(),
  'JPEG quality 40': (png) => sharp(png).jpeg({ quality: 40 }).toBuffer(),
  glare: async (png) => {
    const { width } = await sharp(png).metadata();
    return sharp(png).composite([{ input: glareOverlay(width!), blend: 'over' }]).png().toBuffer();
  },
};
