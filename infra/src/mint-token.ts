import { join } from 'node:path';
import { mintStaffToken } from '@continuum/http';
import { StaffClaims } from '@continuum/domain';
import { DEMO_STAFF } from './demo-data';
import { devSecrets } from './dev-secrets';

/** `npm run -s token -- <staff id>`: prints a bearer token for a demo staff member (8 hours). */
const staffId = process.argv[2];
const staff = DEMO_STAFF.find((s) => s._id === staffId);
if (!staff) {
  console.error(`Usage: npm run -s token -- <staff id>\nDemo staff: ${DEMO_STAFF.map((s) => `${s._id} (${s.roles.join(',')}; ${s.districts.join(',')})`).join('\n  ')}`);
  process.exit(2);
}
const secret = process.env.JWT_SECRET ?? devSecrets(join(process.env.CONTINUUM_DATA_DIR ?? join(__dirname, '..', '..', '.data'), 'secrets.json')).JWT_SECRET;
const claims = StaffClaims.parse({ sub: staff._id, roles: staff.roles, districts: staff.districts });
process.stdout.write(`${mintStaffToken(claims, secret, process.env.JWT_ISSUER ?? 'continuum')}\n`);
