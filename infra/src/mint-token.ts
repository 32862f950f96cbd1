import { join } from 'node:path';
import { API_AUDIENCES } from '@continuum/config';
import { DEMO_FACILITIES, DEMO_STAFF } from './demo-data';
import { devSecrets, readFacilityKeys } from './dev-secrets';
import { facilityAccessToken, staffAccessToken } from './oidc-client';
import { DEV_PORTS } from './ports';

/**
 * `npm run -s token -- <staff id | facility id> [casework|reporting|intake]`: prints an access token from the
 * running identity provider (15 minutes). A staff member signs in with the installation's development
 * password (the authorization code flow, as a browser would); a facility uses client credentials signed with
 * its key. The API defaults to casework for staff and intake for a facility.
 */
const [id, api] = process.argv.slice(2);
const dataDir = process.env.CONTINUUM_DATA_DIR ?? join(__dirname, '..', '..', '.data');
const issuer = process.env.OIDC_ISSUER ?? `http://127.0.0.1:${DEV_PORTS.identity}`;
const usage = () => {
  console.error(
    'Usage: npm run -s token -- <staff id | facility id> [casework|reporting|intake]\n' +
      `Demo staff:\n  ${DEMO_STAFF.map((s) => `${s._id} (${s.roles.join(',')}; ${s.districts.join(',')})`).join('\n  ')}\n` +
      `Demo facilities:\n  ${DEMO_FACILITIES.map((f) => f._id).join('\n  ')}`,
  );
  process.exit(2);
};
if (!id || (api && !(api in API_AUDIENCES))) usage();

async function main(): Promise<string> {
  const facilityKey = readFacilityKeys(join(dataDir, 'identity'))[id!];
  if (facilityKey) {
    return (
      await facilityAccessToken({ issuer, facilityId: id!, privateJwk: facilityKey, audience: API_AUDIENCES[(api ?? 'intake') as keyof typeof API_AUDIENCES] })
    ).accessToken;
  }
  const password = process.env.IDP_DEV_PASSWORD ?? devSecrets(join(dataDir, 'secrets.json')).IDP_DEV_PASSWORD;
  return (await staffAccessToken({ issuer, staffId: id!, password, audience: API_AUDIENCES[(api ?? 'casework') as keyof typeof API_AUDIENCES] })).accessToken;
}

main().then(
  (token) => process.stdout.write(`${token}\n`),
  (err: Error) => {
    console.error(
      `No token: ${err.message}${/fetch failed|ECONNREFUSED/.test(err.message) ? ` (is npm start running? the identity provider is ${issuer})` : ''}`,
    );
    process.exit(1);
  },
);
