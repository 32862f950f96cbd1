import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_AUDIENCES } from '@continuum/config';
import { DEMO_FACILITIES, DEMO_STAFF } from './demo-data';

/**
 * The Keycloak realm docker-compose imports (infra/compose/keycloak/continuum-realm.json), made from the same
 * demo reference data as the embedded provider: the staff as users (username = staff id; roles and districts
 * stay in the directory), the facilities as clients with client credentials signed by their own key
 * (`client-jwt`: register each facility's public key in Keycloak), and a public client with PKCE for staff.
 * `npm run -s keycloak-realm` writes it; a unit test checks the committed file matches.
 */
const audience = (aud: string) => ({
  name: `audience ${aud}`,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-audience-mapper',
  config: { 'included.custom.audience': aud, 'access.token.claim': 'true', 'id.token.claim': 'false', 'introspection.token.claim': 'true' },
});

export function keycloakRealm() {
  return {
    realm: 'continuum',
    enabled: true,
    sslRequired: 'external',
    // Access tokens of 5 minutes; refresh belongs to the sign-in session (8 hours at most, 30 minutes idle).
    accessTokenLifespan: 300,
    ssoSessionIdleTimeout: 1800,
    ssoSessionMaxLifespan: 28800,
    bruteForceProtected: true,
    failureFactor: 10,
    registrationAllowed: false,
    clients: [
      {
        clientId: 'continuum-web',
        name: 'Continuum (staff)',
        publicClient: true,
        standardFlowEnabled: true,
        directAccessGrantsEnabled: false,
        implicitFlowEnabled: false,
        redirectUris: ['https://casework.localhost/*', 'http://127.0.0.1/*'],
        webOrigins: ['+'],
        attributes: { 'pkce.code.challenge.method': 'S256' },
        protocolMappers: [audience(API_AUDIENCES.casework), audience(API_AUDIENCES.reporting)],
      },
      {
        clientId: 'continuum-ops-ui',
        name: 'Temporal Web UI (ops)',
        publicClient: true,
        standardFlowEnabled: true,
        directAccessGrantsEnabled: false,
        redirectUris: ['https://ops.localhost/auth/sso/callback'],
        webOrigins: ['https://ops.localhost'],
        attributes: { 'pkce.code.challenge.method': 'S256' },
        protocolMappers: [audience(API_AUDIENCES.codec)],
      },
      ...DEMO_FACILITIES.map((f) => ({
        clientId: f._id,
        name: f.name,
        publicClient: false,
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
        directAccessGrantsEnabled: false,
        clientAuthenticatorType: 'client-jwt',
        attributes: { 'token.endpoint.auth.signing.alg': 'ES256', 'use.jwks.url': 'false' },
        protocolMappers: [audience(API_AUDIENCES.intake)],
      })),
    ],
    // The directory's members; each sets a password (or signs in through the city's own directory) at first sign-in.
    users: DEMO_STAFF.map((s) => ({ username: s._id, enabled: true, requiredActions: ['UPDATE_PASSWORD'] })),
  };
}

if (require.main === module) {
  const file = join(__dirname, '..', 'compose', 'keycloak', 'continuum-realm.json');
  writeFileSync(file, `${JSON.stringify(keycloakRealm(), null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}
