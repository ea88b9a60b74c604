export * from './domain/backend';
export * from './domain/cases';
export * from './domain/corruption';
export * from './domain/dataset';
export * from './domain/features';
export * from './domain/methods';
export * from './domain/model';
export * from './domain/training';
