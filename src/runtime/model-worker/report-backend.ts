// Hands a figure's state the backend that really runs its models and where (the worker or this
// page), once the worker knows, for its BackendNote. A failure is not reported here: the figure's
// first job then fails and says why.
import type { BackendInfo, ModelClient, Where } from './client.ts';

export function reportBackend(
  client: Pick<ModelClient, 'backend' | 'where'>,
  to: { backend: BackendInfo | null; where: Where | null },
): void {
  client.backend().then(
    (b) => (to.backend = b),
    () => {},
  );
  client.where().then(
    (w) => (to.where = w),
    () => {},
  );
}
