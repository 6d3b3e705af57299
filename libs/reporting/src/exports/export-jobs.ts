/**
 * Exports as jobs: a row in `exports` (Postgres is the truth: status, progress, error, the file in `files`) and, in
 * the same transaction, an outbox row the relay turns into a job on the `exports` queue that builds the file. The
 * request never waits for Redis, and a request row cannot exist without its job: a job lost later (Redis flushed, a
 * worker killed mid-build) is re-queued by the sweep (`requeueStuck`) under the deterministic id `export-<id>`.
 */
import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { jobIds, QUEUES, QueueBackend } from '@app/messaging';
import { enqueueOutbox } from '@app/persistence';
import { DomainError, loadStationYear, loadYear, NotFoundError, TransitionRefusedError, UnitOfWork, ValidationError } from '@app/assessment';
import type { Actor, YearRef } from '@app/assessment';
import { EXPORT_KINDS, ExportFiles, ExportKind, STATION_EXPORT_KINDS } from './export-files';
import { isUuid } from '@app/platform';

export interface ExportStatus {
  exportId: string;
  kind: ExportKind;
  stationId: string | null;
  status: 'queued' | 'running' | 'ready' | 'failed';
  progress: number;
  error: string | null;
  fileName: string | null;
  size: number | null;
  createdAt: Date;
  finishedAt: Date | null;
}

@Injectable()
export class ExportJobs {
  constructor(private readonly uow: UnitOfWork, private readonly queues: QueueBackend, private readonly files: ExportFiles) {}

  async create(actor: Actor, ref: YearRef, kind: ExportKind, stationId?: string | null): Promise<{ exportId: string }> {
    if (!EXPORT_KINDS.includes(kind)) throw new ValidationError('kind', `must be one of ${EXPORT_KINDS.join(', ')}`);
    if (STATION_EXPORT_KINDS.includes(kind)) {
      if (!stationId) throw new ValidationError('stationId', `a ${kind} is per station: give stationId`);
      await loadStationYear(this.uow.db, ref.subdistrictId, stationId, ref.year);
    } else {
      stationId = null;
      await loadYear(this.uow.db, ref.subdistrictId, ref.year);
    }
    const exportId = randomUUID();
    const now = this.uow.now();
    await this.uow.sql.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO exports (id, subdistrict_id, year, kind, station_id, requested_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
        [exportId, ref.subdistrictId, ref.year, kind, stationId, actor.userId, now],
      );
      await enqueueOutbox(tx, [{ queue: QUEUES.exports, name: 'export', payload: { exportId } }]);
    });
    return { exportId };
  }

  /**
   * Re-queues exports still queued or running with no progress for `staleMs` (their job was lost or its worker
   * died): a finished job of the same id is removed first so the id can be used again. Returns their ids.
   */
  async requeueStuck(staleMs: number): Promise<string[]> {
    const rows: { id: string }[] = await this.uow.db.query(
      `SELECT id FROM exports WHERE status IN ('queued', 'running') AND updated_at < $1::timestamptz ORDER BY created_at LIMIT 1000`,
      [new Date(this.uow.now().getTime() - staleMs)],
    );
    const q = this.queues.queue(QUEUES.exports);
    for (const { id } of rows) {
      const job = await q.getJob(jobIds.export(id));
      const state = job ? await job.getState() : undefined;
      if (state && state !== 'completed' && state !== 'failed') continue; // waiting, delayed or running: leave it
      if (job) await job.remove().catch(() => undefined);
      await q.add('export', { exportId: id }, { jobId: jobIds.export(id), attempts: 3 });
    }
    return rows.map((r) => r.id);
  }

  async status(ref: YearRef, exportId: string): Promise<ExportStatus> {
    const [r] = await this.uow.db.query(
      `SELECT x.*, f.name AS file_name, f.size FROM exports x LEFT JOIN files f ON f.id = x.file_id
       WHERE x.id = $1 AND x.subdistrict_id = $2 AND x.year = $3`,
      [isUuid(exportId) ? exportId : null, ref.subdistrictId, ref.year],
    );
    if (!r) throw new NotFoundError('export', exportId);
    return {
      exportId: r.id, kind: r.kind, stationId: r.station_id, status: r.status, progress: Number(r.progress), error: r.error,
      fileName: r.file_name ?? null, size: r.size ?? null, createdAt: r.created_at, finishedAt: r.finished_at,
    };
  }

  async file(ref: YearRef, exportId: string): Promise<{ name: string; mime: string; content: Buffer }> {
    const s = await this.status(ref, exportId);
    if (s.status !== 'ready') throw new TransitionRefusedError(s.status, 'DOWNLOAD', [], `the export is ${s.status}, not ready`);
    const [f] = await this.uow.db.query(`SELECT f.name, f.mime, f.content FROM exports x JOIN files f ON f.id = x.file_id WHERE x.id = $1`, [exportId]);
    return f;
  }

  /** The job's work: build, store the file, mark ready. A domain error (bad input) fails the export for good. */
  async run(exportId: string, report: (fraction: number) => Promise<void> = async () => undefined): Promise<ExportStatus['status']> {
    const [x] = await this.uow.db.query(`SELECT * FROM exports WHERE id = $1`, [exportId]);
    if (!x) throw new NotFoundError('export', exportId);
    if (x.status === 'ready') return 'ready';
    await this.update(exportId, { status: 'running', progress: 0, error: null });
    const onProgress = async (fraction: number) => {
      const p = Math.min(0.99, Math.max(0, fraction));
      await this.update(exportId, { progress: p });
      await report(p);
    };
    try {
      const file = await this.files.build(x.kind, { subdistrictId: x.subdistrict_id, year: x.year }, x.station_id, onProgress);
      await this.uow.db.transaction(async (tx) => {
        const [f] = await tx.query(
          `INSERT INTO files (sha256, name, mime, size, content) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [createHash('sha256').update(file.content).digest('hex'), file.name, file.mime, file.content.length, file.content],
        );
        await tx.query(`UPDATE exports SET status = 'ready', progress = 1, file_id = $2, updated_at = $3, finished_at = $3 WHERE id = $1`,
          [exportId, f.id, this.uow.now()]);
      });
      await report(1);
      return 'ready';
    } catch (e) {
      const final = e instanceof DomainError;
      await this.update(exportId, { status: final ? 'failed' : 'queued', error: (e as Error).message, ...(final ? { finished_at: this.uow.now() } : {}) });
      if (!final) throw e; // retried by the queue
      return 'failed';
    }
  }

  private async update(exportId: string, set: Record<string, unknown>): Promise<void> {
    const cols = Object.keys(set);
    await this.uow.db.query(
      `UPDATE exports SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = $${cols.length + 2} WHERE id = $1`,
      [exportId, ...Object.values(set), this.uow.now()],
    );
  }
}
