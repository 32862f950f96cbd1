import { mayDiscloseHivStatus } from './disclosure';

const worker = { sub: 'sw-1', roles: ['caseworker' as const], districts: ['d1'] };
const granted = { granted: true, scope: ['social-service'] };

describe('mayDiscloseHivStatus', () => {
  it('discloses to a social worker of the district under a granted social-service consent', () => {
    expect(mayDiscloseHivStatus(worker, 'social-worker', 'd1', granted)).toBe(true);
    expect(mayDiscloseHivStatus({ ...worker, roles: ['supervisor'] }, 'social-worker', 'd1', granted)).toBe(true);
  });
  it('never without consent, with a refused or withdrawn one, or outside the district', () => {
    expect(mayDiscloseHivStatus(worker, 'social-worker', 'd1', null)).toBe(false);
    expect(mayDiscloseHivStatus(worker, 'social-worker', 'd1', { ...granted, granted: false })).toBe(false);
    expect(mayDiscloseHivStatus(worker, 'social-worker', 'd1', { ...granted, withdrawnOn: '2026-11-22' })).toBe(false);
    expect(mayDiscloseHivStatus(worker, 'social-worker', 'd2', granted)).toBe(false);
  });
  it('to a psychologist only under the psychologist scope; never to a coordinator', () => {
    expect(mayDiscloseHivStatus(worker, 'psychologist', 'd1', granted)).toBe(false);
    expect(mayDiscloseHivStatus(worker, 'psychologist', 'd1', { granted: true, scope: ['psychologist'] })).toBe(true);
    expect(mayDiscloseHivStatus({ ...worker, roles: ['coordinator'] }, 'coordinator', 'd1', granted)).toBe(false);
  });
});
