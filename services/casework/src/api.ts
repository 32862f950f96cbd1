import { z } from 'zod';
import {
  BreakGlassBody,
  ChangePolicyBody,
  CloseCaseBody,
  AnsweredTask,
  AddFamilyMemberBody,
  ChangeConsentBody,
  CorrectFamilyMemberBody,
  CompleteTaskBody,
  CompletionAnswer,
  ConferenceDecisionsBody,
  ConferenceInputBody,
  ConveneConferenceBody,
  DeclineConferenceBody,
  ExtendTaskBody,
  ReassignCaseBody,
  ReopenCaseBody,
  ReferenceDataFile,
  ReportFamilyEventBody,
  SearchCasesBody,
  TaskDetailAnswer,
  TaskForms,
  TaskListAnswer,
  TaskType,
  TransferCaseBody,
} from '@continuum/domain';
import { buildOpenApi, type ApiRoute } from '@continuum/http';
import { AssignTaskBody, CaseTaskListQuery, TaskListQuery, TaskParams } from './tasks.routes';
import { CaseListQuery, CaseParams } from './cases.routes';
import { ConferenceListQuery, ConferenceParams } from './conferences.routes';
import { FacilityParams, FacilityWebhookBody, NotificationChannelBody } from './preferences.routes';
import { ReferenceDataImported, ReferenceDataQuery } from './reference-data.routes';
import { AuditPage, AuditQuery } from './audit.routes';
import { FamilyMemberParams } from './family.routes';

// The requests are the routes' own schemas, imported above; the task answers are the domain's (task-answers.ts),
// which the end-to-end tests parse every answer with.

const NO_TASK = { description: 'No such task' };
const NO_CASE = { description: 'No such case, or its workflow is not running' };

const tasks: ApiRoute[] = [
  {
    method: 'get',
    path: '/tasks',
    summary: "The caller's task inbox",
    description:
      'Tasks of my districts (or of one of them), filtered and sorted; the forms are left out. Staff who do not work cases get only the tasks given to them, whatever the filter. ' +
      '`caseId`, `type` and `stage` only narrow that: a case id of a case I may not see gives an empty list, as one that does not exist. ' +
      '`type` is on the types as I see them (outside a family’s consent an infant test is a `contact`). `stage` (the case’s stage now) is for caseworkers and supervisors.',
    tags: ['tasks'],
    auth: true,
    query: TaskListQuery,
    responses: { 200: { description: 'A page of tasks', schema: TaskListAnswer } },
  },
  {
    method: 'get',
    path: '/tasks/:taskId',
    summary: 'One task, with its form, who completed it and its deadline extensions',
    tags: ['tasks'],
    auth: true,
    params: TaskParams,
    responses: { 200: { description: 'The task', schema: TaskDetailAnswer }, 404: NO_TASK },
  },
  {
    method: 'post',
    path: '/tasks/:taskId/claim',
    summary: 'Take an open task nobody has',
    description: 'For the roles that do the task. Of two claims at once, one wins and the other gets 409.',
    tags: ['tasks'],
    auth: true,
    params: TaskParams,
    responses: {
      200: { description: 'The claimed task', schema: AnsweredTask },
      404: NO_TASK,
      409: { description: 'The task is not open, or someone else has it' },
    },
  },
  {
    method: 'post',
    path: '/tasks/:taskId/assign',
    summary: 'Give an open task to a member of staff (supervisors)',
    description: "400 too when the assignee is not staff of the task's district with a role that does it.",
    tags: ['tasks'],
    auth: true,
    params: TaskParams,
    body: AssignTaskBody,
    responses: { 200: { description: 'The assigned task', schema: AnsweredTask }, 404: NO_TASK, 409: { description: 'The task is not open' } },
  },
  {
    method: 'post',
    path: '/tasks/:taskId/extend',
    summary: "Move an open task's deadline later, with a reason (the assignee or a supervisor)",
    description: 'Answers `{ taskId, dueAt }`. 400 too when the new deadline is not later than the current one.',
    tags: ['tasks'],
    auth: true,
    params: TaskParams,
    body: ExtendTaskBody,
    responses: {
      200: { description: 'The new deadline: `{ taskId, dueAt }`' },
      404: { description: "No such task, or its case's workflow is not running" },
      409: { description: 'The task is not open' },
    },
  },
  {
    method: 'post',
    path: '/tasks/:taskId/complete',
    summary: 'Complete an open task with its form',
    description:
      "`form` must match the form of the task's type; a form that does not answers 400 with the issues. " +
      `The forms, one JSON schema per task type (${TaskType.options.join(', ')}), are in this document's \`x-task-forms\`. ` +
      'A task of the case answers at once, and the case reacts asynchronously (`settled: false`): `stage` is the stage it took the completion in, and the tasks it opens appear at `openTasks`. ' +
      'With `Prefer: wait=N` (RFC 7240; N seconds, 15 at most; answered with `Preference-Applied`) it answers once the case has reacted (`settled: true`): its `stage` after the completion, ' +
      "the tasks it `opened` (ids, types, assignees, due dates, through the case's lens) and what it has `scheduled` next; a reaction slower than the wait answers `settled: false`. " +
      "A participant's conference-input task is the conference's to take (as POST /conferences/{id}/input): it answers `{ taskId, status, conference: { state, quorumMet } }`.",
    tags: ['tasks'],
    auth: true,
    params: TaskParams,
    body: CompleteTaskBody,
    responses: {
      200: { description: 'What the completion did', schema: CompletionAnswer },
      404: { description: "No such task, or its case's workflow is not running" },
      409: { description: 'The task is already completed or cancelled' },
    },
  },
];

