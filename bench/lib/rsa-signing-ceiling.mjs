/**
 * The raw RSA-2048 signing rate of all cores (RSASSA-PKCS1-v1_5 with SHA-256, node:crypto): the ceiling every
 * signed-token scenario is compared with. One worker_thread per core signs a 32-byte-ish message in a loop for
 * `seconds`; the rates add up. Measured in the same run as the scenarios, so a busy or throttled machine moves
 * the ceiling and the scenarios together and the ratios stay comparable.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const SIGNER = `
const { generateKeyPairSync, sign } = require('node:crypto');
const { parentPort, workerData } = require('node:worker_threads');
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const data = Buffer.from('<ds:SignedInfo>a digest of an assertion</ds:SignedInfo>');
for (let i = 0; i < 20; i++) sign('sha256', data, privateKey); // warm-up
const start = process.hrtime.bigint();
const end = start + BigInt(Math.round(workerData.seconds * 1e9));
let count = 0;
let now = start;
while (now < end) {
  sign('sha256', data, privateKey);
  count++;
  if ((count & 7) === 0) now = process.hrtime.bigint();
}
now = process.hrtime.bigint();
parentPort.postMessage({ count, seconds: Number(now - start) / 1e9 });
`;

/** @returns {Promise<{ cores: number, perSecond: number, perCore: number[] }>} */
export async function rsaSigningCeiling({ seconds = 3, cores = availableParallelism() } = {}) {
  const results = await Promise.all(
    Array.from({ length: cores }, () => new Promise((ok, fail) => {
      const worker = new Worker(SIGNER, { eval: true, workerData: { seconds } });
      worker.once('message', ok);
      worker.once('error', fail);
    })),
  );
  const perCore = results.map((r) => r.count / r.seconds);
  return { cores, perSecond: perCore.reduce((a, b) => a + b, 0), perCore };
}
