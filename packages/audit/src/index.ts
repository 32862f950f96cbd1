export * from './chain';
export * from './trail';
export * from './sealer';
export * from './verify';