const cases: ApiRoute[] = [
  {
    method: 'get',
    path: '/cases',
    summary: "Cases of the caller's districts, newest first",
    description:
      'Answers `{ cases: [{ caseId, district, programme, stage, riskLevel, caseManager, openedAt, outcome }], total, limit, offset }`; no family data.',
    tags: ['cases'],
    auth: true,
    query: CaseListQuery,
    responses: { 200: { description: 'A page of cases' } },
  },
  {
    method: 'get',
    path: '/cases/:caseId',
    summary: 'The case: stage, risk, family, plan, tasks, history and what it waits for',
    description:
      "HIV status is shown only when the consent and the reader's role allow it (`hivStatusDisclosed`); otherwise it reads `withheld`. Every read is audited. " +
      'The family: its record’s `version`, the mother, the children (each with her `personId`, her `childIndex` for family events, and her ' +
      '`outcomes`: HIV tests where the lens shows them, placement in care, hospital stays, death) and the rest of the `household`.',
    tags: ['cases'],
    auth: true,
    params: CaseParams,
    responses: { 200: { description: 'The case view' }, 404: { description: 'No such case' } },
  },
  {
    method: 'get',
    path: '/cases/:caseId/tasks',
    summary: "The case's tasks, filtered and sorted like the inbox",
    description:
      "Through the case's lens: `type` is on the types as I see them (outside the family’s consent an infant test is a `contact`, and `type=infant-test` finds none). 404 as GET /cases/{id}.",
    tags: ['cases', 'tasks'],
    auth: true,
    params: CaseParams,
    query: CaseTaskListQuery,
    responses: { 200: { description: 'A page of the case’s tasks', schema: TaskListAnswer }, 404: { description: 'No such case' } },
  },
  {
    method: 'post',
    path: '/cases/:caseId/events',
    summary: 'Report a family event (caseworkers, supervisors)',
    description: 'Sent to the case workflow, which reacts to it. Answers `{ reportId, caseId, type }`. 400 too for a move to an unknown district.',
    tags: ['cases'],
    auth: true,
    params: CaseParams,
    body: ReportFamilyEventBody,
    responses: { 202: { description: 'Reported: `{ reportId, caseId, type }`' }, 404: { description: 'No such case' } },
  },
  {
    method: 'post',
    path: '/cases/:caseId/reassign',
    summary: 'Give the case to another caseworker (supervisors)',
    description: "Answers `{ caseManager }`. 400 too when the assignee is not a caseworker of the case's district.",
    tags: ['cases'],
    auth: true,
    params: CaseParams,
    body: ReassignCaseBody,
    responses: { 200: { description: 'The new case manager: `{ caseManager }`' }, 404: NO_CASE, 409: { description: 'The case is closed' } },
  },
  {
    method: 'post',
    path: '/cases/:caseId/transfer',
    summary: 'Ask another district to take the case (supervisors)',
    description: "Opens a transfer-acceptance task for the receiving district; answers `{ taskId }`. 400 too for an unknown district or the case's own.",
    tags: ['cases'],
    auth: true,
    params: CaseParams,
    body: TransferCaseBody,
    responses: {
      202: { description: 'Requested: `{ taskId }` of the acceptance task' },
      404: NO_CASE,
      409: { description: 'The case is closed, or a transfer already waits for acceptance' },
    },
  },
  {
    method: 'post',
    path: '/cases/:caseId/closure',
    summary: 'Propose closing the case with an outcome (caseworkers, supervisors)',
    description: 'Opens a closure-approval task; answers `{ taskId }`.',
    tags: ['cases'],
    auth: true,
    params: CaseParams,
    body: CloseCaseBody,
    responses: {
      202: { description: 'Proposed: `{ taskId }` of the approval task' },
      404: NO_CASE,
      409: { description: 'The case is closed, or a closure already waits for approval' },
    },
  },
  {
    method: 'post',
    path: '/cases/:caseId/reopen',
    summary: 'Reopen a closed case (supervisors)',
    description: 'The family is assessed again; answers `{ stage }`.',
    tags: ['cases'],
    auth: true,
    params: CaseParams,
    body: ReopenCaseBody,
    responses: { 200: { description: 'Reopened: `{ stage }`' }, 404: NO_CASE, 409: { description: 'The case is not closed, or it is a rejected referral' } },
  },
  {
    method: 'post',
    path: '/cases/:caseId/break-glass',
    summary: "Read the family's HIV status outside the consent (supervisors of the case's district)",
    description:
      'For an emergency the consent does not cover. The reason is written to the audit log before anything is answered, and the ' +
      "district's supervisors are told (`case.break-glass`). Answers the mother's status, each child's exposure and the children's test results.",
    tags: ['cases'],
    auth: true,
    params: CaseParams,
    body: BreakGlassBody,
    responses: {
      200: { description: 'The HIV-related fields and the audit entry id' },
      404: NO_CASE,
      503: { description: 'The supervisors cannot be told now: nothing is disclosed' },
    },
  },
  {
    method: 'post',
    path: '/cases/:caseId/policy',
    summary: "Move the case to another version of its programme's policy (supervisors)",
    description: 'Answers `{ policyVersion }`. 400 too for a policy of another programme, or between drill and real policies.',
    tags: ['cases'],
    auth: true,
    params: CaseParams,
    body: ChangePolicyBody,
    responses: {
      200: { description: 'Moved: `{ policyVersion }`' },
      404: { description: 'No such case or policy version, or the case is not running' },
      409: { description: 'The case is closed, already follows that version, or cannot move at its stage' },
    },
  },
];

