import type { JsonWebKey } from 'node:crypto';
import type { FacilityKind, RecordAudit } from '@continuum/domain';
import { importReferenceData, ROW_OF, type Store } from '@continuum/store';
import { publicJwkOf } from './dev-secrets';

/**
 * The demo's cities. The training districts of both programmes form a training city of their own, with its own
 * staff: no real city's report includes their drill cases, and their conferences seat training staff only.
 */
export const DEMO_CITIES = [
  { name: 'St. Petersburg', training: false },
  { name: 'Almaty', training: false },
  { name: 'Astana', training: false },
  { name: 'Training', training: true },
];

/** Demo reference data: a few districts of both programmes, their facilities and staff. Fictional people. */
export const DEMO_DISTRICTS = [
  { _id: 'spb-nevsky', name: 'Nevsky', city: 'St. Petersburg', population: 535_000, pilot: true },
  { _id: 'spb-vyborgsky', name: 'Vyborgsky', city: 'St. Petersburg', population: 530_000, pilot: true },
  { _id: 'spb-kolpinsky', name: 'Kolpinsky', city: 'St. Petersburg', population: 195_000, pilot: false },
  { _id: 'kz-almaty-bostandyk', name: 'Bostandyk', city: 'Almaty', population: 380_000, pilot: true },
  { _id: 'kz-astana-esil', name: 'Esil', city: 'Astana', population: 320_000, pilot: false },
  // Training districts run the drill policies (a month of follow-up in a minute): for training and the tests.
  {
    _id: 'spb-training',
    name: 'Training (St. Petersburg)',
    city: 'Training',
    population: 1,
    pilot: false,
    policyVersions: { 'hiv-family-follow-up': 'spb-2026.4-drill' },
  },
  {
    _id: 'kz-training',
    name: 'Training (Kazakhstan)',
    city: 'Training',
    population: 1,
    pilot: false,
    policyVersions: { 'abandonment-prevention': 'kz-2026.3-drill' },
  },
];

/** Facilities and the districts each refers into: a maternity hospital or the AIDS Center serves the whole city, a clinic its own district. */
export const DEMO_FACILITIES = [
  {
    _id: 'spb-maternity-16',
    name: 'Maternity Hospital No. 16',
    kind: 'maternity-ward',
    district: 'spb-nevsky',
    districts: ['spb-nevsky', 'spb-vyborgsky', 'spb-kolpinsky', 'spb-training'],
  },
  { _id: 'spb-womens-clinic-7', name: "Women's Clinic No. 7", kind: 'womens-clinic', district: 'spb-vyborgsky', districts: ['spb-vyborgsky'] },
  {
    _id: 'spb-aids-center',
    name: 'City AIDS Center',
    kind: 'aids-center',
    district: 'spb-nevsky',
    districts: ['spb-nevsky', 'spb-vyborgsky', 'spb-kolpinsky', 'spb-training'],
  },
  {
    _id: 'kz-almaty-polyclinic-5',
    name: 'City Polyclinic No. 5',
    kind: 'polyclinic',
    district: 'kz-almaty-bostandyk',
    districts: ['kz-almaty-bostandyk', 'kz-training'],
  },
  { _id: 'kz-astana-fmc-2', name: 'Family Medical Centre No. 2', kind: 'family-medical-centre', district: 'kz-astana-esil', districts: ['kz-astana-esil'] },
] satisfies Array<{ _id: string; name: string; kind: FacilityKind; district: string; districts: string[] }>;

