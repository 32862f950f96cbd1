import fc from 'fast-check';
import { AuditAction, CaseId, CaseStage, ClosureOutcome, Discipline, HivStatus, HouseholdRelation, StaffRole, TaskStatus, TaskType } from '@continuum/domain';
import { personIdFor } from '@continuum/store';
import { BAD_INSTANTS, setOwn } from './bad-values';
import type { Fields } from './body-mutations';
import { CHANNEL_OWNER, type CaseworkFixture } from './casework-fixture';
import type { QueryFields } from './query-mutations';
import type { RouteRow } from './route-properties';

/*
 * The casework API's routes, each with what it takes and who on the fixture gets as far as checking it.
 * casework.test.ts checks these are exactly the routes the service registers and documents.
 */

type Row = RouteRow<CaseworkFixture>;
const text = (max: number, min = 3) => ({ kind: 'text', max, min }) as const;
const required = <F extends object>(f: F) => ({ ...f, required: true });
const REASON = required(text(4000));
const SUP = 'sup-spb-north';
const page = { limit: { kind: 'int', min: 1, max: 200 }, offset: { kind: 'int', min: 0, max: 100_000 } } as const;

/** Staff of other districts, and partner professionals: none of them may touch the fixture (unless seated at its conference). */
const OTHERS = ['sw-almaty-1', 'sup-almaty', 'psy-almaty-1', 'sw-vyborgsky-1', 'doc-almaty-1', 'idd-nevsky-1'];
const byOthers = { staff: (fx: CaseworkFixture) => OTHERS.filter((s) => !fx.participants.includes(s)) };
const nothingOfOthers = (why: string) => ({ none: why });

const task = { taskId: (fx: CaseworkFixture) => fx.taskId };
const kase = { caseId: (fx: CaseworkFixture) => fx.caseId };
/** Kazakhstan's case and task, for spb-nevsky's staff. */
const foreignTask = (fx: CaseworkFixture) => ({ taskId: fx.foreign.taskId });
const foreignCase = (fx: CaseworkFixture) => ({ caseId: fx.foreign.caseId });
const conference = { conferenceId: (fx: CaseworkFixture) => fx.conferenceId };

const FIRST_CONTACT_FORM = { contactedAt: '2026-11-21T09:00:00Z', channel: 'phone', outcome: 'reached', notes: 'all well' };
/** A copy with one more own field (`__proto__` too, which an object literal would make the prototype). */
const withOwn = (value: object, key: string, field: unknown) => {
  const copy = { ...value };
  setOwn(copy, key, field);
  return copy;
};

/** A task's form is parsed on its own: its issues name `contactedAt`, not `form.contactedAt`. */
const formIssuePaths = (path: string) => [path, path === 'form' ? '(root)' : path.replace(/^form\./, '')];

const FIRST_CONTACT: Fields = {
  form: {
    kind: 'object',
    required: true,
    fields: {
      contactedAt: { kind: 'instant', required: true },
      channel: { kind: 'enum', options: ['home-visit', 'phone', 'office', 'maternity-ward'], required: true },
      outcome: { kind: 'enum', options: ['reached', 'not-reached', 'refused'], required: true },
      notes: text(4000, 0),
    },
  },
};

const ADMIN = 'admin-spb';
/** A new social worker of one of the admin's districts: valid, and never written (every request with it is refused). */
const NEW_STAFF = { id: 'sw-kolpinsky-9', displayName: 'New social worker', roles: ['caseworker'], districts: ['spb-kolpinsky'], discipline: 'social-worker' };
const REFERENCE_DATA: Fields = {
  staff: {
    kind: 'array',
    max: 2000,
    of: {
      kind: 'object',
      fields: {
        id: { kind: 'code', required: true },
        displayName: required(text(120, 2)),
        roles: { kind: 'array', min: 1, max: StaffRole.options.length, of: { kind: 'enum', options: StaffRole.options }, required: true },
        districts: { kind: 'array', max: 200, of: { kind: 'code' }, required: true },
        discipline: { kind: 'enum', options: [...Discipline.options, 'coordinator', 'ops', 'admin', 'auditor'], required: true },
        active: { kind: 'bool' },
        caseloadCap: { kind: 'int', min: 1, max: 500 },
        absences: {
          kind: 'array',
          max: 50,
          of: { kind: 'object', fields: { from: { kind: 'date', required: true }, to: { kind: 'date', required: true }, reason: text(200, 0) } },
        },
        delegate: { kind: 'code' },
      },
    },
  },
};

