/**
 * Writes the inspector's verdict sounds (mini-program/inspector/sounds/*.wav): small 16 kHz mono
 * PCM tones, distinct in pitch and rhythm so pass and stop are told apart by ear.
 * Run: npx tsx scripts/make-verdict-sounds.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RATE = 16_000;

/** Tone segments [frequency Hz (0 = silence), milliseconds]. */
type Segment = [number, number];

function wav(segments: Segment[]): Buffer {
  const samples: number[] = [];
  for (const [hz, ms] of segments) {
    const n = Math.round((RATE * ms) / 1000);
    for (let i = 0; i < n; i++) {
      // A short fade in and out keeps each tone from clicking.
      const edge = Math.min(1, i / 160, (n - i) / 160);
      samples.push(hz === 0 ? 0 : Math.round(Math.sin((2 * Math.PI * hz * i) / RATE) * 0.6 * edge * 32767));
    }
  }
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(s, i * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

export const VERDICT_TONES: Record<'pass' | 'stop' | 'invalid', Segment[]> = {
  pass: [[1318, 120], [1760, 220]], // a rising high chime
  stop: [[220, 350], [0, 120], [220, 350]], // two long low buzzes
  invalid: [[660, 90], [0, 70], [660, 90], [0, 70], [660, 90]], // three short beeps
};

const dir = join(process.cwd(), 'mini-program', 'inspector', 'sounds');
for (const [name, tones] of Object.entries(VERDICT_TONES)) writeFileSync(join(dir, `${name}.wav`), wav(tones));
