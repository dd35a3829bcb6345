// The front page's "save the whole book for offline reading" button (src/components/SaveOffline.astro):
// asks the service worker to store every page, figure, model, digit set and the search index, and
// shows its progress. Hidden where there can be no service worker (file://, plain http off localhost).
import type { SaveProgress } from '../lib/offline-files.ts';
import { canWorkOffline, offlineWorker } from './offline.ts';

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function setup(box: HTMLElement): void {
  const button = box.querySelector<HTMLButtonElement>('.save-offline-button');
  const bar = box.querySelector<HTMLProgressElement>('progress');
  const count = box.querySelector<HTMLElement>('.save-offline-count');
  const status = box.querySelector<HTMLElement>('.save-offline-status');
  if (!button || !bar || !count || !status) return;
  box.hidden = false;

  /** Counts go to the bar and the line beside it; only beginnings and endings are announced. */
  const show = (p: SaveProgress) => {
    bar.max = p.total;
    bar.value = p.stored;
    bar.hidden = false;
    count.textContent = `${p.stored} of ${p.total} files, ${megabytes(p.storedBytes)} of ${megabytes(p.totalBytes)}`;
    if (p.type === 'progress') return;
    if (p.stored === p.total) {
      status.textContent = `Saved: the whole book works offline in this browser (${megabytes(p.totalBytes)}).`;
      button.textContent = 'Check the saved copy for updates';
    } else if (p.type === 'saved')
      status.textContent = `${p.total - p.stored} files could not be saved (is the network down?): press the button again to finish.`;
  };

  const ask = async (type: 'status' | 'save-all'): Promise<SaveProgress> => {
    const worker = await offlineWorker();
    const channel = new MessageChannel();
    return new Promise((resolve) => {
      channel.port1.onmessage = (event: MessageEvent<SaveProgress>) => {
        show(event.data);
        if (event.data.type !== 'progress' || type === 'status') resolve(event.data);
      };
      worker.postMessage({ type }, [channel.port2]);
    });
  };

  button.addEventListener('click', async () => {
    button.disabled = true;
    box.setAttribute('aria-busy', 'true');
    status.textContent = 'Saving the book for offline reading…';
    try {
      await ask('save-all');
    } catch {
      status.textContent = 'This browser does not allow saving the book for offline reading (service workers are off).';
    } finally {
      button.disabled = false;
      box.removeAttribute('aria-busy');
    }
  });
  // A reader who saved before sees how things stand without pressing anything.
  if (navigator.serviceWorker.controller) ask('status').catch(() => {});
}

const box = document.querySelector<HTMLElement>('.save-offline');
if (box && canWorkOffline()) setup(box);
