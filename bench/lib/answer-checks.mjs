/**
 * What counts as a done request for the load generator (drive-load.mjs `accept`): HTTP 200 with an RSTR and no
 * fault, or for a status Validate the `status/valid` code. The answers are searched as bytes (HttpConnection
 * hands them over as Buffers), so the needles are encoded once.
 */
const [RSTR, FAULT, VALID] = ['RequestSecurityTokenResponse', 'Fault>', '/status/valid<'].map((text) => Buffer.from(text));

export const isIssued = (status, body) => status === 200 && body.includes(RSTR) && !body.includes(FAULT);
export const isValid = (status, body) => status === 200 && body.includes(VALID);
