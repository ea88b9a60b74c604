export * from './domain/backend';
export * from './domain/cases';
export * from './domain/methods';