const NO_CONFERENCE = { description: 'No such conference, or its workflow is not running' };
const ANSWERED = z.object({ state: z.string(), quorumMet: z.boolean() });

const NO_MEMBER = { description: 'No such case, or no such member of its family' };
const STALE = { description: 'The family record changed since the version sent: read the case again' };
const family: ApiRoute[] = [
  {
    method: 'patch',
    path: '/cases/:caseId/family/:personId',
    summary: "Correct a member's data, with a reason (caseworkers, supervisors)",
    description:
      'The fields given are set (`null` clears one she need not have), checked against her role’s: a mother’s, a child’s or a household member’s, as a referral sends them. ' +
      '`version` is the record’s version you read; a record changed since answers 409. Each change is a version (GET /cases/{id}/family), an entry of the case history and of the audit trail. ' +
      'An HIV field (`hivStatus`, `hivExposed`) is corrected only by whom the family’s consent discloses it to (403 otherwise). Answers the family record.',
    tags: ['cases', 'family'],
    auth: true,
    params: FamilyMemberParams,
    body: CorrectFamilyMemberBody,
    responses: { 200: { description: 'The family record, at its new version' }, 404: NO_MEMBER, 409: STALE },
  },
  {
    method: 'post',
    path: '/cases/:caseId/family',
    summary: 'Add a child or another member of the household, with a reason (caseworkers, supervisors)',
    description: 'Answers 201 `{ personId, family }`. A version, a history entry and an audit entry as a correction; the people covered are counted again.',
    tags: ['cases', 'family'],
    auth: true,
    params: CaseParams,
    body: AddFamilyMemberBody,
    responses: { 201: { description: 'Her id, and the family record at its new version' }, 404: NO_CASE, 409: STALE },
  },
  {
    method: 'put',
    path: '/cases/:caseId/consent',
    summary: "Record the family's consent as signed now: granted again, narrowed, widened or withdrawn (caseworkers, supervisors)",
    description:
      'The consent replaces the one on file at once: the next read discloses or withholds HIV status by it, the next conference seats partners by it. ' +
      '`version` as for a correction (409 if the record changed since). A version, a history entry (`consent-changed`, saying how: granted, withdrawn, widened, narrowed, changed) and an audit entry. ' +
      'Answers `{ consent, version, change }` (`change` null when the consent sent is the one on file).',
    tags: ['cases', 'family'],
    auth: true,
    params: CaseParams,
    body: ChangeConsentBody,
    responses: { 200: { description: 'The consent on file now' }, 404: NO_CASE, 409: STALE },
  },
  {
    method: 'get',
    path: '/cases/:caseId/family',
    summary: "The family record's versions: who changed what, when and why",
    description: 'Oldest first, each field as it was and as it became; an HIV field’s values read `withheld` outside the consent. Audited as a read.',
    tags: ['cases', 'family'],
    auth: true,
    params: CaseParams,
    responses: { 200: { description: '`{ version, versions: [{ version, at, by, reason, changes: [{ personId, field, from, to }] }] }`' }, 404: NO_CASE },
  },
];

