/**
 * The load generator of a fault run: commands sent to whichever API process answers, each with its own
 * Idempotency-Key, retried with the SAME key on a timeout, a refused or cut connection, 502/503/504, 429 and the
 * retryable 409s, until answered or its time is up. Only 127.0.0.1.
 */

export interface Command {
  key: string;
  method: 'PUT' | 'POST';
  path: string;
  token: string;
  json?: unknown;
  /** multipart fields and one file */
  form?: { fields: Record<string, string>; file: { field: string; name: string; type: string; content: Buffer } };
  /** The event the command must leave exactly once when acknowledged, and never when not. */
  event: { type: string; payload: Record<string, unknown> };
}

export interface Outcome {
  command: Command;
  acknowledged: boolean;
  attempts: number;
  replayed: boolean;
  /** acknowledged by 409 IDEMPOTENCY_ANSWER_LOST: carried out, its answer not kept */
  answerLost?: boolean;
  /** the last answer (status and body), or the last network error */
  last: string;
}

const RETRYABLE_409 = new Set(['IDEMPOTENCY_IN_PROGRESS', 'VERSION_CONFLICT']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class LoadGenerator {
  private turn = 0;
  readonly outcomes: Outcome[] = [];

  constructor(private readonly ports: () => number[], private readonly perCommandMs = 60_000, private readonly requestTimeoutMs = 5_000) {}

  async send(command: Command): Promise<Outcome> {
    const outcome: Outcome = { command, acknowledged: false, attempts: 0, replayed: false, last: '' };
    this.outcomes.push(outcome);
    const until = Date.now() + this.perCommandMs;
    while (Date.now() < until) {
      const ports = this.ports();
      const port = ports[this.turn++ % ports.length];
      outcome.attempts++;
      try {
        const res = await fetch(`http://127.0.0.1:${port}${command.path}`, {
          method: command.method,
          headers: { Authorization: `Bearer ${command.token}`, 'Idempotency-Key': command.key, ...(command.json ? { 'Content-Type': 'application/json' } : {}) },
          body: command.json ? JSON.stringify(command.json) : command.form ? formData(command.form) : undefined,
          signal: AbortSignal.timeout(this.requestTimeoutMs),
        });
        const text = await res.text();
        outcome.last = `${res.status} ${text.slice(0, 300)}`;
        if (res.status >= 200 && res.status < 300) {
          outcome.acknowledged = true;
          outcome.replayed = res.headers.get('idempotent-replayed') === 'true';
          return outcome;
        }
        const code = safeJson(text)?.code;
        if (res.status === 409 && code === 'IDEMPOTENCY_ANSWER_LOST') {
          // the server says the request with this key was carried out (its answer lost in a crash): done, once
          outcome.acknowledged = true;
          outcome.answerLost = true;
          return outcome;
        }
        const again = res.status === 429 || res.status >= 502 || (res.status === 409 && RETRYABLE_409.has(code));
        if (!again) return outcome; // refused for good: not acknowledged
        const retryAfter = Number(res.headers.get('retry-after'));
        await sleep(Math.min(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 200, 2_000));
      } catch (e) {
        outcome.last = `network: ${(e as Error).message}`; // refused, reset or timed out: the command may or may not have run
        await sleep(100);
      }
    }
    return outcome;
  }
}

function formData(form: NonNullable<Command['form']>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(form.fields)) data.append(k, v);
  data.append(form.file.field, new Blob([form.file.content], { type: form.file.type }), form.file.name);
  return data;
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
