import type { FacilityDoc, StaffDoc } from './reference.models';
import type { Store } from '../connect';

/** Who a staff member is for the APIs, from the directory: null unless she is a member and active. */
export async function activeStaffMember(store: Store, staffId: string) {
  const doc = (await store.staff.findById(staffId, { roles: 1, districts: 1, discipline: 1, active: 1 }).lean()) as (StaffDoc & { _id: string }) | null;
  if (!doc || doc.active === false || doc.roles.length === 0) return null;
  return { sub: doc._id, roles: doc.roles as never, districts: doc.districts, discipline: doc.discipline };
}

/** A facility system for the APIs: null unless it is in the reference data and active. */
export async function activeFacility(store: Store, facilityId: string) {
  const doc = (await store.facilities.findById(facilityId, { district: 1, districts: 1, active: 1 }).lean()) as (FacilityDoc & { _id: string }) | null;
  if (!doc || doc.active === false) return null;
  return { id: doc._id, districts: doc.districts?.length ? doc.districts : [doc.district] };
}
