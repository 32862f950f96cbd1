import { Router } from 'express';
import { foldDocument, nameMatches, SearchCasesBody, type RecordAudit } from '@continuum/domain';
import { parseOr400, staffOf } from '@continuum/http';
import { indexQueryOf, openFamily, type CaseVault, type FamilyMember, type Store } from '@continuum/store';
import { requireRole } from './access';
import { consentOf, lensFor } from './code-lens';

/** Cases whose hashes are weighed; the best of them are opened and compared (the hashes only narrow the search). */
const CANDIDATES = 2000;
const OPENED = 100;

/**
 * Finding a person among her districts' families. Names and documents are sealed, so the search goes through
 * the blind index (search-index.ts): the cases sharing the most hashes with what was asked are opened, and
 * each member is compared with it as she is: her name in either script with a typo or two forgiven, her birth
 * date, her document number. Only the caller's districts are searched; every search is audited with the
 * cases it found (never with what was asked: that is a name).
 */
export function searchRoutes(store: Store, audit: RecordAudit, vault: CaseVault): Router {
  const router = Router();

  router.post('/cases/search', async (req, res) => {
    const staff = staffOf(req);
    requireRole(staff, ['caseworker', 'supervisor'], 'searching cases');
    const asked = parseOr400(SearchCasesBody, req.body, 'search');
    const q = await indexQueryOf(vault, asked);
    const hashes = [...q.name, ...(q.birthDate ? [q.birthDate] : []), ...(q.document ? [q.document] : [])];
    const candidates = await store.cases
      .find(
        { district: { $in: staff.districts }, searchIndex: { $in: hashes } },
        { district: 1, programme: 1, stage: 1, openedAt: 1, family: 1, searchIndex: 1 },
      )
      .limit(CANDIDATES)
      .lean();
    const likeliest = candidates
      .map((c) => {
        const has = new Set(c.searchIndex ?? []);
        const fits = (!q.birthDate || has.has(q.birthDate)) && (!q.document || has.has(q.document)) && (q.name.length === 0 || q.name.some((h) => has.has(h)));
        return { c, fits, shared: hashes.filter((h) => has.has(h)).length };
      })
      .filter((x) => x.fits)
      .sort((a, b) => b.shared - a.shared || (a.c._id < b.c._id ? -1 : 1))
      .slice(0, OPENED);

    const document = asked.documentNumber === undefined ? undefined : foldDocument(asked.documentNumber);
    const isThePerson = (m: FamilyMember) =>
      (!asked.name || (typeof m.fullName === 'string' && nameMatches(asked.name, m.fullName))) &&
      (!asked.birthDate || m.birthDate === asked.birthDate) &&
      (document === undefined || (typeof m.documentNumber === 'string' && foldDocument(m.documentNumber) === document));
    const results = [];
    for (const { c } of likeliest) {
      const family = await openFamily(vault, c._id, c.family);
      const members = [
        ...[family.mother].map((m) => ({ m, role: 'mother' as const })),
        ...family.children.map((m) => ({ m, role: 'child' as const })),
        ...family.household.map((m) => ({ m, role: 'household' as const })),
      ];
      const lens = lensFor(staff, c.district, consentOf(c));
      for (const { m, role } of members.filter((x) => isThePerson(x.m))) {
        results.push({
          caseId: c._id,
          district: c.district,
          programme: lens.programme(c.programme),
          stage: c.stage,
          openedAt: c.openedAt,
          person: { personId: m.personId, role, fullName: m.fullName ?? null, birthDate: m.birthDate ?? null },
        });
      }
      if (results.length >= asked.limit) break;
    }
    const shown = results.slice(0, asked.limit);
    await audit({
      actor: staff.sub,
      action: 'search-cases',
      details: {
        by: [...(asked.name ? ['name'] : []), ...(asked.birthDate ? ['birth-date'] : []), ...(asked.documentNumber ? ['document'] : [])],
        found: [...new Set(shown.map((r) => r.caseId))],
      },
    });
    res.json({ results: shown });
  });

  return router;
}
