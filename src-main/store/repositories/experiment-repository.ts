import { createHash } from 'node:crypto';
import type { ExperimentRecord } from '@shared/domain/records';
import type { Scenario } from '@shared/domain/scenario';
import type { Db } from '../connection';
import { nowIso } from '../json-column';

interface ExperimentRow {
  id: number;
  name: string;
  dataset_id: string;
  scenario: string;
  scenario_hash: string;
  created_at: string;
}

/** A stable hash of a scenario: same settings → same hash, whatever the key order. */
export function scenarioHash(scenario: Scenario): string {
  return createHash('sha256').update(canonicalJson(scenario)).digest('hex').slice(0, 16);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const toRecord = (row: ExperimentRow): ExperimentRecord => ({
  id: row.id,
  name: row.name,
  datasetId: row.dataset_id,
  scenario: JSON.parse(row.scenario),
  scenarioHash: row.scenario_hash,
  createdAt: row.created_at,
});

export class ExperimentRepository {
  private readonly insertStmt;
  private readonly byId;
  private readonly all;
  private readonly deleteStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<[string, string, string, string, string]>(
      'INSERT INTO experiments (name, dataset_id, scenario, scenario_hash, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.byId = db.prepare<[number], ExperimentRow>('SELECT * FROM experiments WHERE id = ?');
    this.all = db.prepare<[], ExperimentRow>('SELECT * FROM experiments ORDER BY id DESC');
    this.deleteStmt = db.prepare<[number]>('DELETE FROM experiments WHERE id = ?');
  }

  create(scenario: Scenario): ExperimentRecord {
    const info = this.insertStmt.run(
      scenario.name,
      scenario.datasetId,
      JSON.stringify(scenario),
      scenarioHash(scenario),
      nowIso(),
    );
    return this.get(Number(info.lastInsertRowid))!;
  }

  get(id: number): ExperimentRecord | null {
    const row = this.byId.get(id);
    return row ? toRecord(row) : null;
  }

  list(): ExperimentRecord[] {
    return this.all.all().map(toRecord);
  }

  remove(id: number): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }
}
