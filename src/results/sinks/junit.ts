// JUnit XML for CI systems: one <testcase> per cell (classname = provider/prompt, name = the
// test's description or vars, plus the repeat), <failure> for assertion failures, <error> for
// errors, <skipped> for cells a stopped run never finished. Test cases are spooled while the run
// goes; the counts are written at the end.

import type { EvalResult, RunSummary, SkippedCell } from '../types.js';
import { cellStatus, errorText, failureText, outputText, providerLabel, varText } from '../export-result.js';
import { SpooledSink } from './spooled-sink.js';

const MESSAGE_MAX = 500;
const NAME_MAX = 200;

export class JunitSink extends SpooledSink {
  private tests = 0;
  private failures = 0;
  private errors = 0;
  private skipped = 0;
  private totalSeconds = 0;

  override async onResult(result: EvalResult): Promise<void> {
    const status = cellStatus(result);
    this.tests++;
    if (status === 'FAIL') this.failures++;
    if (status === 'ERROR') this.errors++;
    const seconds = Number.isFinite(result.latencyMs) ? Math.max(0, result.latencyMs) / 1000 : 0;
    this.totalSeconds += seconds;
    await this.doc.append(testcaseXml(result, status, seconds));
  }

  async onSkipped(cell: SkippedCell): Promise<void> {
    this.tests++;
    this.skipped++;
    const open = `    <testcase classname="${xmlAttr(columnName(cell))}" name="${xmlAttr(testName(cell))}" time="0.000"`;
    await this.doc.append(
      `${open}>\n      <skipped message="${xmlAttr(truncate(cell.reason, MESSAGE_MAX))}"/>\n    </testcase>\n`,
    );
  }

  override async onRunEnd(summary: RunSummary): Promise<void> {
    const name = this.info?.description || `Assay eval ${summary.evalId}`;
    const counts = `tests="${this.tests}" failures="${this.failures}" errors="${this.errors}" skipped="${this.skipped}"`;
    const time = `time="${(summary.stats.durationMs / 1000).toFixed(3)}"`;
    const properties = [
      `      <property name="evalId" value="${xmlAttr(summary.evalId)}"/>`,
      ...(summary.aborted
        ? [
            `      <property name="aborted" value="${xmlAttr(summary.abortReason ?? 'true')}"/>`,
            `      <property name="cellsPlanned" value="${this.info?.totalCells ?? this.tests}"/>`,
          ]
        : []),
    ];
    const head = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="${xmlAttr(name)}" ${counts} ${time}>`,
      `  <testsuite name="${xmlAttr(name)}" ${counts} ${time} timestamp="${xmlAttr(summary.timestamp)}">`,
      '    <properties>',
      ...properties,
      '    </properties>',
      '',
    ].join('\n');
    await this.doc.finish(head, '  </testsuite>\n</testsuites>\n');
  }
}

function testcaseXml(result: EvalResult, status: 'PASS' | 'FAIL' | 'ERROR', seconds: number): string {
  const classname = `${providerLabel(result)}/${result.prompt.label}`;
  const open = `    <testcase classname="${xmlAttr(classname)}" name="${xmlAttr(testName(result))}" time="${seconds.toFixed(3)}"`;
  const output = outputText(result);
  const systemOut = output ? `      <system-out>${xmlText(output)}</system-out>\n` : '';
  if (status === 'PASS') return systemOut ? `${open}>\n${systemOut}    </testcase>\n` : `${open}/>\n`;
  const reason = status === 'ERROR' ? errorText(result) : failureText(result) || 'Assertion failed';
  const tag = status === 'ERROR' ? 'error' : 'failure';
  const type = status === 'ERROR' ? 'error' : 'assertion';
  const detail = `      <${tag} message="${xmlAttr(truncate(reason, MESSAGE_MAX))}" type="${type}">${xmlText(reason)}</${tag}>\n`;
  return `${open}>\n${detail}${systemOut}    </testcase>\n`;
}

function columnName(cell: SkippedCell): string {
  return `${cell.provider.label || cell.provider.id}/${cell.prompt.label}`;
}

/** The test's description, else its vars (`k=v, ...`), plus the repeat when repeating. */
function testName(result: EvalResult | SkippedCell): string {
  const description = result.description ?? ('testCase' in result ? result.testCase.description : undefined);
  let name =
    description ||
    Object.entries(result.vars)
      .map(([k, v]) => `${k}=${varText(v)}`)
      .join(', ') ||
    `test ${result.testIdx + 1}`;
  name = truncate(name.replace(/\s+/g, ' '), NAME_MAX);
  return result.repeatIndex > 0 ? `${name} (repeat ${result.repeatIndex + 1})` : name;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// Characters XML 1.0 cannot hold at all (control characters, lone surrogates) are dropped.
const INVALID_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(text: string): string {
  return text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function xmlAttr(text: string): string {
  return xmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
