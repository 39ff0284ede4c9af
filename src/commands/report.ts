import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../io.ts';
import { DEFAULT_VIEWER_URL, writeReport } from '../experiments/report/write.ts';

export const REPORT_HELP = `Usage: npm run sim -- report <sweep dir> [--viewer-url <url>]

Rebuilds <sweep dir>/report.html from its runs.csv (and the runs' summary.json for timelines and
delay histograms) without rerunning anything.

Options:
  --viewer-url <url>   where "open in viewer" links point   [${DEFAULT_VIEWER_URL}]
  -h, --help           this help`;

export function reportCommand(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { 'viewer-url': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    console.log(REPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('report: expected one sweep folder (see --help)');
  const dir = positionals[0];
  if (!existsSync(join(dir, 'runs.csv'))) throw new UsageError(`report: ${join(dir, 'runs.csv')} not found (expected a folder written by sim sweep)`);
  const { file, plots } = writeReport(dir, { viewerUrl: values['viewer-url'] });
  console.log(`wrote ${file} (${plots} plots)`);
  return 0;
}
