/** The floor servers' modes (`floor-server.mjs`), cheapest first: each does what the one before does and more. */
export const FLOOR_MODES = ['http', 'koa', 'koa-sign', 'koa-xml-sign', 'koa-xml-sign-claim', 'koa-xml-sign-claim-record'];
