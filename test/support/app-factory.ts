/** Jest set-up: the end-to-end harness (@app/testing createTestApp) builds apps/main's composed application. */
import { useTestAppFactory } from '@app/testing';
import { createApp } from '../../apps/main/src/index';

useTestAppFactory((runtime, options) => createApp(runtime, options));
