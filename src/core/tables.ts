/** Every module's tables, for drizzle-kit and the migrator. */
export * from '../modules/identity/tables.ts';
export * from '../modules/rules/tables.ts';
export * from '../modules/audit/tables.ts';
