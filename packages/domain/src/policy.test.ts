import { createHash } from 'node:crypto';
import type { Duration } from './duration';
import { DomainError } from './errors';
import { CURRENT_POLICY, POLICY_VERSIONS, policyOf } from './rules/policies';
import { Policy } from './policy';
import { programmeOf, type ProgrammeId } from './rules/programmes';

/**
 * sha256 of JSON.stringify(policy) of every published version. A published policy never changes: cases
 * pin it. To change a rule, add a new version (and its fingerprint here); never edit a value below.
 */
const FINGERPRINTS: Record<string, string> = {
  'spb-2026.2': '33a41a415941a10cf849941bd1438e6e47e2595b617811b29b76cddf51225414',
  'kz-2026.2': 'f476b41597796e52a6fbc480be5bb3ab1ae51f75a9849b51b3bf1d105dacff78',
  'spb-2026.2-drill': '4151ae439cc043aa941e444ac542c3757bc82746522a36187a2a4785201bed3c',
  'kz-2026.2-drill': 'c11d518b71c573f6ba7122373dc87e5919ec461c224a0fe1009779e1473977c7',
  'spb-2026.3': '468d22b1f6656fb2584e92edffb8ac1eba765930f02c7d145debc59a1b7cf0eb',
  'kz-2026.3': 'b7595ce213e475dbbd14b7ce469d3e9bc8438b3fa254a08556fe442a4dd0a5c1',
  'spb-2026.3-drill': '7f4e30bb1f206b60050cdbbe2c47e970c9ac5182f77970a98f0c44f5f238ce08',
  'kz-2026.3-drill': 'e7e5af8eea9b54156d38b450c63224cd6cfad54a16734feaaefb5e70c084c06a',
  'spb-2026.4': '7ee98de3e50bd3367f6fe3b17328a1dfd8302fa1c47d1e0bf5e237b5bd311916',
  'spb-2026.4-drill': 'a2720bc91817f48ab010cd945d1d8100e9d7a9a0227a17ebc7241978f5d55a89',
  // The test programme's: a drill only (packages/programmes/src/parent-in-treatment).
  'pit-2026.1-drill': 'e8eeea0ce5fd8dda10f3ae7bb77b1255cf2aad07dec7a73cde3c3d21ec60258a',
};

// Hashed as the schema gives it back (its key order), so how a version is written in code does not matter, only what it says.
const sha256 = (policy: Policy) =>
  createHash('sha256')
    .update(JSON.stringify(Policy.parse(policy)))
    .digest('hex');
const all = Object.values(POLICY_VERSIONS);
const real = all.filter((p) => !p.drill);
const drills = all.filter((p) => p.drill);
const ofProgramme = (programme: Policy['programme']) => real.filter((p) => p.programme === programme);

const durationsOf = (p: Policy): Duration[] => [
  ...Object.values(p.tasks).flatMap((t) => (t.urgentDue ? [t.due, t.urgentDue] : [t.due])),
  ...p.contactCadence.map((c) => c.every),
  p.escalateAfter,
  p.reassessmentEvery,
  p.supervisionEvery,
  p.closure.followUpFor,
  p.closure.reopenWithin,
  ...p.infantTesting.map((m) => m.after),
  ...(p.conference
    ? [
        p.conference.inputDue,
        p.conference.urgentInputDue,
        p.conference.remindBefore,
        p.conference.rescheduleBy,
        ...(p.conference.reviewEvery ? [p.conference.reviewEvery] : []),
      ]
    : []),
];

/** Resolves a dotted path through the policy's own fields only (not inherited ones like `constructor`). */
const resolve = (p: Policy, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined), p);

