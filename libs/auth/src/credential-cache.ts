/**
 * The users and sessions an API process has looked up, kept so that a request with a known token needs no query to
 * know its actor, and forgotten the moment they change anywhere.
 *
 * - Every change that can refuse a token (a users row updated or deleted, a session revoked or deleted) makes
 *   PostgreSQL tell every listening process at commit: triggers NOTIFY `auth_changed` with the user's id (migration
 *   AuthChangeNotices1764300002600). A dedicated connection LISTENs; a notice drops that user's entries.
 * - No listener, no cache: until LISTEN has succeeded, and from the moment its connection fails until it has
 *   listened again (all entries dropped then: notices may have been missed), every lookup misses.
 * - A lookup that ran while a notice arrived is not kept (it may have read the row before the change).
 * - The request that revoked waits (`settled`) until this process has heard its own NOTIFY sent after the commit:
 *   notices arrive in commit order, so the revocation's has been heard too, by this process and — sent to all
 *   listeners at the same commit — by the others; its answer goes out after that.
 * - Entries live at most ENTRY_TTL_MS besides, a bound should anything change the tables with triggers disabled.
 *
 * What it does not give: a change made straight in the database (SQL, not the API) is refused once its notice has
 * arrived (well under a millisecond on one host, measured in test/credential-cache.e2e-spec.ts), not at the very next
 * request as without the cache — nothing can know of a commit elsewhere without asking. So it is off unless
 * CREDENTIAL_CACHE=on.
 */
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import type { Actor } from '@app/platform';

export const AUTH_CHANGED_CHANNEL = 'auth_changed';
const ENTRY_TTL_MS = 60_000;
const MAX_ENTRIES = 100_000;
const RECONNECT_MS = 1_000;
const SETTLE_TIMEOUT_MS = 2_000;
const SYNC = 'sync:';

export interface CachedCredential {
  actor: Actor;
  passwordChangeDue: boolean;
}

interface Entry extends CachedCredential {
  expiresAt: number;
}

@Injectable()
export class CredentialCache implements OnModuleDestroy {
  private readonly logger = new Logger('credentials');
  /** userId → sessionId → entry */
  private readonly users = new Map<string, Map<string, Entry>>();
  private size = 0;
  /** Moves on at every notice and every (re)connection: a lookup begun before may not be kept. */
  private generation = 0;
  private listener: Client | undefined;
  private listening = false;
  private starting = false;
  private closed = false;
  private readonly waitingForSync = new Map<string, () => void>();

  private readonly enabled: boolean;

  constructor(@Inject(DataSource) private readonly db: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    this.enabled = config.credentialCache;
  }

  /** Whether notices are heard (the cache is used only then). */
  get isListening(): boolean {
    return this.listening;
  }

  /** The cached credential of this user's session, or undefined (not known, changed, or no listener). */
  get(userId: string, sessionId: string): CachedCredential | undefined {
    if (!this.listening) {
      if (this.enabled) this.listen();
      return undefined;
    }
    const entry = this.users.get(userId)?.get(sessionId);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.forgetUser(userId);
      return undefined;
    }
    return entry;
  }

  /** Call before looking a credential up in the database; pass the answer to `set` with what it read. */
  ticket(): number {
    return this.listening ? this.generation : -1;
  }

  set(ticket: number, userId: string, sessionId: string, value: CachedCredential): void {
    if (ticket !== this.generation || !this.listening) return;
    if (this.size >= MAX_ENTRIES) this.forgetAll();
    let sessions = this.users.get(userId);
    if (!sessions) this.users.set(userId, (sessions = new Map()));
    if (!sessions.has(sessionId)) this.size++;
    sessions.set(sessionId, { ...value, expiresAt: Date.now() + ENTRY_TTL_MS });
  }

  /**
   * Resolves once this process has heard every notice of what committed before the call (a NOTIFY of its own, sent
   * now, comes back after them). Called after a revocation commits, before its answer goes out.
   */
  async settled(): Promise<void> {
    if (!this.listening) return;
    const id = randomUUID();
    const heard = new Promise<boolean>((resolve) => {
      this.waitingForSync.set(id, () => resolve(true));
      setTimeout(() => resolve(false), SETTLE_TIMEOUT_MS).unref();
    });
    try {
      await this.db.query(`SELECT pg_notify($1, $2)`, [AUTH_CHANGED_CHANNEL, SYNC + id]);
      if (!(await heard)) this.forgetAll(); // not heard in time: at least this process forgets everything
    } finally {
      this.waitingForSync.delete(id);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.lost();
    for (const done of this.waitingForSync.values()) done();
  }

  private listen(): void {
    if (this.listening || this.starting || this.closed) return;
    this.starting = true;
    const url = (this.db.options as { url?: string }).url;
    const client = new Client({ connectionString: url });
    this.listener = client;
    const fail = (e?: Error) => {
      if (this.listener !== client) return;
      if (e && !this.closed) this.logger.warn(`auth change listener lost (${e.message}); credentials are looked up each time until it is back`);
      this.lost();
      if (!this.closed) setTimeout(() => this.listen(), RECONNECT_MS).unref();
    };
    client.on('error', fail);
    client.on('end', () => fail(new Error('connection ended')));
    client.on('notification', (n) => this.heard(n.payload ?? '*'));
    client.connect()
      .then(() => client.query(`LISTEN ${AUTH_CHANGED_CHANNEL}`))
      .then(() => {
        if (this.listener !== client) return;
        this.forgetAll(); // whatever changed while nobody listened
        this.listening = true;
        this.starting = false;
      })
      .catch((e: Error) => fail(e));
  }

  private lost(): void {
    const client = this.listener;
    this.listener = undefined;
    this.listening = false;
    this.starting = false;
    this.forgetAll();
    if (client) {
      client.removeAllListeners('notification');
      client.on('error', () => undefined);
      client.end().catch(() => undefined);
    }
  }

  private heard(payload: string): void {
    if (payload.startsWith(SYNC)) {
      this.waitingForSync.get(payload.slice(SYNC.length))?.();
      return;
    }
    this.generation++;
    if (payload === '*') this.forgetAll();
    else this.forgetUser(payload);
  }

  private forgetUser(userId: string): void {
    const sessions = this.users.get(userId);
    if (!sessions) return;
    this.size -= sessions.size;
    this.users.delete(userId);
  }

  private forgetAll(): void {
    this.generation++;
    this.users.clear();
    this.size = 0;
  }
}