export const DEMO_STAFF = [
  { _id: 'sw-nevsky-1', displayName: 'Anna S. (social worker)', roles: ['caseworker'], districts: ['spb-nevsky'], discipline: 'social-worker' },
  { _id: 'sw-nevsky-2', displayName: 'Irina K. (social worker)', roles: ['caseworker'], districts: ['spb-nevsky'], discipline: 'social-worker' },
  { _id: 'psy-nevsky-1', displayName: 'Olga M. (psychologist)', roles: ['caseworker'], districts: ['spb-nevsky'], discipline: 'psychologist' },
  {
    _id: 'sup-spb-north',
    displayName: 'Elena P. (supervisor)',
    roles: ['supervisor'],
    districts: ['spb-nevsky', 'spb-vyborgsky'],
    discipline: 'social-worker',
  },
  { _id: 'sw-vyborgsky-1', displayName: 'Maria T. (social worker)', roles: ['caseworker'], districts: ['spb-vyborgsky'], discipline: 'social-worker' },
  { _id: 'sw-almaty-1', displayName: 'Aigerim B. (social worker)', roles: ['caseworker'], districts: ['kz-almaty-bostandyk'], discipline: 'social-worker' },
  { _id: 'sup-almaty', displayName: 'Saule N. (supervisor)', roles: ['supervisor'], districts: ['kz-almaty-bostandyk'], discipline: 'social-worker' },
  { _id: 'sw-astana-1', displayName: 'Dana O. (social worker)', roles: ['caseworker'], districts: ['kz-astana-esil'], discipline: 'social-worker' },
  { _id: 'sw-spb-training-1', displayName: 'Trainee 1 (social worker)', roles: ['caseworker'], districts: ['spb-training'], discipline: 'social-worker' },
  { _id: 'sw-spb-training-2', displayName: 'Trainee 2 (social worker)', roles: ['caseworker'], districts: ['spb-training'], discipline: 'social-worker' },
  {
    _id: 'sup-spb-training',
    displayName: 'Training supervisor (St. Petersburg)',
    roles: ['supervisor'],
    districts: ['spb-training'],
    discipline: 'social-worker',
  },
  {
    _id: 'sw-kz-training-1',
    displayName: 'Trainee (social worker, Kazakhstan)',
    roles: ['caseworker'],
    districts: ['kz-training'],
    discipline: 'social-worker',
  },
  { _id: 'sup-kz-training', displayName: 'Training supervisor (Kazakhstan)', roles: ['supervisor'], districts: ['kz-training'], discipline: 'social-worker' },
  // Partner professionals who sit on case conferences. The training districts have some of their own; the
  // others are found at the city level (another district of the same city).
  {
    _id: 'idd-nevsky-1',
    displayName: 'Infectious disease specialist (Nevsky)',
    roles: ['specialist'],
    districts: ['spb-nevsky'],
    discipline: 'infectious-disease-specialist',
  },
  { _id: 'aids-spb-1', displayName: 'AIDS Center specialist', roles: ['specialist'], districts: ['spb-nevsky'], discipline: 'aids-center-specialist' },
  {
    _id: 'pcl-nevsky-1',
    displayName: "Children's polyclinic doctor (Nevsky)",
    roles: ['specialist'],
    districts: ['spb-nevsky'],
    discipline: 'childrens-polyclinic-doctor',
  },
  {
    _id: 'wcl-vyborgsky-1',
    displayName: "Women's clinic doctor (Vyborgsky)",
    roles: ['specialist'],
    districts: ['spb-vyborgsky'],
    discipline: 'womens-clinic-doctor',
  },
  {
    _id: 'psy-spb-training',
    displayName: 'Training psychologist (St. Petersburg)',
    roles: ['caseworker'],
    districts: ['spb-training'],
    discipline: 'psychologist',
  },
  // The partners an HIV case's conference seats; the Kazakhstan drill's psychologist seat is found in the
  // training city (spb-training's psychologist).
  ...(
    [
      ['idd', 'infectious-disease-specialist', 'Training infectious disease specialist'],
      ['aids', 'aids-center-specialist', 'Training AIDS Center specialist'],
      ['pcl', 'childrens-polyclinic-doctor', "Training children's polyclinic doctor"],
      ['wcl', 'womens-clinic-doctor', "Training women's clinic doctor"],
    ] as const
  ).map(([id, discipline, displayName]) => ({ _id: `${id}-spb-training`, displayName, roles: ['specialist'], districts: ['spb-training'], discipline })),
  { _id: 'doc-kz-training', displayName: 'Training doctor (Kazakhstan)', roles: ['specialist'], districts: ['kz-training'], discipline: 'primary-care-doctor' },
  {
    _id: 'cpo-kz-training',
    displayName: 'Training child-protection officer',
    roles: ['specialist'],
    districts: ['kz-training'],
    discipline: 'child-protection-officer',
  },
  { _id: 'psy-almaty-1', displayName: 'Psychologist (Bostandyk)', roles: ['caseworker'], districts: ['kz-almaty-bostandyk'], discipline: 'psychologist' },
  {
    _id: 'doc-almaty-1',
    displayName: 'Doctor (Bostandyk polyclinic)',
    roles: ['specialist'],
    districts: ['kz-almaty-bostandyk'],
    discipline: 'primary-care-doctor',
  },
  {
    _id: 'cpo-almaty-1',
    displayName: 'Child-protection officer (Almaty)',
    roles: ['specialist'],
    districts: ['kz-almaty-bostandyk'],
    discipline: 'child-protection-officer',
  },
  {
    _id: 'coord-city',
    displayName: 'City coordinator',
    roles: ['coordinator'],
    districts: ['spb-nevsky', 'spb-vyborgsky', 'spb-kolpinsky'],
    discipline: 'coordinator',
  },
  // Runs the system: reads decoded payloads in the Temporal Web UI through the codec server, nothing else.
  { _id: 'ops-1', displayName: 'Operations engineer', roles: ['ops'], districts: [], discipline: 'ops' },
  // Keeps St. Petersburg's reference data (districts, facilities, staff): no case, task or figure.
  {
    _id: 'admin-spb',
    displayName: 'Reference-data admin (St. Petersburg)',
    roles: ['admin'],
    districts: ['spb-nevsky', 'spb-vyborgsky', 'spb-kolpinsky'],
    discipline: 'admin',
  },
  // Reads St. Petersburg's audit trail (and what concerns the whole installation): no case, task or figure.
  {
    _id: 'auditor-spb',
    displayName: 'Auditor (St. Petersburg)',
    roles: ['auditor'],
    districts: ['spb-nevsky', 'spb-vyborgsky', 'spb-kolpinsky'],
    discipline: 'auditor',
  },
];

