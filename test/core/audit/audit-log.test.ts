/**
 * The audit log's write batches (core/src/audit/audit-log.ts): lines are buffered up to AUDIT_BATCH_BYTES and
 * written at least every AUDIT_FLUSH_MS, and a process that dies of an uncaught exception still writes what it
 * buffered (pino's exit flush).
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AUDIT_BATCH_BYTES, AUDIT_FLUSH_MS, createAuditLog, type AuditEvent } from '@sts/core';

const event = (n: number): AuditEvent => ({ requestId: `r-${n}`, endpoint: '/idp/sts.wst', operation: 'issue', outcome: 'issued', clientAddress: '127.0.0.1', durationMs: 1 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the audit log writes in batches', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sts-audit-'));
    file = join(dir, 'audit.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lines = (): string[] => {
    try {
      return readFileSync(file, 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };

  it('holds one line back, then writes it within the flush interval', async () => {
    const audit = createAuditLog({ enabled: true, file });
    audit.record(event(1));
    await sleep(20);
    expect(lines(), 'a line below the batch size is buffered').to.have.length(0);
    await sleep(AUDIT_FLUSH_MS * 2 + 100);
    expect(lines().map((l) => JSON.parse(l).requestId)).to.deep.equal(['r-1']);
    audit.flush();
  });

  it('writes a full batch without waiting for the interval, and flush() writes the rest at once', async () => {
    const audit = createAuditLog({ enabled: true, file });
    const perLine = Buffer.byteLength(JSON.stringify(event(0))) + 40;
    const count = Math.ceil((AUDIT_BATCH_BYTES * 2) / perLine);
    for (let i = 0; i < count; i++) audit.record(event(i));
    await sleep(50);
    const early = lines().length;
    expect(early, 'more than a batch was buffered, so some was written before the interval').to.be.greaterThan(0);
    audit.flush();
    expect(lines().map((l) => JSON.parse(l).requestId)).to.deep.equal(Array.from({ length: count }, (_, i) => `r-${i}`));
  });

  it('a process that dies of an uncaught exception right after a line still writes it', async () => {
    const script = `
      const { createAuditLog } = await import(${JSON.stringify(import.meta.resolve('@sts/core'))});
      const audit = createAuditLog({ enabled: true, file: ${JSON.stringify(file)} });
      // As in a worker, the file has been open for a while: the line is buffered, well inside the flush interval.
      setTimeout(() => {
        audit.record({ requestId: 'last-words', endpoint: '/idp/sts.wst', operation: 'issue', outcome: 'refused', clientAddress: '127.0.0.1', durationMs: 1 });
        setImmediate(() => { throw new Error('boom'); });
      }, 100);
    `;
    const failure = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]).then(
      () => expect.fail('the process did not crash'),
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure.code).to.equal(1);
    expect(failure.stderr).to.include('boom');
    expect(lines().map((l) => JSON.parse(l).requestId)).to.deep.equal(['last-words']);
  });
});
