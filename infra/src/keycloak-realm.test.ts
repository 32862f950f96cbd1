import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_FACILITIES, DEMO_STAFF } from './demo-data';
import { keycloakRealm } from './keycloak-realm';

describe('the Keycloak realm of docker-compose', () => {
  const committed = JSON.parse(readFileSync(join(__dirname, '..', 'compose', 'keycloak', 'continuum-realm.json'), 'utf8'));

  it('is the one made from the demo reference data (npm run -s keycloak-realm)', () => {
    expect(committed).toEqual(keycloakRealm());
  });

  it('has every staff member as a user and every facility as a client-credentials client for intake only', () => {
    expect(committed.users.map((u: { username: string }) => u.username).sort()).toEqual(DEMO_STAFF.map((s) => s._id).sort());
    for (const f of DEMO_FACILITIES) {
      const client = committed.clients.find((c: { clientId: string }) => c.clientId === f._id);
      expect(client).toMatchObject({ serviceAccountsEnabled: true, standardFlowEnabled: false, clientAuthenticatorType: 'client-jwt' });
      expect(client.protocolMappers.map((m: { config: Record<string, string> }) => m.config['included.custom.audience'])).toEqual(['urn:continuum:intake']);
    }
    expect(committed.clients.find((c: { clientId: string }) => c.clientId === 'continuum-web')).toMatchObject({
      publicClient: true,
      directAccessGrantsEnabled: false,
    });
  });
});
