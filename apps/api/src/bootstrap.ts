import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { Runtime } from '@app/platform';
import { ApiModule } from './api.module';
import { validationPipe } from './http/validation.pipe';

/** Builds the HTTP application on a runtime, with more modules composed in (apps/main adds the worker's). */
export async function createApiApp(
  runtime: Runtime,
  { logs = true, ownsRuntime = false, modules = [] as any[] } = {},
): Promise<INestApplication> {
  const imports = modules;
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRuntime(runtime, { ownsRuntime, imports }), {
    bufferLogs: true,
    logger: logs ? undefined : false,
  });
  if (logs) app.useLogger(app.get(Logger));
  // helmet's default CSP has upgrade-insecure-requests: opened through a plain-http intranet host name (not
  // 127.0.0.1) every asset of the console would be fetched over https and the page stay blank
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.set('trust proxy', 'loopback');
  app.useBodyParser('json', { limit: '2mb' });
  app.useGlobalPipes(validationPipe);
  const doc = new DocumentBuilder()
    .setTitle('派驻机构考核 · Station assessment API')
    .setDescription('Yearly assessment of dispatched stations: records, self-assessment, scoring, results, approval, release and 抄告 notices.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An access token from POST /auth/login (or /auth/refresh), or an API token sat_…' })
    .addSecurityRequirements('bearer')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc));
  return app;
}
