export * from './domain';
export * from './infrastructure';
export * from './application';
export * from './assessment.module';
