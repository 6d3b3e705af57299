/**
 * Ctrl-C (SIGINT) and SIGTERM close the application in order — HTTP server, queues and workers, database pools,
 * then the embedded PostgreSQL server if this process started it — and exit 0. A second signal while closing
 * exits at once (1). Used instead of Nest's enableShutdownHooks, which re-raises the signal after closing
 * (the process then ends "killed by SIGINT", not 0).
 */
export function closeOnSignals(app: { close(): Promise<void> }, log: (m: string) => void = (m) => console.error(m)): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      log(`${signal} again while closing: exiting now`);
      process.exit(1);
    }
    closing = true;
    app.close().then(
      () => process.exit(0),
      (e) => {
        log(`error while closing after ${signal}: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
