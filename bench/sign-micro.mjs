/**
 * In-process micro-benchmark of the canonical-by-construction signer (issue 12): SAML 2.0 tokens issued per
 * second by the saml20 generator with `CanonicalXmlSigner`, against raw RSA-2048 signatures per second, in the
 * same process on one thread. xml-crypto 6 signing the same assertion (the former signing path) is measured
 * beside them for reference. Then the receiving side: `verifySignedXml` of that token inside a small SOAP
 * envelope (already gated and parsed, as a processor gets it) against raw RSA-2048 verifications, with xml-crypto's
 * `SignedXml.checkSignature` (the former verification path) for reference.
 *
 *   npm run -s build && node bench/sign-micro.mjs [--seconds 2] [--rounds 3]
 *
 * Rates are per second of the process's CPU time, not of wall time. Rounds interleave the three measurements, so that a change of load on a shared machine hits all of them; the
 * ratios to the RSA rate are what to compare, not the absolute numbers.
 */
import { createRequire } from 'node:module';
import { sign, verify } from 'node:crypto';
import { parseArgs } from 'node:util';
import { SignedXml } from 'xml-crypto';
import saml20 from '@sts/saml20-generator';
import { createTestInstance, createTestSigningKeys, ManualClock, sampleIssueRequest, SAMPLE_ISSUE_INSTANT } from '@sts/sdk/testing';
import { CanonicalXmlSigner, NS, parseUntrustedXml, verifySignedXml } from '@sts/sdk/xml';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' }, rounds: { type: 'string', default: '3' } } });
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);

const keys = await createTestSigningKeys('bench-key');
const key = keys.get();
const generator = await createTestInstance(saml20, { signer: new CanonicalXmlSigner(keys), clock: new ManualClock(SAMPLE_ISSUE_INSTANT) }, { config: {} });
const request = sampleIssueRequest();
const sample = (await generator.issue(request)).xml;
const unsigned = sample.replace(/<ds:Signature .*<\/ds:Signature>/s, '');

/**
 * Calls `fn` (which may return a promise) for `seconds` of wall time; returns calls per second of this
 * process's CPU time (user + system, all its threads), which other processes on a loaded machine disturb far
 * less than calls per wall-clock second.
 */
async function rate(fn) {
  for (let i = 0; i < 50; i += 1) await fn(); // warm-up
  let n = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < end) {
    for (let i = 0; i < 20; i += 1) await fn();
    n += 20;
    now = process.hrtime.bigint();
  }
  const used = process.cpuUsage(cpu);
  return n / ((used.user + used.system) / 1e6);
}

const digestInput = Buffer.alloc(600, 'a'); // about the size of a canonical SignedInfo
const cases = {
  'raw RSA-2048 sign (SHA-256, PKCS#1 v1.5)': () => sign('sha256', digestInput, key.privateKey),
  'saml20 generator + CanonicalXmlSigner': () => generator.issue(request),
  'xml-crypto 6 signing the same assertion (reference)': () => {
    const s = new SignedXml({ privateKey: key.privateKey, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#' });
    s.addReference({ xpath: '/*', transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'], digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
    s.computeSignature(unsigned, { prefix: 'ds', location: { reference: '/*/*[1]', action: 'after' } });
    return s.getSignedXml();
  },
};

const { DOMParser } = createRequire(import.meta.url)('@xmldom/xmldom');
const envelope = `<s:Envelope xmlns:s="${NS.soap12}"><s:Header><wsse:Security xmlns:wsse="${NS.wsse}">${sample}</wsse:Security></s:Header><s:Body><x:Req xmlns:x="urn:x">${'<x:a>v</x:a>'.repeat(20)}</x:Req></s:Body></s:Envelope>`;
const signatureElement = parseUntrustedXml(envelope).get('//ds:Signature', { ds: NS.ds });
const rsaSignature = sign('sha256', digestInput, key.privateKey);
Object.assign(cases, {
  'raw RSA-2048 verify': () => verify('sha256', digestInput, key.publicKey, rsaSignature),
  'verifySignedXml of the token in an envelope': () => verifySignedXml(envelope, signatureElement, key.publicKey, ['ID']),
  'xml-crypto 6 checkSignature, same envelope (reference)': () => {
    const v = new SignedXml({ publicCert: key.publicKey, getCertFromKeyInfo: () => null });
    v.idAttributes = ['ID'];
    v.loadSignature(new DOMParser().parseFromString(envelope, 'text/xml').getElementsByTagNameNS(NS.ds, 'Signature')[0]);
    if (v.checkSignature(envelope) !== true) throw new Error('xml-crypto refused the token');
  },
});

const results = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let round = 0; round < rounds; round += 1) {
  for (const [name, fn] of Object.entries(cases)) results[name].push(await rate(fn));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rsaSign = median(results['raw RSA-2048 sign (SHA-256, PKCS#1 v1.5)']);
const rsaVerify = median(results['raw RSA-2048 verify']);
console.log(`one thread, ${rounds} interleaved rounds of ${seconds} s, medians of calls per CPU-second; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const [name, rates] of Object.entries(results)) {
  const m = median(rates);
  const rsa = /verif|checkSignature/.test(name) ? rsaVerify : rsaSign;
  console.log(`${name.padEnd(54)} ${m.toFixed(0).padStart(6)}/CPU-s (${(1e6 / m).toFixed(0)} µs each)  ratio to RSA ${/verif|checkSignature/.test(name) ? 'verify' : 'sign'} ${(m / rsa).toFixed(2)}  (rounds: ${rates.map((r) => r.toFixed(0)).join(', ')})`);
}
