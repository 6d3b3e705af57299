import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorsOnly, Returns } from '../http/openapi';
import { HealthDto } from './health.responses';
import { databaseReachable } from '@app/persistence';
import { QueueBackend } from '@app/messaging';
import { RUNTIME } from '@app/platform';
import type { Runtime } from '@app/platform';
import { Public } from '../access/allow.decorator';

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
}
