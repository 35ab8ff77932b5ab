/**
 * Resident use cases; their ports are built in functions/wiring/resident.ts.
 */
export * from './ports';
export * from './accounts';
export * from './holders';
export * from './dependents';
export * from './deletion';
export * from './input';
export * from './verification';