const FAMILY_EVENT: Fields = {
  event: {
    kind: 'object',
    required: true,
    fields: {
      type: {
        kind: 'enum',
        options: ['intent-to-abandon', 'hospital-stay', 'child-hiv-test-result', 'moved', 'death', 'consent-withdrawn', 'child-placed-in-care'],
        required: true,
      },
      occurredOn: { kind: 'date', required: true },
      who: { kind: 'enum', options: ['mother', 'child'], required: true },
      childIndex: { kind: 'int', min: 0, max: 14 },
    },
  },
};

const DECISIONS: Fields = {
  minutes: REASON,
  actionItems: {
    kind: 'array',
    max: 20,
    of: { kind: 'object', fields: { action: required(text(400)), ownerId: { kind: 'code', required: true }, dueAt: { kind: 'instant', required: true } } },
  },
  riskLevel: { kind: 'enum', options: ['low', 'medium', 'high'] },
  planChanges: text(4000),
  closureRecommendation: { kind: 'enum', options: ClosureOutcome.exclude(['referral-rejected']).options },
  proceedWithoutQuorum: text(4000),
};

/** A `type` filter with at least one piece that is no task type (`contact,`, `Contact`, `infant test` …). */
const badTypeList = () =>
  fc
    .oneof(
      fc.string({ maxLength: 30 }),
      fc.array(fc.constantFrom(...TaskType.options, '', 'Contact', ' contact', 'infant test'), { minLength: 1, maxLength: 4 }).map((types) => types.join(',')),
    )
    .filter((raw) => raw.split(',').some((type) => !(TaskType.options as readonly string[]).includes(type)));
const TASK_FILTERS: QueryFields = {
  status: { kind: 'enum', options: [...TaskStatus.options, 'any'] },
  type: { kind: 'pattern', bad: badTypeList },
  sort: { kind: 'enum', options: ['due', 'priority'] },
  ...page,
};
const TASK_QUERY: QueryFields = {
  filter: { kind: 'enum', options: ['all', 'mine', 'unassigned', 'overdue', 'due-soon'] },
  district: { kind: 'own-district', mine: ['spb-nevsky', 'spb-vyborgsky'] },
  caseId: { kind: 'pattern', bad: () => fc.string({ maxLength: 40 }).filter((s) => !CaseId.safeParse(s).success) },
  stage: { kind: 'enum', options: CaseStage.options },
  ...TASK_FILTERS,
};

