import { Router } from 'express';
import { z } from 'zod';
import { DomainError, ReferenceData, type RecordAudit, type StaffClaims } from '@continuum/domain';
import { parseOr400, staffOf } from '@continuum/http';
import { citiesOf, exportReferenceData, importReferenceData, type ReferenceScope, type Store } from '@continuum/store';
import { requireRole } from './access';

export const ReferenceDataQuery = z.strictObject({
  dryRun: z.enum(['true', 'false']).optional().describe('`true`: check the rows and say what would change, writing nothing'),
});

/** A file with something in it: an empty one is most likely a client's mistake. */
const AtLeastOneRow = ReferenceData.refine((f) => Object.values(f).some((rows) => rows.length > 0), {
  message: 'give at least one row (cities, districts, facilities or staff)',
});

/** What an import did (or, on a dry run, would do). */
export const ReferenceDataImported = z.object({
  applied: z.boolean(),
  created: z.array(z.string()).describe('`districts/spb-nevsky`: rows that were not stored'),
  updated: z.array(z.string()),
  unchanged: z.number().int(),
});

/**
 * A city's reference data, kept by its admins through the same import as the operator's reference CLI: the
 * districts, facilities and staff of the admin's cities (those of her own districts), nothing outside them.
 * Every change is audited with who made it; staff changes reach the APIs within the directory cache's time.
 */
export function referenceDataRoutes(store: Store, audit: RecordAudit): Router {
  const router = Router();

  router.get('/reference-data', async (req, res) => {
    const scope = await scopeOf(store, staffOf(req));
    const file = await exportReferenceData(store, scope);
    await audit({ actor: scope.by, action: 'read-reference-data' }); // staff names and absences are personal data too
    res.json(file);
  });

  router.post('/reference-data', async (req, res) => {
    const scope = await scopeOf(store, staffOf(req));
    const { dryRun } = parseOr400(ReferenceDataQuery, req.query, 'query');
    const file = parseOr400(AtLeastOneRow, req.body, 'reference data');
    const result = await importReferenceData(store, file, { by: scope.by, audit, dryRun: dryRun === 'true', scope });
    // Nothing was written: every wrong row, each by where it is in the file.
    if (result.errors.length > 0) {
      throw new DomainError(
        'INVALID',
        'invalid reference data: nothing was changed',
        result.errors.map((e) => ({ path: e.field, message: `${e.row}: ${e.message}` })),
      );
    }
    res.json(ReferenceDataImported.parse(result));
  });

  return router;
}

/** An admin, and the cities she keeps. */
async function scopeOf(store: Store, staff: StaffClaims): Promise<ReferenceScope> {
  requireRole(staff, ['admin'], "keeping a city's reference data");
  const cities = await citiesOf(store, staff.districts);
  if (cities.size === 0) throw new DomainError('FORBIDDEN', 'no city is yours: an admin works in at least one of its districts');
  return { by: staff.sub, cities };
}
