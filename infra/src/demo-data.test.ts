import { FacilityKind } from '@continuum/domain';
import { facilitySchema } from '@continuum/store';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEMO_FACILITIES, demoReferenceData } from './demo-data';

describe('demo facilities', () => {
  it('are each of a facility kind the reference data takes', () => {
    for (const f of DEMO_FACILITIES) expect([f._id, FacilityKind.safeParse(f.kind).success]).toEqual([f._id, true]);
    expect(facilitySchema.path('kind').options.enum).toEqual(FacilityKind.options);
  });

  it('a city polyclinic of Kazakhstan is a polyclinic, not a children’s one', () => {
    expect(DEMO_FACILITIES.find((f) => f._id === 'kz-almaty-polyclinic-5')?.kind).toBe('polyclinic');
  });
});

describe("docker compose's reference data", () => {
  it('is the demo data, as the reference import takes it', () => {
    const committed: unknown = parse(readFileSync(join(__dirname, '..', 'compose', 'reference.yaml'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(demoReferenceData())));
  });
});
