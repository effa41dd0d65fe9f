/**
 * The metadata face's own paths, apart from its code so that the banner can print them without loading the
 * XML toolkit. `/pf/sts_mex.ping?PartnerSpId=` is PingFederate's (pingfederate-sts.md section 2.2: the Entra ID
 * `MetadataExchangeUri`); `/idp/sts.wst/mex` mirrors AD FS's `/adfs/services/trust/mex` beside the endpoint.
 */
export const MEX_PING_PATH = '/pf/sts_mex.ping';
export const IDP_MEX_PATH = '/idp/sts.wst/mex';
/** The query parameter that names the SP connection on the MEX paths (and on a SOAP GetMetadata). */
export const PARTNER_PARAMETER = 'PartnerSpId';
