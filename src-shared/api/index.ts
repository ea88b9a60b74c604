export * from './contract';
export * from './envelope';
export * from './events';
export * from './methods/app';
export * from './methods/datasets';
export * from './methods/experiments';
export * from './methods/runs';
