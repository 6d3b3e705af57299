import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { PolicyDto, PolicyVersionDto, RebuiltDto } from './admin.responses';
import { PolicyCatalog, rebuildProjectionsAs } from '@app/assessment';
import { CLOCK, RUNTIME } from '@app/platform';
import type { Actor, Clock, Runtime } from '@app/platform';
import { Allow, CurrentActor } from '../access/allow.decorator';
import { ApiError } from '../http/api-error';

@ApiTags('policies')
@Controller('policies')
export class PoliciesController {
  constructor(private readonly policies: PolicyCatalog) {}

  @Get()
  @ApiErrors()
  @Returns([PolicyVersionDto])
  @Allow('policies.read')
  @ApiOperation({ summary: 'The policy (rubric) versions of this deployment' })
  list() {
    return this.policies.registry.versions().map((v) => {
      const p = this.policies.get(v);
      return { version: p.version, title: p.title, effectiveFrom: p.effectiveFrom };
    });
  }

  @Get(':version')
  @ApiPath('version')
  @ApiErrors(404)
  @Returns(PolicyDto)
  @Allow('policies.read')
  @ApiOperation({ summary: 'One policy version: rubric items and maxima, grades, quota, bonus, schedule' })
  get(@Param('version') version: string) {
    if (!this.policies.registry.versions().includes(version)) throw ApiError.notFound(`policy version "${version}"`);
    return this.policies.get(version);
  }
}

@ApiTags('operations')
@Controller('projections')
export class ProjectionsController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime, @Inject(CLOCK) private readonly clock: Clock) {}

  @Post('rebuild')
  @ApiErrors(409, 422)
  @Returns(RebuiltDto)
  @HttpCode(200)
  @Allow('projections.rebuild')
  @ApiOperation({ summary: 'Rebuild every read model from the event store, in one transaction' })
  async rebuild(@CurrentActor() actor: Actor) {
    const started = Date.now(); // wall time: this measures the work, it is not business time
    const events = await rebuildProjectionsAs(this.runtime.dataSource, actor, this.clock.now());
    return { events, ms: Date.now() - started };
  }
}