const conferences: ApiRoute[] = [
  {
    method: 'post',
    path: '/cases/:caseId/conferences',
    summary: 'Convene a multi-disciplinary case conference (the case manager or a supervisor)',
    description:
      "The case starts the conference as its child workflow: the team is seated by discipline from the district's staff (the city's when the district has nobody), " +
      'each participant gets an input task and an invitation. Answers `{ conferenceId }`.',
    tags: ['conferences'],
    auth: true,
    params: CaseParams,
    body: ConveneConferenceBody,
    responses: {
      202: { description: 'Convened: `{ conferenceId }`' },
      404: NO_CASE,
      409: { description: 'The case is closed, a conference is open already, or its policy holds no conference rules' },
    },
  },
  {
    method: 'get',
    path: '/conferences',
    summary: 'Upcoming or past conferences of my districts (and those I am invited to)',
    tags: ['conferences'],
    auth: true,
    query: ConferenceListQuery,
    responses: { 200: { description: 'A page of conferences: `{ conferences, total, limit, offset }`' } },
  },
  {
    method: 'get',
    path: '/conferences/:conferenceId',
    summary: 'One conference: its participants and their answers, the quorum, the decisions and minutes',
    tags: ['conferences'],
    auth: true,
    params: ConferenceParams,
    responses: { 200: { description: 'The conference' }, 404: { description: 'No such conference' } },
  },
  {
    method: 'post',
    path: '/conferences/:conferenceId/input',
    summary: "A participant's written input",
    description: 'Closes her input task. Input after a deadline is still taken while the conference is open.',
    tags: ['conferences'],
    auth: true,
    params: ConferenceParams,
    body: ConferenceInputBody,
    responses: { 200: { description: 'Taken', schema: ANSWERED }, 404: NO_CONFERENCE, 409: { description: 'Answered already, or the conference is closed' } },
  },
  {
    method: 'post',
    path: '/conferences/:conferenceId/decline',
    summary: 'A participant declines, with a reason',
    tags: ['conferences'],
    auth: true,
    params: ConferenceParams,
    body: DeclineConferenceBody,
    responses: {
      200: { description: 'Declined', schema: ANSWERED },
      404: NO_CONFERENCE,
      409: { description: 'Answered already, or the conference is closed' },
    },
  },
  {
    method: 'post',
    path: '/conferences/:conferenceId/decisions',
    summary: "The chair's decisions (the chair or a supervisor)",
    description:
      'Action items become tasks of the case with their owner and deadline; a risk level, plan changes and a closure recommendation go to the case. ' +
      'Without quorum, `proceedWithoutQuorum` must say why. 400 too for an owner who is neither staff of the district nor a participant.',
    tags: ['conferences'],
    auth: true,
    params: ConferenceParams,
    body: ConferenceDecisionsBody,
    responses: { 200: { description: 'Recorded: `{ state }`' }, 404: NO_CONFERENCE, 409: { description: 'The conference is decided or cancelled' } },
  },
];

const CHANNEL = z.object({ channel: z.enum(['email', 'none']), email: z.string().nullable() });
const preferences: ApiRoute[] = [
  {
    method: 'get',
    path: '/me/notification-channel',
    summary: 'How I am told of tasks, deadlines and conferences',
    tags: ['notifications'],
    auth: true,
    responses: { 200: { description: 'My channel', schema: CHANNEL } },
  },
  {
    method: 'put',
    path: '/me/notification-channel',
    summary: 'Set how I am told: email (to an address) or none',
    tags: ['notifications'],
    auth: true,
    body: NotificationChannelBody,
    responses: { 200: { description: 'Saved', schema: CHANNEL } },
  },
  {
    method: 'put',
    path: '/facilities/:facilityId/webhook',
    summary: "Register a facility's webhook for its referrals' status (supervisors, coordinators of its district)",
    description:
      'Each call is a JSON POST signed with `x-continuum-signature: sha256=HMAC(secret, "<x-continuum-timestamp>.<body>")`; `x-continuum-delivery` identifies a delivery, so a copy can be dropped.',
    tags: ['notifications'],
    auth: true,
    params: FacilityParams,
    body: FacilityWebhookBody,
    responses: { 200: { description: 'Registered (the secret is never shown back)' }, 404: { description: 'No such facility' } },
  },
];