export const CASEWORK_ROUTES: Record<string, Row> = {
  // A list asked for a district not hers is 403; a specialist of the district gets her own tasks only (least-privilege.test.ts).
  'get /tasks': {
    caller: () => SUP,
    query: TASK_QUERY,
    outsiders: { staff: (fx) => byOthers.staff(fx).filter((s) => s !== 'idd-nevsky-1'), query: '?district=spb-nevsky' },
  },
  'get /tasks/:taskId': { caller: () => SUP, params: task, foreign: foreignTask, outsiders: byOthers },
  'post /tasks/:taskId/claim': { caller: (fx) => fx.manager, params: task, foreign: foreignTask, outsiders: byOthers },
  'post /tasks/:taskId/assign': {
    caller: () => SUP,
    params: task,
    foreign: foreignTask,
    body: { valid: () => ({ assigneeId: 'sw-nevsky-1' }), fields: { assigneeId: { kind: 'code', required: true } } },
    outsiders: byOthers,
    semantic: () => [
      { body: { assigneeId: 'sw-almaty-1' }, status: [400], paths: ['assigneeId'], what: 'a caseworker of another district' },
      { body: { assigneeId: 'nobody-at-all' }, status: [400], paths: ['assigneeId'], what: 'nobody' },
      { body: { assigneeId: SUP }, status: [400], paths: ['assigneeId'], what: 'a supervisor for a caseworker task' },
    ],
  },
  'post /tasks/:taskId/extend': {
    caller: () => SUP,
    params: task,
    foreign: foreignTask,
    body: {
      valid: () => ({ dueAt: '2099-06-01T00:00:00Z', reason: 'the family is away' }),
      fields: { dueAt: { kind: 'instant', required: true }, reason: REASON },
    },
    outsiders: byOthers,
    semantic: () => [
      {
        body: { dueAt: '1990-01-01T00:00:00Z', reason: 'earlier than it is' },
        status: [400],
        paths: ['dueAt'],
        what: 'a deadline earlier than the current one',
      },
    ],
  },
  'post /tasks/:taskId/complete': {
    caller: (fx) => fx.manager,
    params: task,
    foreign: foreignTask,
    body: { valid: () => ({ form: FIRST_CONTACT_FORM }), fields: FIRST_CONTACT, issuePaths: formIssuePaths },
    outsiders: byOthers,
    semantic: () => [
      { body: { form: { decision: 'accept' } }, status: [400], what: 'the form of another task type' },
      {
        body: { form: withOwn(FIRST_CONTACT_FORM, '__proto__', { outcome: 'refused' }) },
        status: [400],
        paths: ['(root)'],
        what: 'a "__proto__" field in the form',
      },
    ],
  },
  'get /cases': {
    caller: () => SUP,
    query: { stage: { kind: 'enum', options: CaseStage.options }, ...page },
    outsiders: nothingOfOthers('lists the caller’s own districts; no district to name'),
  },
  'get /cases/:caseId': { caller: () => SUP, params: kase, foreign: foreignCase, outsiders: byOthers },
  'get /cases/:caseId/tasks': { caller: () => SUP, params: kase, query: TASK_FILTERS, foreign: foreignCase, outsiders: byOthers },
  'post /cases/:caseId/events': {
    caller: (fx) => fx.manager,
    params: kase,
    foreign: foreignCase,
    body: { valid: () => ({ event: { type: 'hospital-stay', occurredOn: '2026-11-21', who: 'child', childIndex: 0 } }), fields: FAMILY_EVENT },
    outsiders: byOthers,
    semantic: () => [
      {
        body: { event: { type: 'moved', occurredOn: '2026-11-21', toDistrict: 'atlantis' } },
        status: [400],
        paths: ['event.toDistrict'],
        what: 'a move to an unknown district',
      },
      {
        body: { event: { type: 'child-placed-in-care', occurredOn: '2026-11-21', childIndex: 9 } },
        status: [400],
        paths: ['event.childIndex'],
        what: 'a child the family does not have',
      },
      {
        body: { event: { type: 'child-hiv-test-result', occurredOn: '2026-11-21', childIndex: 0, result: 'negative' } },
        status: [400],
        paths: ['event.test', 'event.milestone'],
        what: 'a test result without its test and milestone',
      },
    ],
  },
  // The fixture's mother: her data corrected, a member added, the versions read. Its family stays at version 0.
  'patch /cases/:caseId/family/:personId': {
    caller: () => SUP,
    params: { ...kase, personId: (fx) => personIdFor(fx.caseId, 'mother') },
    foreign: (fx) => ({ caseId: fx.foreign.caseId, personId: personIdFor(fx.foreign.caseId, 'mother') }),
    body: {
      valid: () => ({ changes: { phone: '+7 900 000 00 01', address: 'Nevsky prospekt 1' }, reason: 'a typo in the referral', version: 0 }),
      fields: {
        changes: {
          kind: 'object',
          required: true,
          fields: {
            fullName: text(200, 1),
            birthDate: { kind: 'date' },
            phone: { ...text(40, 1), nullable: true },
            address: { ...text(400, 1), nullable: true },
            hivStatus: { kind: 'enum', options: HivStatus.options, nullable: true },
          },
        },
        reason: REASON,
        version: { kind: 'int', min: 0, max: 1_000_000, required: true },
      },
    },
    outsiders: byOthers,
    semantic: () => [
      { body: { changes: {}, reason: 'nothing', version: 0 }, status: [400], paths: ['changes'], what: 'no field to change' },
      {
        body: { changes: { relation: 'partner' }, reason: 'wrong role', version: 0 },
        status: [400],
        paths: ['changes'],
        what: "a household member's field on the mother",
      },
      { body: { changes: { phone: '+7 900 000 00 02' }, reason: 'stale', version: 3 }, status: [409], what: 'a version the record is not at' },
    ],
  },
  'post /cases/:caseId/family': {
    caller: () => SUP,
    params: kase,
    foreign: foreignCase,
    body: {
      valid: () => ({ member: { role: 'household', relation: 'grandparent', fullName: 'Grandmother' }, reason: 'lives with the family', version: 0 }),
      fields: {
        member: {
          kind: 'object',
          required: true,
          fields: {
            role: { kind: 'enum', options: ['child', 'household'], required: true },
            relation: { kind: 'enum', options: HouseholdRelation.options, required: true },
            fullName: text(200, 1),
            birthDate: { kind: 'date' },
          },
        },
        reason: REASON,
        version: { kind: 'int', min: 0, max: 1_000_000, required: true },
      },
    },
    outsiders: byOthers,
    semantic: () => [
      { body: { member: { role: 'household', relation: 'partner' }, reason: 'stale', version: 5 }, status: [409], what: 'a version the record is not at' },
      {
        body: { member: { role: 'child', relation: 'partner' }, reason: 'a child', version: 0 },
        status: [400],
        paths: ['member'],
        what: "a household member's field on a child",
      },
    ],
  },
  // The fixture's consent as it is on file: were it taken, nothing would change.
  'put /cases/:caseId/consent': {
    caller: () => SUP,
    params: kase,
    foreign: foreignCase,
    body: {
      valid: () => ({ granted: true, scope: ['social-service'], signedOn: '2026-11-19', signedBy: 'mother', reason: 'signed again', version: 0 }),
      fields: {
        granted: { kind: 'bool', required: true },
        scope: {
          kind: 'array',
          min: 1,
          max: 4,
          of: { kind: 'enum', options: ['social-service', 'psychologist', 'ngo-partner', 'case-conference'] },
          required: true,
        },
        signedOn: { kind: 'date', required: true },
        signedBy: { kind: 'enum', options: ['mother', 'legal-guardian'], required: true },
        reason: REASON,
        version: { kind: 'int', min: 0, max: 1_000_000, required: true },
      },
    },
    outsiders: byOthers,
    semantic: () => [
      {
        body: { granted: false, scope: ['social-service'], signedOn: '2026-11-19', signedBy: 'mother', reason: 'stale', version: 9 },
        status: [409],
        what: 'a version the record is not at',
      },
    ],
  },
  'get /cases/:caseId/family': { caller: () => SUP, params: kase, foreign: foreignCase, outsiders: byOthers },
  'post /cases/:caseId/reassign': {
    caller: () => SUP,
    params: kase,
    foreign: foreignCase,
    body: { valid: () => ({ assigneeId: 'sw-nevsky-1', reason: 'workload' }), fields: { assigneeId: { kind: 'code', required: true }, reason: REASON } },
    outsiders: byOthers,
    semantic: () => [
      { body: { assigneeId: 'sw-almaty-1', reason: 'workload' }, status: [400], paths: ['assigneeId'], what: 'a caseworker of another district' },
      { body: { assigneeId: 'nobody-at-all', reason: 'workload' }, status: [400], paths: ['assigneeId'], what: 'nobody' },
    ],
  },
  'post /cases/:caseId/transfer': {
    caller: () => SUP,
    params: kase,
    foreign: foreignCase,
    body: {
      valid: () => ({ toDistrict: 'spb-vyborgsky', reason: 'the family moved' }),
      fields: { toDistrict: { kind: 'code', required: true }, reason: REASON },
    },
    outsiders: byOthers,
    semantic: () => [
      { body: { toDistrict: 'atlantis', reason: 'the family moved' }, status: [400], paths: ['toDistrict'], what: 'an unknown district' },
      { body: { toDistrict: 'spb-nevsky', reason: 'the family moved' }, status: [400], what: 'the case’s own district' },
    ],
  },
  'post /cases/:caseId/closure': {
    caller: (fx) => fx.manager,
    params: kase,
    foreign: foreignCase,
    body: {
      valid: () => ({ outcome: 'moved-away', reason: 'the family moved' }),
      fields: { outcome: { kind: 'enum', options: ClosureOutcome.exclude(['referral-rejected']).options, required: true }, reason: REASON },
    },
    outsiders: byOthers,
    semantic: () => [{ body: { outcome: 'referral-rejected', reason: 'not ours' }, status: [400], paths: ['outcome'], what: 'an outcome one cannot ask for' }],
  },
  'post /cases/:caseId/reopen': {
    caller: () => SUP,
    params: kase,
    foreign: foreignCase,
    body: { valid: () => ({ reason: 'the family is back' }), fields: { reason: REASON } },
    outsiders: byOthers,
    semantic: () => [{ body: { reason: 'the family is back' }, status: [409], what: 'reopening an open case' }],
  },
  'post /cases/:caseId/break-glass': {
    caller: () => SUP,
    params: kase,
    foreign: foreignCase,
    body: { valid: () => ({ reason: 'the child is in intensive care tonight' }), fields: { reason: required(text(4000, 10)) } },
    outsiders: byOthers,
  },
  'post /cases/:caseId/policy': {
    caller: () => SUP,
    params: kase,
    foreign: foreignCase,
    body: { valid: () => ({ toVersion: 'spb-2026.2', reason: 'city decision' }), fields: { toVersion: { kind: 'code', required: true }, reason: REASON } },
    outsiders: byOthers,
    semantic: () => [
      { body: { toVersion: 'nope-1', reason: 'city decision' }, status: [404], what: 'an unknown version' },
      { body: { toVersion: 'kz-2026.3', reason: 'city decision' }, status: [400], what: 'another programme’s version' },
      { body: { toVersion: 'spb-2026.3-drill', reason: 'city decision' }, status: [400], what: 'a drill version' },
      { body: { toVersion: 'spb-2026.4', reason: 'city decision' }, status: [409], what: 'the version it follows' },
    ],
  },
  'post /cases/:caseId/conferences': {
    caller: () => SUP,
    params: kase,
    foreign: foreignCase,
    body: { valid: () => ({ reason: 'the team should meet', urgent: false }), fields: { reason: REASON, urgent: { kind: 'bool' } } },
    outsiders: byOthers,
    semantic: () => [{ body: { reason: 'the team should meet again' }, status: [409], what: 'a second conference while one is open' }],
  },
  'get /conferences': {
    caller: () => SUP,
    query: { when: { kind: 'enum', options: ['upcoming', 'past'] }, ...page },
    outsiders: nothingOfOthers('lists the caller’s districts’ conferences and her own; no district to name'),
  },
  'get /conferences/:conferenceId': { caller: () => SUP, params: conference, outsiders: byOthers },
  'post /conferences/:conferenceId/input': {
    caller: () => SUP,
    params: conference,
    body: { valid: () => ({ input: 'The mother is doing well', recommendsClosure: false }), fields: { input: REASON, recommendsClosure: { kind: 'bool' } } },
    outsiders: byOthers,
  },
  'post /conferences/:conferenceId/decline': {
    caller: () => SUP,
    params: conference,
    body: { valid: () => ({ reason: 'on leave this week' }), fields: { reason: REASON } },
    outsiders: byOthers,
  },
  'post /conferences/:conferenceId/decisions': {
    caller: () => SUP,
    params: conference,
    body: {
      valid: () => ({
        minutes: 'The team met.',
        actionItems: [{ action: 'visit the family', ownerId: 'sw-nevsky-1', dueAt: '2026-12-20T10:00:00Z' }],
        riskLevel: 'medium',
        planChanges: 'weekly calls',
        closureRecommendation: 'moved-away',
        proceedWithoutQuorum: 'the doctors could not come',
      }),
      fields: DECISIONS,
    },
    outsiders: byOthers,
    semantic: () => [
      {
        body: {
          minutes: 'The team met.',
          actionItems: [{ action: 'visit', ownerId: 'sw-almaty-1', dueAt: '2026-12-20T10:00:00Z' }],
          proceedWithoutQuorum: 'no quorum',
        },
        status: [400],
        paths: ['actionItems.0.ownerId'],
        what: 'an owner of another district',
      },
      {
        body: { minutes: 'The team met.', riskLevel: 'urgent', proceedWithoutQuorum: 'no quorum' },
        status: [400],
        paths: ['riskLevel'],
        what: 'a risk level the team may not set',
      },
    ],
  },
  'get /me/notification-channel': { caller: () => CHANNEL_OWNER, outsiders: nothingOfOthers('the caller’s own channel; it takes no input but the token') },
  'put /me/notification-channel': {
    caller: () => CHANNEL_OWNER,
    body: {
      valid: () => ({ channel: 'email', email: 'someone@example.org' }),
      fields: { channel: { kind: 'enum', options: ['email', 'none'], required: true }, email: { kind: 'email' } },
    },
    outsiders: nothingOfOthers('the caller’s own channel'),
    semantic: () => [{ body: { channel: 'email' }, status: [400], paths: ['email'], what: 'the email channel without an address' }],
  },
  'post /cases/search': {
    caller: () => SUP,
    body: {
      valid: () => ({ name: 'Ivanova', birthDate: '1996-04-02', documentNumber: '4012 345678', limit: 5 }),
      fields: { name: text(200, 2), birthDate: { kind: 'date' }, documentNumber: text(40), limit: { kind: 'int', min: 1, max: 50 } },
    },
    outsiders: nothingOfOthers('searches the caller’s own districts only (search.test.ts)'),
    semantic: () => [
      { body: {}, status: [400], paths: ['name'], what: 'nothing to search by' },
      { body: { limit: 5 }, status: [400], paths: ['name'], what: 'a limit alone' },
      { staff: 'coord-city', body: { name: 'Ivanova' }, status: [403], what: 'a coordinator (she reads indicators, not families)' },
    ],
  },
  'get /reference-data': { caller: () => ADMIN, outsiders: byOthers },
  // Another district's trail is asked for with district=: 403 (least-privilege is in audit.test.ts).
  'get /audit': {
    caller: () => SUP,
    query: {
      caseId: { kind: 'pattern', bad: () => fc.string({ maxLength: 40 }).filter((s) => !CaseId.safeParse(s).success) },
      actor: { kind: 'code' },
      action: {
        kind: 'pattern',
        bad: () =>
          fc
            .oneof(
              fc.string({ maxLength: 30 }),
              fc.array(fc.constantFrom(...AuditAction.options, '', 'Read-case', 'read case'), { minLength: 1, maxLength: 3 }).map((a) => a.join(',')),
            )
            .filter((raw) => raw.split(',').some((a) => !(AuditAction.options as readonly string[]).includes(a))),
      },
      district: { kind: 'own-district', mine: ['spb-nevsky', 'spb-vyborgsky'] },
      from: { kind: 'pattern', bad: () => fc.constantFrom(...BAD_INSTANTS) },
      to: { kind: 'pattern', bad: () => fc.constantFrom(...BAD_INSTANTS) },
      before: { kind: 'int', min: 1, max: Number.MAX_SAFE_INTEGER },
      format: { kind: 'enum', options: ['json', 'csv'] },
      limit: { kind: 'int', min: 1, max: 500 },
    },
    outsiders: nothingOfOthers('lists the caller’s own districts; another district named is the query’s 403'),
    semantic: () => [
      { query: '?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z', status: [400], paths: ['to'], what: 'a period that ends before it starts' },
      { staff: 'sw-nevsky-1', status: [403], what: 'a caseworker' },
      { staff: 'admin-spb', status: [403], what: 'an admin (her changes are in the trail)' },
    ],
  },
  'post /reference-data': {
    caller: () => ADMIN,
    query: { dryRun: { kind: 'enum', options: ['true', 'false'] } },
    body: { valid: () => ({ staff: [{ ...NEW_STAFF, absences: [{ from: '2026-12-01', to: '2026-12-24', reason: 'leave' }] }] }), fields: REFERENCE_DATA },
    outsiders: byOthers,
    semantic: () => [
      { body: { staff: [{ ...NEW_STAFF, roles: ['ops'] }] }, status: [400], paths: ['staff.0.roles.0'], what: 'granting ops (the CLI’s)' },
      { body: { staff: [{ ...NEW_STAFF, id: ADMIN }] }, status: [400], paths: ['staff.0.id'], what: 'her own row' },
      {
        body: { staff: [{ ...NEW_STAFF, districts: ['kz-almaty-bostandyk'] }] },
        status: [400],
        paths: ['staff.0.districts.0'],
        what: 'a district of another city',
      },
      { body: { staff: [{ ...NEW_STAFF, id: 'sw-almaty-1' }] }, status: [400], paths: ['staff.0.id'], what: 'staff of another city' },
      { body: { cities: [{ name: 'Almaty' }] }, status: [400], paths: ['cities.0.name'], what: 'a city (the CLI’s)' },
      { body: { staff: [{ ...NEW_STAFF, delegate: 'nobody-here' }] }, status: [400], paths: ['staff.0.delegate'], what: 'a delegate who is not staff' },
      { body: { staff: [NEW_STAFF, NEW_STAFF] }, status: [400], paths: ['staff.1.id'], what: 'the same row twice' },
      {
        body: { staff: [{ ...NEW_STAFF, absences: [{ from: '2026-12-24', to: '2026-12-01' }] }] },
        status: [400],
        paths: ['staff.0.absences.0.to'],
        what: 'an absence that ends before it begins',
      },
      { staff: 'coord-city', body: { staff: [NEW_STAFF] }, status: [403], what: 'a coordinator (admins keep reference data)' },
    ],
  },
  'put /facilities/:facilityId/webhook': {
    caller: () => SUP,
    params: { facilityId: (fx) => fx.facilityId },
    body: {
      valid: () => ({ url: 'https://clinic.example/hook', secret: 's'.repeat(40) }),
      fields: { url: { kind: 'url', required: true }, secret: { kind: 'secret', min: 32, max: 256, required: true } },
    },
    outsiders: byOthers,
    semantic: () => [
      {
        params: { facilityId: 'kz-almaty-polyclinic-5' },
        body: { url: 'https://clinic.example/hook', secret: 's'.repeat(40) },
        status: [404],
        what: 'a facility of another district (as if it did not exist)',
      },
      {
        body: { url: 'https://clinic.example/hook', secret: 's'.repeat(40) },
        staff: 'sw-nevsky-1',
        status: [403],
        what: 'a caseworker (supervisors and coordinators register webhooks)',
      },
    ],
  },
};
