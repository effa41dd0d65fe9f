/**
 * What counts as a done request for the load generator (drive-load.mjs `accept`): HTTP 200 with an RSTR and no
 * fault, for a status Validate the `status/valid` code, and for the OAuth token endpoint HTTP 200 with an
 * access_token. The answers are searched as bytes (HttpConnection hands them over as Buffers), so the needles are
 * encoded once.
 */
const [RSTR, FAULT, VALID, ACCESS_TOKEN] = ['RequestSecurityTokenResponse', 'Fault>', '/status/valid<', '"access_token":"'].map((text) => Buffer.from(text));

export const isIssued = (status, body) => status === 200 && body.includes(RSTR) && !body.includes(FAULT);
export const isValid = (status, body) => status === 200 && body.includes(VALID);
export const isExchanged = (status, body) => status === 200 && body.includes(ACCESS_TOKEN);
