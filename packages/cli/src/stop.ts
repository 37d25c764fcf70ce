// Graceful stop with a deadline: a shutdown step that fails or hangs must not keep a stopped server
// alive (an orchestrator would then have to SIGKILL it, losing the log flush it was waiting for).
export function stopWithin(close: () => Promise<void>, deadlineMs: number): void {
  const timer = setTimeout(() => {
    console.error(`candela: shutdown did not finish within ${deadlineMs} ms; exiting`);
    process.exit(1);
  }, deadlineMs);
  timer.unref();
  close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error('candela: error during shutdown:', err);
      process.exit(1);
    },
  );
}
