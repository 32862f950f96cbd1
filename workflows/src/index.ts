// The workflow entry file the worker bundles: workflows only (one per file), with their signals, queries
// and updates beside them.
export * from './case-follow-up';
export * from './messages';
export * from './case-conference';
export * from './conference-messages';
export * from './staff-handover';
export * from './family-retention';