const issuesOf = (input: unknown) => {
  const r = Policy.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('published policies', () => {
  it('are listed by their own version', () => {
    expect(Object.keys(POLICY_VERSIONS).sort()).toEqual([
      'kz-2026.2',
      'kz-2026.2-drill',
      'kz-2026.3',
      'kz-2026.3-drill',
      'pit-2026.1-drill',
      'spb-2026.2',
      'spb-2026.2-drill',
      'spb-2026.3',
      'spb-2026.3-drill',
      'spb-2026.4',
      'spb-2026.4-drill',
    ]);
    for (const [version, policy] of Object.entries(POLICY_VERSIONS)) expect(policy.version).toBe(version);
  });

  it.each(Object.keys(POLICY_VERSIONS))('%s parses with Policy', (version) => {
    expect(issuesOf(POLICY_VERSIONS[version])).toEqual([]);
  });

  it('are valid as written: the schema takes each as it is, adding and dropping nothing', () => {
    for (const policy of all) expect(Policy.parse(policy)).toEqual(policy);
  });

  it('never change once published (fingerprints)', () => {
    const problems = Object.entries(POLICY_VERSIONS).flatMap(([version, policy]) => {
      const expected = FINGERPRINTS[version];
      if (expected === undefined) return [`policy ${version} has no fingerprint: add ${sha256(policy)} to FINGERPRINTS`];
      return sha256(policy) === expected ? [] : [`published policy ${version} changed: add a new version instead of editing it`];
    });
    const removed = Object.keys(FINGERPRINTS)
      .filter((version) => !(version in POLICY_VERSIONS))
      .map((version) => `published policy ${version} was removed: cases may still pin it`);
    expect([...problems, ...removed]).toEqual([]);
  });

  it('CURRENT_POLICY points at a non-drill version of the right programme (a test-only programme: at a drill)', () => {
    expect(CURRENT_POLICY).toEqual({ 'hiv-family-follow-up': 'spb-2026.4', 'abandonment-prevention': 'kz-2026.3', 'parent-in-treatment': 'pit-2026.1-drill' });
    for (const [programme, version] of Object.entries(CURRENT_POLICY)) {
      expect(policyOf(version)).toMatchObject({ programme, drill: programmeOf(programme as ProgrammeId).testOnly === true });
    }
  });

  it('policyOf finds a version and throws NOT_FOUND for an unknown one', () => {
    expect(policyOf('kz-2026.2')).toBe(POLICY_VERSIONS['kz-2026.2']);
    let error: unknown;
    try {
      policyOf('nope');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'NOT_FOUND' });
  });

  it.each(all.map((p) => [p.version, p] as const))('%s: every setByCity path is a field of the policy', (_, policy) => {
    expect(policy.setByCity.filter((path) => resolve(policy, path) === undefined)).toEqual([]);
  });
});

describe('drill policies', () => {
  it('each real policy has a drill twin of the same programme; only a test-only programme has drills alone', () => {
    const twins = drills.filter((d) => !programmeOf(d.programme).testOnly);
    expect(twins.map((d) => d.version).sort()).toEqual(real.map((p) => `${p.version}-drill`).sort());
    for (const d of twins) expect(d.programme).toBe(policyOf(d.version.replace(/-drill$/, '')).programme);
    expect(real.filter((p) => programmeOf(p.programme).testOnly)).toEqual([]);
  });

  it.each(drills.map((p) => [p.version, p] as const))('%s is marked drill and runs in seconds only', (version, policy) => {
    expect(policy.drill).toBe(true);
    expect(version).toMatch(/-drill$/);
    expect(durationsOf(policy).filter((d) => !('seconds' in d))).toEqual([]);
  });

  it.each(real.map((p) => [p.version, p] as const))('%s (real) is not drill and has no seconds', (version, policy) => {
    expect(policy.drill).toBe(false);
    expect(version).not.toMatch(/-drill$/);
    expect(durationsOf(policy).filter((d) => 'seconds' in d)).toEqual([]);
  });
});

