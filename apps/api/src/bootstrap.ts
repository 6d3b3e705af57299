import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { Runtime } from '@app/platform';
import { ApiModule } from './api.module';
import { validationPipe } from './http/validation.pipe';
import { CONSOLE_PATH, consoleModules } from './console/console.module';
import { precomputedHeaders } from './http/security-headers';

/**
 * helmet's default Content-Security-Policy, without `upgrade-insecure-requests`: offices reach the server over plain
 * http on an intranet host name, and that directive makes the browser fetch every asset over https (a blank page).
 * PDFs (reports, 抄告) are shown in the page from blob: URLs.
 */
const CSP_DIRECTIVES = {
  'upgrade-insecure-requests': null,
  'frame-src': ["'self'", 'blob:'],
  'object-src': ["'self'", 'blob:'],
};

/** Builds the HTTP application on a runtime, with more modules composed in (apps/main adds the worker's). */
export async function createApiApp(
  runtime: Runtime,
  { logs = true, ownsRuntime = false, modules = [] as any[] } = {},
): Promise<INestApplication> {
  const imports = [...consoleModules(), ...modules];
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRuntime(runtime, { ownsRuntime, imports }), {
    bufferLogs: true,
    logger: logs ? undefined : false,
  });
  if (logs) app.useLogger(app.get(Logger));
  app.use(precomputedHeaders(helmet({ contentSecurityPolicy: { directives: CSP_DIRECTIVES } })));
  // a browser opening the server lands on the console
  app.use((req: any, res: any, next: () => void) => (req.method === 'GET' && req.path === '/' ? res.redirect(302, `${CONSOLE_PATH}/`) : next()));
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
