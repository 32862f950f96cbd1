import { Router } from 'express';
import { z } from 'zod';
import { AuditAction, CaseId, Code, DistrictId, DomainError, Instant, type RecordAudit, type StaffClaims } from '@continuum/domain';
import { openReason, type ReasonKeys } from '@continuum/audit';
import { parseOr400, staffOf, toCsv } from '@continuum/http';
import type { Store } from '@continuum/store';
import { requireRole } from './access';

const ActionFilter = z
  .string()
  .transform((raw, ctx) => {
    const actions = [...new Set(raw.split(','))];
    const unknown = actions.filter((a) => !AuditAction.safeParse(a).success);
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `not an audit action: ${unknown.map((a) => JSON.stringify(a)).join(', ')}` });
      return z.NEVER;
    }
    return actions as AuditAction[];
  })
  .describe('one or more actions, comma-separated');

export const AuditQuery = z
  .strictObject({
    caseId: CaseId.optional(),
    actor: Code.optional().describe('a member of staff, a facility, or `continuum`'),
    action: ActionFilter.optional(),
    district: DistrictId.optional().describe('one of your districts; default all of them'),
    from: Instant.optional().describe('entries at or after'),
    to: Instant.optional().describe('entries before'),
    before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().describe('entries older than this one (the `next` of the page before)'),
    format: z.enum(['json', 'csv']).default('json').describe('csv: every matching entry (up to 50,000), as a file'),
    limit: z.coerce.number().int().min(1).max(500).default(100).describe('entries per page (json)'),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'must be after from' });

export const AuditPage = z.object({
  entries: z.array(
    z.object({
      seq: z.number().int().describe('the entry’s place in the trail'),
      at: z.string(),
      actor: z.string(),
      action: AuditAction,
      caseId: z.string().nullable(),
      district: z.string().nullable(),
      reason: z.string().nullable(),
      details: z.record(z.string(), z.unknown()).describe('ids, codes, dates and counts'),
      hash: z.string().describe('the entry’s link in the hash chain'),
    }),
  ),
  next: z.number().int().nullable().describe('pass as `before` for the next page; null on the last'),
});

/** A CSV export stops here: a longer period is asked for in parts. */
const CSV_MAX = 50_000;

/**
 * The audit trail, for who oversees it: an auditor reads the entries of her districts and those that concern
 * the whole installation (payloads decoded, reference data); a supervisor those of her districts. Newest
 * first, filtered by case, actor, action, district and time; as JSON pages or one CSV file. Reasons are shown
 * opened. Reading the trail is itself an entry of it.
 */
export function auditRoutes(store: Store, audit: RecordAudit, keys: ReasonKeys): Router {
  const router = Router();

  router.get('/audit', async (req, res) => {
    const staff = staffOf(req);
    requireRole(staff, ['auditor', 'supervisor'], 'reading the audit trail');
    const q = parseOr400(AuditQuery, req.query, 'query');
    if (q.district && !staff.districts.includes(q.district)) throw new DomainError('FORBIDDEN', 'not one of your districts');
    const where: Record<string, unknown> = { district: q.district ?? { $in: scopeOf(staff) } };
    if (q.caseId) where.caseId = q.caseId;
    if (q.actor) where.actor = q.actor;
    if (q.action) where.action = { $in: q.action };
    if (q.from || q.to) where.at = { ...(q.from && { $gte: new Date(q.from) }), ...(q.to && { $lt: new Date(q.to) }) };
    if (q.before) where._id = { $lt: q.before };

    await audit({
      actor: staff.sub,
      action: 'read-audit',
      district: q.district ?? null,
      caseId: q.caseId ?? null,
      details: {
        format: q.format,
        ...(q.actor && { actor: q.actor }),
        ...(q.from && { from: new Date(q.from).toISOString() }),
        ...(q.to && { to: new Date(q.to).toISOString() }),
      },
    });
    const limit = q.format === 'csv' ? CSV_MAX : q.limit;
    const docs = await store.audit.find(where, { raw: 0, prev: 0 }).sort({ _id: -1 }).limit(limit).lean();
    const entries = await Promise.all(
      docs.map(async (d) => ({
        seq: d._id,
        at: d.at.toISOString(),
        actor: d.actor,
        action: d.action,
        caseId: d.caseId ?? null,
        district: d.district ?? null,
        // Null for a family since erased: the entry stays, its reason does not.
        reason: await openReason(d.reason, d.caseId, keys),
        details: (d.details ?? {}) as Record<string, unknown>,
        hash: d.hash,
      })),
    );
    if (q.format === 'csv') {
      res.type('text/csv').attachment('audit.csv');
      return void res.send(
        toCsv(
          ['seq', 'at', 'actor', 'action', 'caseId', 'district', 'reason', 'details', 'hash'],
          entries.map((e) => [e.seq, e.at, e.actor, e.action, e.caseId, e.district, e.reason, JSON.stringify(e.details), e.hash]),
        ),
      );
    }
    res.json({ entries, next: entries.length === q.limit ? entries[entries.length - 1]!.seq : null });
  });

  return router;
}

/** The districts whose entries she reads; an auditor also those of no district (what concerns the installation). */
function scopeOf(staff: StaffClaims): Array<string | null> {
  return staff.roles.includes('auditor') ? [...staff.districts, null] : staff.districts;
}
