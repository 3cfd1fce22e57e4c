/** The schema's versions, oldest first. A new one is appended (never edited once released). */
import { sql as initial } from './001-initial.js';
import { sql as projects } from './002-projects.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'projects', sql: projects },
];
