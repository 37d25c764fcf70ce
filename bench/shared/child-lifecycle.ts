// The child side of bench/shared/children.ts: how a benchmark's child process (a control plane, an edge
// host) stops, and how it reports a failed start. The parent sends SIGTERM (then SIGKILL); a parent that
// goes away (killed, crashed) closes the IPC channel, and the child must then not linger holding ports,
// databases and data dirs.

/** Runs `close` once on SIGTERM, SIGINT or the parent going away, then exits (1 when `close` failed). */
export function closeOnStop(close: () => Promise<unknown>): void {
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}

/** Runs a child's main; a throw is sent to the parent as `failed` (its `first()` rejects with it) and the child exits. */
export function runChildMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.send?.({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exitCode = 1;
    // Give the IPC message a moment to leave before the channel closes with the process.
    setTimeout(() => process.exit(1), 200);
  });
}
