import Provider, { errors, type Adapter, type AdapterPayload, type ClientMetadata, type Configuration, type JWK } from 'oidc-provider';
// The library's own in-memory store for sessions, codes and grants (the embedded provider is for one machine).
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import { API_AUDIENCES } from '@continuum/config';
import { activeFacility, activeStaffMember, type Store } from '@continuum/store';

/** The staff apps: public clients that sign staff in with the authorization code flow and PKCE. */
export const STAFF_APPS: ClientMetadata[] = [
  {
    client_id: 'continuum-cli',
    client_name: 'Continuum command line (npm run token)',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: ['http://127.0.0.1/callback'],
  },
];
const STAFF_APP_IDS = new Set(STAFF_APPS.map((c) => c.client_id));
/** What each kind of client may ask a token for: facility systems refer families; staff work cases and read figures. */
export const STAFF_AUDIENCES = new Set<string>([API_AUDIENCES.casework, API_AUDIENCES.reporting, API_AUDIENCES.codec]);
const FACILITY_AUDIENCES = new Set<string>([API_AUDIENCES.intake]);
/** The one scope of the APIs: what a bearer may do is decided by the API from the directory, not by scopes. */
export const API_SCOPE = 'api';

/**
 * The staff apps are the city's own: signing in is the consent. The grant a sign-in makes covers sign-in
 * and the staff APIs, nothing else.
 */
export async function staffAppGrant(provider: Provider, accountId: string, clientId: string): Promise<string> {
  const grant = new provider.Grant({ accountId, clientId });
  grant.addOIDCScope('openid offline_access');
  for (const audience of STAFF_AUDIENCES) grant.addResourceScope(audience, API_SCOPE);
  return grant.save();
}

export interface ProviderKeys {
  /** Private signing keys (JWK, with `kid`): only the provider holds them; the APIs read the public half at /jwks. */
  signing: JWK[];
  /** Keys that sign the provider's session and interaction cookies. */
  cookies: string[];
}

export function createIdentityProvider(opts: { issuer: string; keys: ProviderKeys; store: Store; accessTokenTtl: number }): Provider {
  const { store, accessTokenTtl } = opts;

  /** Sessions, codes and grants in memory; clients are the staff apps and the active facilities of the reference data. */
  class DirectoryAdapter extends MemoryAdapter implements Adapter {
    constructor(private readonly model: string) {
      super(model);
    }
    override async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model !== 'Client') return (await super.find(id)) ?? undefined;
      return facilityClient(store, id);
    }
  }

  const configuration: Configuration = {
    adapter: DirectoryAdapter,
    clients: STAFF_APPS,
    // Read for every sign-in and every token: someone added to the directory signs in without a restart, and a
    // deactivated member can neither sign in nor refresh.
    async findAccount(_ctx, id) {
      const member = await activeStaffMember(store, id);
      if (!member) return undefined;
      return { accountId: member.sub, claims: () => ({ sub: member.sub }) };
    },
    jwks: { keys: opts.keys.signing },
    cookies: { keys: opts.keys.cookies },
    scopes: ['openid', 'offline_access', API_SCOPE],
    claims: { openid: ['sub'] },
    clientAuthMethods: ['none', 'private_key_jwt'],
    // One signing key, EC P-256: ES256 for everything it signs.
    enabledJWA: { clientAuthSigningAlgValues: ['ES256', 'RS256', 'PS256', 'EdDSA'], idTokenSigningAlgValues: ['ES256'], userinfoSigningAlgValues: ['ES256'] },
    clientDefaults: { id_token_signed_response_alg: 'ES256', grant_types: ['authorization_code'], response_types: ['code'] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, client, oneOf) => oneOf ?? (STAFF_APP_IDS.has(client.clientId) ? API_AUDIENCES.casework : API_AUDIENCES.intake),
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, resource, client) {
          const allowed = STAFF_APP_IDS.has(client.clientId) ? STAFF_AUDIENCES : FACILITY_AUDIENCES;
          if (!allowed.has(resource)) throw new errors.InvalidTarget(`${client.clientId} may not ask for ${resource}`);
          return { scope: API_SCOPE, audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: accessTokenTtl, jwt: { sign: { alg: 'ES256' } } };
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: accessTokenTtl,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      RefreshToken: 8 * 3600,
    },
    // Refresh tokens for the staff apps, tied to the sign-in session (8 hours), rotated on each use.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = { error: out.error, error_description: out.error_description };
    },
  };
  return new Provider(opts.issuer, configuration);
}

/** A facility as an OAuth2 client: client credentials signed with its own key (`private_key_jwt`), nothing else. */
async function facilityClient(store: Store, facilityId: string): Promise<AdapterPayload | undefined> {
  const facility = await activeFacility(store, facilityId);
  if (!facility) return undefined;
  const doc = await store.facilities.findById(facilityId, { jwks: 1, name: 1 }).lean();
  const jwks = doc?.jwks as { keys?: unknown[] } | null | undefined;
  if (!jwks?.keys?.length) return undefined; // no key registered: it cannot sign in
  return {
    client_id: facilityId,
    client_name: doc?.name,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'private_key_jwt',
    jwks: jwks as AdapterPayload['jwks'],
  } as AdapterPayload;
}
