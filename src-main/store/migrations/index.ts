import type { Migration } from '../migrate';
import { settings } from './0001-settings';

/** Every schema step in order; append only, never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [settings];
