// Node side, never bundled: how every worker (the service, the test harness, the benchmarks) bundles the
// workflow code, so that all of them run the same bundle.

/** The bundle's entry: the workflows, with their signals, queries and updates. */
export const WORKFLOWS_PATH = require.resolve('./index');

/**
 * Modules evaluated once per worker and shared, deep-frozen, by every workflow it runs (the SDK's
 * `preloadModules`). Only plain data and pure functions belong here: nothing that keeps per-workflow state.
 * Without it each new workflow would evaluate the policies and rules again, into a heap of its own.
 */
export const PRELOADED_MODULES: string[] = ['@continuum/domain/rules'];

/** The options for `bundleWorkflowCode`. */
export const WORKFLOW_BUNDLE_OPTIONS = { workflowsPath: WORKFLOWS_PATH, preloadModules: PRELOADED_MODULES };