const referenceData: ApiRoute[] = [
  {
    method: 'get',
    path: '/reference-data',
    summary: "My cities' reference data, as a file the import takes back (admins)",
    description: 'The cities of my districts, their districts, and the facilities and staff of those districts.',
    tags: ['reference data'],
    auth: true,
    responses: { 200: { description: 'The reference data', schema: ReferenceDataFile } },
  },
  {
    method: 'post',
    path: '/reference-data',
    summary: "Import rows of my cities' reference data: districts, facilities, staff (admins)",
    description:
      'The rows given are created or updated; rows left out stay as they are (deactivate staff with `active: false`). ' +
      'Every row is checked first, against the file and what is stored; when any is wrong, nothing is written and the 400 names each ' +
      'by its place in the file (`staff.3.districts.0`). The same rows again change nothing. Each change is audited. ' +
      'Outside an admin’s reach (the reference CLI’s): cities, another city’s rows, the ops and auditor roles (and rows holding them), her own row. ' +
      'A body is at most 64 kB: send a large city in parts, or use the CLI.',
    tags: ['reference data'],
    auth: true,
    query: ReferenceDataQuery,
    body: ReferenceDataFile,
    responses: { 200: { description: 'What changed (or would, on a dry run)', schema: ReferenceDataImported } },
  },
];

const search: ApiRoute[] = [
  {
    method: 'post',
    path: '/cases/search',
    summary: "Find a person among her districts' families by name, birth date or document number (caseworkers, supervisors)",
    description:
      'A name matches in Cyrillic or Latin letters alike, by any of its words or their beginnings, with a typo or two forgiven in longer words; ' +
      'a birth date and a document number (its letters and digits) must be exact. What is given must all be the same person’s. ' +
      "Only the caller's districts are searched. Answers `{ results: [{ caseId, district, programme, stage, openedAt, person: { personId, role, fullName, birthDate } }] }`, " +
      'the likeliest first. Each search is audited with the cases it found (not with what was asked). POST, so that a name never stands in a URL or a log.',
    tags: ['cases'],
    auth: true,
    body: SearchCasesBody,
    responses: { 200: { description: 'The people found, with their cases' } },
  },
];

const auditTrail: ApiRoute[] = [
  {
    method: 'get',
    path: '/audit',
    summary: 'The audit trail: who read or changed what (auditors, supervisors)',
    description:
      'Every read of a family’s data and every change, newest first: who, when, what, which case, the reason where one was given. ' +
      'An auditor reads the entries of her districts and those that concern the whole installation; a supervisor those of her districts. ' +
      'Filtered by case, actor, action, district and time; `format=csv` gives every matching entry as one file. Reading the trail is itself audited. ' +
      'The trail is append-only and hash-chained: `npm run -s audit -- verify` proves it whole.',
    tags: ['audit'],
    auth: true,
    query: AuditQuery,
    responses: { 200: { description: 'A page of entries (or a CSV file)', schema: AuditPage } },
  },
];

/** Every route of the casework routers; api.test.ts checks the lists match. */
export const CASEWORK_API: ApiRoute[] = [...tasks, ...search, ...cases, ...family, ...conferences, ...preferences, ...referenceData, ...auditTrail];

/** The form of each task type, as JSON schemas of what a client sends (the document's `x-task-forms`). */
export function taskFormSchemas(): Record<string, unknown> {
  return Object.fromEntries(
    TaskType.options.map((type) => {
      const { $schema: _, ...schema } = z.toJSONSchema(TaskForms[type], { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      return [type, schema];
    }),
  );
}

/** The casework service's OpenAPI document, served at GET /openapi.json. Throws on a bad route table. */
export function buildCaseworkOpenApi(): Record<string, unknown> {
  const doc = buildOpenApi(
    {
      title: 'Continuum casework API',
      version: '0.5.0',
      description:
        'The API caseworkers and supervisors work through: the task inbox and task actions, cases, family events, the ' +
        "supervisor's case requests and case conferences. Every route takes a bearer JWT and acts only on the caller's districts. " +
        'The form each task type completes with is under `x-task-forms`.',
    },
    CASEWORK_API,
  );
  return { ...doc, 'x-task-forms': taskFormSchemas() };
}
