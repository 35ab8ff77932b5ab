/** docs/reliability.md, written from the sections of one run. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT, fmt, type Options, type Section } from './run-context';

export const REPORT = join(ROOT, 'docs', 'reliability.md');

/** Sections in the order of their numbers (they run in another order: bad input while the table is small). */
export function inOrder(sections: Section[]): Section[] {
  const order = (s: Section) => Number(s.title.split('.')[0]);
  return [...sections].sort((a, b) => order(a) - order(b));
}

export function writeReport(sections: Section[], options: Options, elapsedS: number, cmd: string): void {
  const sorted = inOrder(sections);
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const text = [
    '# Reliability and security',
    '',
    `Written by \`${cmd}\` on ${new Date().toISOString()} at commit ${commit}, in ${fmt(elapsedS)} s, on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} (load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' / ')}), node ${process.version}.${options.quick ? ' **Quick mode: a smoke run with short load runs, not the report of record.**' : ''}`,
    'Every figure below comes from that run; nothing is filled by hand. Re-run the command to refresh it.',
    '',
    '| section | result |',
    '|---|---|',
    ...sorted.map((s) => `| ${s.title} | ${s.ok ? 'green' : '**red**'} |`),
    '',
    ...sorted.flatMap((s) => [`## ${s.title}`, '', `Command: \`${s.command}\``, '', ...s.lines, '']),
  ].join('\n');
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  writeFileSync(REPORT, text);
}
