export * from './subjects';
export * from './streams';
export * from './publish';
export * from './consume';
export * from './connect';
export * from './dead-letters';
