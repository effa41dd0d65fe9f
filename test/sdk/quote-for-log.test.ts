/** `quoteForLog` and the StsError message cap: request values reach the log bounded (issue 7). */
import { expect } from 'chai';
import { InvalidRequestError, quoteForLog } from '@sts/sdk';

describe('quoteForLog', () => {
  it('quotes a short value whole, in JSON string syntax', () => {
    expect(quoteForLog('urn:example:sp')).to.equal('"urn:example:sp"');
    expect(quoteForLog('a"b\nc')).to.equal('"a\\"b\\nc"');
    expect(quoteForLog(42)).to.equal('"42"');
  });

  it('cuts a long value to the bound, with an ellipsis and the original length', () => {
    const long = 'x'.repeat(70_000);
    expect(quoteForLog(long)).to.equal(`"${'x'.repeat(64)}"… (70000 characters)`);
    expect(quoteForLog(long, 8)).to.equal('"xxxxxxxx"… (70000 characters)');
    expect(quoteForLog('x'.repeat(64))).to.equal(`"${'x'.repeat(64)}"`);
  });

  it('keeps a cut line break or quote escaped, so a log line cannot be forged', () => {
    expect(quoteForLog(`${'a'.repeat(63)}\n{"level":50}`)).to.equal(`"${'a'.repeat(63)}\\n"… (76 characters)`);
  });
});

describe('StsError message cap', () => {
  it('keeps a message of up to 1,024 characters and cuts a longer one, saying how long it was', () => {
    expect(new InvalidRequestError('x'.repeat(1024)).message).to.equal('x'.repeat(1024));
    expect(new InvalidRequestError('y'.repeat(5000)).message).to.equal(`${'y'.repeat(1024)}… (5000 characters)`);
  });
});
