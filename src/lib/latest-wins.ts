/**
 * Runs an async job so that the latest request wins: a call while a run is under way only marks that
 * one more run is due, and that run reads whatever state is current when it starts. Figures use it
 * to recompute as a slider moves without queueing every intermediate position.
 */
export function latestWins(job: () => Promise<void>, onBusy: (busy: boolean) => void = () => {}): () => Promise<void> {
  let running = false;
  let again = false;
  return async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    onBusy(true);
    try {
      do {
        again = false;
        await job();
      } while (again);
    } finally {
      running = false;
      onBusy(false);
    }
  };
}
