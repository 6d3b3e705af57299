/** What the API app exports for composition (apps/main): the HTTP application builder. */
export { createApiApp } from './bootstrap';
