export * from './errors';
export * from './validate';
export * from './server';
export * from './auth';
export * from './openapi';
export * from './route-lists';
export * from './outbound';
export * from './csv';
