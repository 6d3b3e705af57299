import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiErrorsOnly, Returns } from '../http/openapi';
import { HealthDto } from './health.responses';
import { databaseReachable } from '@app/persistence';
import { QUEUES, QueueBackend } from '@app/messaging';
import { readDeliveryHealth } from '@app/notices';
import { RUNTIME } from '@app/platform';
import type { Actor, Runtime } from '@app/platform';
import { Allow, CurrentActor, Public } from '../access/allow.decorator';
import { SystemHealthDto } from './health.dto';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly queues: QueueBackend,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  @Get()
  @ApiErrorsOnly(429)
  @Returns(HealthDto)
  @Returns(HealthDto, 503, 'the database or the queue backend is down')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Database and queue backend reachability (503 when either is down)' })
  async health(@Res({ passthrough: true }) res: { status(code: number): void }) {
    const database = await databaseReachable(this.runtime.dataSource);
    const queue = await this.queues.ping();
    const ok = database && queue;
    if (!ok) res.status(503);
    return {
      status: ok ? 'ok' : 'degraded',
      database: { ok: database, embedded: this.runtime.embeddedDatabase },
      queue: { ok: queue, backend: this.queues.kind },
    };
  }

  @Get('details')
  @Allow('deliveries.read')
  @ApiOperation({ summary: 'System health for administrators: job counts per queue, the outbox backlog and its lag, deliveries by channel and status, the latest failed deliveries' })
  @Returns(SystemHealthDto)
  @ApiErrors()
  async details(@CurrentActor() actor: Actor): Promise<SystemHealthDto> {
    const queues = await Promise.all(Object.values(QUEUES).map(async (name) => {
      const counts = await this.queues.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed').catch(() => null);
      return { name, ok: counts !== null, waiting: counts?.waiting ?? 0, active: counts?.active ?? 0, delayed: counts?.delayed ?? 0, failed: counts?.failed ?? 0 };
    }));
    // deliveries of the caller's subdistrict only (a deployment-wide admin sees all)
    return { queueBackend: this.queues.kind, queues, ...(await readDeliveryHealth(this.runtime.dataSource, actor.subdistrictId)) };
  }
}