describe('defaults of the real policies', () => {
  it.each(real.map((p) => [p.version, p] as const))('%s: first contact in 3 working days, 24 hours urgent; reassessment every 91 days', (_, policy) => {
    expect(policy.tasks['first-contact']).toEqual({ doneBy: ['caseworker'], due: { workingDays: 3 }, urgentDue: { hours: 24 } });
    expect(policy.reassessmentEvery).toEqual({ days: 91 });
  });

  it('hiv programme: contacts every 14 days until day 90, then every 30; infant tests at 42, 120 and 548 days', () => {
    const hiv = ofProgramme('hiv-family-follow-up');
    expect(hiv.length).toBeGreaterThan(0);
    for (const policy of hiv) {
      expect(policy.contactCadence).toEqual([
        { untilDay: 90, every: { days: 14 } },
        { untilDay: null, every: { days: 30 } },
      ]);
      expect(policy.infantTesting.map((m) => m.after)).toEqual([{ days: 42 }, { days: 120 }, { days: 548 }]);
    }
  });

  it("hiv programme: from 2026.4 the policy states when a child's HIV status is final (the standard schedule); older versions do not", () => {
    const stated = Object.fromEntries(ofProgramme('hiv-family-follow-up').map((p) => [p.version, p.childHivStatus ?? null]));
    expect(stated).toEqual({
      'spb-2026.2': null,
      'spb-2026.3': null,
      'spb-2026.4': { positivePcrs: 2, negativeAntibodyAt: ['18-months'], negativePcrsNeverBreastfed: null },
    });
    expect(policyOf('spb-2026.4').setByCity).toContain('childHivStatus.negativePcrsNeverBreastfed');
  });

  it('abandonment prevention has no infant testing', () => {
    const kz = ofProgramme('abandonment-prevention');
    expect(kz.length).toBeGreaterThan(0);
    for (const policy of kz) expect(policy.infantTesting).toEqual([]);
  });
});

describe('case conferences', () => {
  it('2026.3 is 2026.2 with conference rules, nothing else changed', () => {
    for (const [older, newer] of [
      ['spb-2026.2', 'spb-2026.3'],
      ['kz-2026.2', 'kz-2026.3'],
      ['spb-2026.2-drill', 'spb-2026.3-drill'],
      ['kz-2026.2-drill', 'kz-2026.3-drill'],
    ] as const) {
      const { conference, version, summary, setByCity, ...rest } = policyOf(newer);
      const { version: v0, summary: s0, setByCity: c0, ...rest0 } = policyOf(older);
      expect(rest).toEqual(rest0);
      expect(conference).toBeDefined();
      expect(policyOf(older).conference).toBeUndefined();
      expect(setByCity).toEqual([...c0, 'conference']);
    }
  });

  it('St. Petersburg invites the AIDS Center and the clinics; Kazakhstan the doctor and child protection', () => {
    expect(policyOf('spb-2026.3').conference).toMatchObject({
      quorum: ['social-worker', 'psychologist', 'aids-center-specialist'],
      triggers: expect.arrayContaining(['intent-to-abandon', 'risk-high', 'missed-contacts', 'child-hiv-positive', 'child-placed-in-care', 'scheduled-review']),
    });
    expect(policyOf('kz-2026.3').conference).toMatchObject({
      disciplines: ['social-worker', 'primary-care-doctor', 'psychologist', 'child-protection-officer'],
      urgentInputDue: { hours: 24 },
    });
    expect(policyOf('kz-2026.3').conference!.triggers).not.toContain('child-hiv-positive');
  });

  it('refuses a quorum discipline that is not invited', () => {
    const spb = policyOf('spb-2026.3');
    expect(issuesOf({ ...spb, conference: { ...spb.conference, quorum: ['child-protection-officer'] } })).toEqual([
      { path: 'conference.quorum', message: 'quorum disciplines must be invited' },
    ]);
  });
});

describe('Policy', () => {
  const base = policyOf('spb-2026.2');

  it('refuses a setByCity path that is not a field', () => {
    expect(issuesOf({ ...base, setByCity: [...base.setByCity, 'closure.nope'] })).toEqual([
      { path: 'setByCity', message: 'closure.nope is not a field of the policy' },
    ]);
  });

  it('refuses a last cadence phase with an untilDay', () => {
    expect(issuesOf({ ...base, contactCadence: [{ untilDay: 90, every: { days: 14 } }] })).toEqual([
      { path: 'contactCadence', message: 'phases end on ascending days; only the last has untilDay null' },
    ]);
  });

  it('takes a policy without the task types of another programme, so a task type added later leaves published versions valid', () => {
    const { 'infant-test': _, ...withoutInfantTests } = base.tasks;
    expect(issuesOf({ ...base, tasks: withoutInfantTests, infantTesting: [] })).toEqual([]);
  });

  it('refuses a policy without the task of a stage, naming it', () => {
    const { contact: _, ...withoutContacts } = base.tasks;
    expect(issuesOf({ ...base, tasks: withoutContacts })).toEqual([{ path: 'tasks.contact', message: 'every policy templates the tasks of every stage' }]);
  });
});
