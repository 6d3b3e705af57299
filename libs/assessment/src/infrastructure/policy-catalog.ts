import { Inject, Injectable } from '@nestjs/common';
import * as path from 'node:path';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { loadPolicyRegistry, Policy, PolicyRegistry } from '@app/policy';

/** The policy versions of this deployment (config/policies/*.json), loaded and validated once at start-up. */
@Injectable()
export class PolicyCatalog {
  readonly registry: PolicyRegistry;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.registry = loadPolicyRegistry(path.join(config.configDir, 'policies'));
  }

  get(version: string): Policy {
    return this.registry.get(version);
  }
}
