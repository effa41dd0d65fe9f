/**
 * The WS-Trust face's paths (PingFederate's, so clients configured for it work unchanged), apart from the
 * face's code so that the primary process can print them without loading the XML toolkit.
 */
export const IDP_STS_PATH = '/idp/sts.wst';
export const SP_STS_PATH = '/sp/sts.wst';
export const TOKEN_TRANSLATOR_PATH = '/pf/sts.wst';