/** The demo data as a reference-data file: what `npm run -s reference -- export` would give for it. */
export function demoReferenceData() {
  return {
    cities: DEMO_CITIES,
    districts: DEMO_DISTRICTS.map(ROW_OF.districts),
    facilities: DEMO_FACILITIES.map(ROW_OF.facilities),
    staff: DEMO_STAFF.map(ROW_OF.staff),
  };
}

/**
 * Loads (or refreshes) the demo reference data, through the same import as a city's file (audited as
 * `demo-data`; the same data again changes nothing). Each facility registers the public half of its client
 * key (its system keeps the private half), so it can get tokens by client credentials.
 */
export async function loadDemoData(store: Store, audit: RecordAudit, facilityKeys: Record<string, JsonWebKey> = {}): Promise<void> {
  const imported = await importReferenceData(store, demoReferenceData(), { by: 'demo-data', audit });
  if (!imported.applied) throw new Error(`the demo data does not import: ${imported.errors.map((e) => `${e.row}: ${e.path}: ${e.message}`).join('; ')}`);
  for (const f of DEMO_FACILITIES) {
    const key = facilityKeys[f._id];
    if (key) await store.facilities.updateOne({ _id: f._id }, { $set: { jwks: { keys: [publicJwkOf(key)] } } });
  }
  // How each is told: staff by email (to the SMTP sink on a dev machine); facilities not at all until a
  // webhook is registered. Set on insert only, so a changed preference survives a restart.
  const now = new Date();
  for (const s of DEMO_STAFF) {
    await store.channelPreferences.updateOne(
      { _id: `staff:${s._id}` },
      { $setOnInsert: { channel: 'email', email: `${s._id}@continuum.local`, updatedAt: now } },
      { upsert: true },
    );
  }
  for (const f of DEMO_FACILITIES) {
    await store.channelPreferences.updateOne({ _id: `facility:${f._id}` }, { $setOnInsert: { channel: 'none', updatedAt: now } }, { upsert: true });
  }
}
