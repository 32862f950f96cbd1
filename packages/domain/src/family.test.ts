import { consentChange } from './family';

describe('how a consent changed', () => {
  const on = (scope: string[]) => ({ granted: true, scope });
  it('says granted, withdrawn, widened, narrowed, or changed', () => {
    expect(consentChange(null, on(['social-service']))).toBe('granted');
    expect(consentChange({ granted: false, scope: ['social-service'] }, on(['social-service']))).toBe('granted');
    expect(consentChange(on(['social-service']), { granted: false, scope: ['social-service'] })).toBe('withdrawn');
    expect(consentChange(on(['social-service']), on(['social-service', 'case-conference']))).toBe('widened');
    expect(consentChange(on(['social-service', 'case-conference']), on(['case-conference']))).toBe('narrowed');
    expect(consentChange(on(['social-service']), on(['psychologist']))).toBe('changed');
    expect(consentChange(on(['social-service']), on(['social-service']))).toBe('changed');
  });
});
