import * as fs from 'node:fs';
import * as path from 'node:path';
import { DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';

/** Where the console is served: one port with the API, under this prefix. */
export const CONSOLE_PATH = '/console';

/**
 * The built web console (apps/web → dist/console, by `npm run build`). Found next to the compiled server or under
 * the working directory; none is found when only the server was built (then /console answers the API's 404).
 */
export function consoleDir(): string | null {
  const candidates = [path.resolve(__dirname, '../../../../console'), path.resolve(process.cwd(), 'dist/console')];
  return candidates.find((d) => fs.existsSync(path.join(d, 'index.html'))) ?? null;
}

/**
 * Serves the console's files under /console/ and answers every other /console/… path with its index.html, so deep
 * links work (the console's router reads the path). Only under /console: API paths keep their JSON 404.
 */
export function consoleModules(): DynamicModule[] {
  const dir = consoleDir();
  if (!dir) return [];
  return [
    ServeStaticModule.forRoot({
      rootPath: dir,
      serveRoot: CONSOLE_PATH,
      serveStaticOptions: {
        index: false,
        // hashed assets never change; index.html must be revalidated so a new build is picked up
        setHeaders: (res: any, file: string) => {
          res.setHeader('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      },
    }),
  ];
}
