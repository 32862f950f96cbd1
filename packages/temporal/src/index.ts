export * from './payload-codec';
export * from './client';
