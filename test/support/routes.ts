/**
 * Every HTTP route of a running Nest app, read from Nest's own metadata (controllers of every module, their
 * PATH/METHOD metadata and the @Allow/@Public metadata of apps/api/src/access/allow.decorator.ts), so a route
 * added later is covered by the matrix and fuzz tests without editing them.
 */
import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { PERMISSION_KEY, PUBLIC_KEY } from '../../apps/api/src/access/allow.decorator';
import type { Permission } from '../../apps/api/src/access/permissions';

export interface RouteInfo {
  controller: string;
  handler: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'ALL';
  /** e.g. /subdistricts/:subdistrictId/years/:year */
  path: string;
  params: string[];
  permission?: Permission;
  isPublic: boolean;
  /** the class of the @Body() parameter, when the handler has one */
  bodyType?: Function;
  /** multipart upload routes (FileInterceptor) */
  multipart: boolean;
  /** the handler reads the body at all (@Body or an upload) */
  readsBody: boolean;
}

const METHODS: Record<number, RouteInfo['method']> = {
  [RequestMethod.GET]: 'GET', [RequestMethod.POST]: 'POST', [RequestMethod.PUT]: 'PUT', [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.DELETE]: 'DELETE', [RequestMethod.HEAD]: 'HEAD', [RequestMethod.OPTIONS]: 'OPTIONS', [RequestMethod.ALL]: 'ALL',
};
const BODY = 3; // RouteParamtypes.BODY
const FILE = 8; // RouteParamtypes.FILE (FILES = 9)

function join(...parts: string[]): string {
  const p = '/' + parts.map((x) => x.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
  return p;
}

export function listRoutes(app: INestApplication): RouteInfo[] {
  const reflector = app.get(Reflector);
  const seen = new Set<Function>();
  const routes: RouteInfo[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const ctrl = wrapper.metatype as Function | undefined;
      if (!ctrl || seen.has(ctrl)) continue;
      seen.add(ctrl);
      const prefixes = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, ctrl) ?? '');
      for (const name of Object.getOwnPropertyNames(ctrl.prototype)) {
        const fn = ctrl.prototype[name];
        if (name === 'constructor' || typeof fn !== 'function') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, fn);
        if (paths === undefined) continue;
        const method = METHODS[Reflect.getMetadata(METHOD_METADATA, fn) ?? RequestMethod.GET];
        const args: Record<string, { index: number; data?: unknown }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, ctrl, name) ?? {};
        const types: Function[] = Reflect.getMetadata('design:paramtypes', ctrl.prototype, name) ?? [];
        const bodyArg = Object.entries(args).find(([k, a]) => Number(k.split(':')[0]) === BODY && a.data === undefined);
        const fileArg = Object.keys(args).some((k) => [FILE, FILE + 1].includes(Number(k.split(":")[0])));
        const bodyType = bodyArg ? types[bodyArg[1].index] : undefined;
        const targets = [fn, ctrl];
        for (const p of ([] as string[]).concat(paths)) {
          for (const prefix of prefixes) {
            const path = join(prefix, p);
            routes.push({
              controller: ctrl.name,
              handler: name,
              method,
              path,
              params: [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]),
              permission: reflector.getAllAndOverride<Permission>(PERMISSION_KEY, targets),
              isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true,
              bodyType: bodyType && bodyType !== Object ? bodyType : undefined,
              multipart: fileArg,
              readsBody: Boolean(bodyArg) || fileArg,
            });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** Fills a route's :params from a table of values; unknown params get `fallback(name)`. */
export function fillPath(route: RouteInfo, values: Record<string, string>, fallback: (name: string) => string): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => encodeURIComponent(values[name] ?? fallback(name)));
}
