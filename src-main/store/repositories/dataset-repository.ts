import { type DatasetSummary, DatasetSummarySchema } from '@shared/domain/dataset';
import type { Db } from '../connection';

interface DatasetRow {
  id: string;
  name: string;
  kind: string;
  classes: string;
  counts: string;
  created_at: string;
}

/** The database's index of the datasets on disk, for listing and joining with experiments. */
export class DatasetRepository {
  private readonly upsertStmt;
  private readonly all;
  private readonly byId;
  private readonly deleteStmt;

  constructor(db: Db) {
    this.upsertStmt = db.prepare(
      `INSERT INTO datasets (id, name, kind, classes, counts, created_at)
       VALUES (@id, @name, @kind, @classes, @counts, @createdAt)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, classes = excluded.classes,
         counts = excluded.counts`,
    );
    this.all = db.prepare<[], DatasetRow>('SELECT * FROM datasets ORDER BY created_at DESC');
    this.byId = db.prepare<[string], DatasetRow>('SELECT * FROM datasets WHERE id = ?');
    this.deleteStmt = db.prepare<[string]>('DELETE FROM datasets WHERE id = ?');
  }

  upsert(d: DatasetSummary): void {
    this.upsertStmt.run({
      ...d,
      classes: JSON.stringify(d.classes),
      counts: JSON.stringify(d.counts),
    });
  }

  list(): DatasetSummary[] {
    return this.all.all().map(toSummary);
  }

  get(id: string): DatasetSummary | null {
    const row = this.byId.get(id);
    return row ? toSummary(row) : null;
  }

  remove(id: string): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }
}

function toSummary(row: DatasetRow): DatasetSummary {
  return DatasetSummarySchema.parse({
    id: row.id,
    name: row.name,
    kind: row.kind,
    classes: JSON.parse(row.classes),
    counts: JSON.parse(row.counts),
    createdAt: row.created_at,
  });
}
