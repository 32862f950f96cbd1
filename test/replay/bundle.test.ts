import { readFileSync } from 'node:fs';
import { WORKFLOW_BUNDLE_OPTIONS } from '@continuum/workflows/bundle-options';
import { readTestSystem } from '../harness/system-file';

/**
 * The workflow bundle the test system's worker runs, built as every worker builds it: no schemas in it (zod
 * cost 1.7 MiB of heap and tens of milliseconds for each new workflow), and the domain's rules preloaded once
 * per worker rather than evaluated again for each workflow.
 */
describe('the workflow bundle', () => {
  const code = readFileSync(readTestSystem().workflowBundlePath, 'utf8');
  const modules = [...code.matchAll(/^\/\*\*\*\/ "([^"]+)"/gm)].map((m) => m[1]!);

  it('lists its modules (so the checks below read something)', () => {
    expect(modules).toEqual(expect.arrayContaining(['./workflows/src/index.ts', './packages/domain/src/rules/index.ts']));
  });

  it('holds no zod, and of the packages only the domain rules, error kinds and the programmes', () => {
    expect(modules.filter((m) => m.includes('/zod/'))).toEqual([]);
    const ours = modules.filter((m) => m.startsWith('./packages/'));
    const allowed = (m: string) =>
      m.startsWith('./packages/domain/src/rules/') || m === './packages/domain/src/errors.ts' || m.startsWith('./packages/programmes/src/');
    expect(ours.filter((m) => !allowed(m))).toEqual([]);
    expect(ours.filter((m) => m.startsWith('./packages/programmes/src/'))).toContain('./packages/programmes/src/index.ts');
  });

  it('preloads the rules once per worker', () => {
    expect(WORKFLOW_BUNDLE_OPTIONS.preloadModules).toEqual(['@continuum/domain/rules']);
    const preload = code.slice(code.indexOf('exports.preloadModules'), code.indexOf('exports.importWorkflows'));
    expect(preload).toContain('"./packages/domain/src/rules/index.ts"');
  });
});
