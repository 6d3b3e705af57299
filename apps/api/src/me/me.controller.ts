import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/platform';
import { TodoQueries } from '@app/reporting';
import { Allow, CurrentActor } from '../access/allow.decorator';
import { AuditService } from '../audit/audit.service';
import { ApiErrors, Returns } from '../http/openapi';
import { TodoDto } from './me.dto';

/** The caller's own work: the console's home page (待办 and 已办). */
@ApiTags('me')
@Controller('me')
export class MeController {
  constructor(private readonly todos: TodoQueries, private readonly audit: AuditService) {}

  @Get('todo')
  @Allow('todo.own')
  @ApiOperation({ summary: 'What awaits the caller now (待办, with deadlines and console links) and what they did recently (已办)' })
  @Returns(TodoDto)
  @ApiErrors()
  async todo(@CurrentActor() actor: Actor): Promise<TodoDto> {
    const [{ generatedAt, items }, done] = await Promise.all([this.todos.todo(actor), this.audit.recentBy(actor.userId, 20)]);
    return { generatedAt, items, done };
  }
}
