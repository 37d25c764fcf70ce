// Runs a task now and then every intervalMs, never two at once; a failure is logged and the next run
// still happens. For housekeeping jobs whose rules are pure and clock-driven (they catch up on their own
// if a run is missed), so nothing more durable than a timer is needed.
export interface Periodic {
  stop(): Promise<void>;
}

export function every(intervalMs: number, task: () => Promise<unknown>, onError: (error: unknown) => void): Periodic {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await task();
      } catch (error) {
        onError(error);
      }
    });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
