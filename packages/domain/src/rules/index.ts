// The workflow-safe part of the domain: plain data and pure functions, no schemas (zod stays out of the
// workflow bundle, which preloads this once per worker and shares it, frozen, among every workflow).
// Workflow code takes values from here only; types it may take from '@continuum/domain'.
export * from './programmes';
export * from './time';
export * from './ids';
export * from './risk';
export * from './policies';
export * from './child-hiv-status';
export * from './schedule';
export * from '../errors';
