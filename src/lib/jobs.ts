/**
 * The contract between a figure's model work and whatever runs it. A job is a pure async function
 * `(ctx, input) => output` over tfjs-core tensors; src/runtime/model-worker runs it in the page's
 * model worker (or, where workers are unavailable, on the main thread), and the make-static scripts
 * run the same function in Node to precompute a figure's default state.
 *
 * A job owns what it creates: tensors inside tf.tidy or disposed before it returns; its output's
 * typed arrays are fresh (they are transferred to the page, which detaches them here).
 */
import type { DigitSet } from './digit-set.ts';
import type { LogitsFn } from './attacks.ts';
import type { FetchLike, ModelManifest } from './model-artifacts.ts';
import type { io } from '@tensorflow/tfjs-core';
import type { SequentialNet } from './sequential.ts';

/** A shipped model, loaded once per host and shared by every job. */
export interface LoadedModel {
  name: string;
  manifest: ModelManifest;
  net: SequentialNet;
  /** Inputs [N, 28, 28, 1] to logits [N, 10]. */
  logits: LogitsFn;
}

/** A model's validated files, for jobs that build their own network from them. */
export interface ModelFiles {
  manifest: ModelManifest;
  artifacts: io.ModelArtifacts;
}

export interface JobContext<P = never> {
  /** Aborted when a newer request arrives on the same channel, or the figure cancels. */
  readonly signal: AbortSignal;
  /**
   * Call between chunks of work: once a slice of time has passed it yields to the host's event loop
   * (so that a cancel or a newer request can arrive), and it throws an AbortError once aborted.
   */
  checkpoint(): Promise<void>;
  /** Reports progress to the figure (fire and forget). */
  progress(value: P): void;
  /** A shipped model by name, as a network on tfjs-core ops. */
  model(name: string): Promise<LoadedModel>;
  modelFiles(name: string): Promise<ModelFiles>;
  /** The held-out digits shipped with the site (shared: never transfer or modify them). */
  digits(): Promise<DigitSet>;
  /**
   * A file the site serves, by its path under the base path (`models/vae/model.json`): for models that
   * are not classifiers, which load and validate their own files (src/lib/gen/vae-files.ts). Optional, so
   * that contexts made for jobs that never ask for a file (tests' fakes) need not offer it.
   */
  file?: FetchLike;
  /**
   * A value kept by the host between jobs (a cache, prepared tensors), made once per key. `make` runs
   * with a context of its own, which a newer request on the caller's channel does not abort (only a
   * release of the key does); a waiting job can still be aborted. With `progress`, make's progress
   * reaches this job's figure too. `dispose` runs when the figure releases keys with this prefix or
   * the host closes.
   */
  keep<T>(key: string, make: (ctx: JobContext<P>) => T | Promise<T>, options?: KeepOptions<T>): Promise<T>;
}

export interface KeepOptions<T> {
  dispose?: (value: T) => void;
  /** Forward make's progress to this job's progress. */
  progress?: boolean;
}

/** A job: its input and output cross a thread boundary, so both are plain data and typed arrays. */
export type Job<I, O, P = never> = (ctx: JobContext<P>, input: I) => Promise<O>;

/** The error a cancelled or superseded job ends with (its name survives the trip between threads). */
export class AbortError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

/** An error that names what could not be loaded and why; a figure shows its message as it is. */
export class LoadError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LoadError';
  }
}

export const isLoadError = (e: unknown): boolean => (e as { name?: unknown } | null)?.name === 'LoadError';

export const isAbortError = (e: unknown): boolean => (e as { name?: unknown } | null)?.name === 'AbortError';

/** Throws an AbortError if the signal has fired. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new AbortError(typeof signal.reason === 'string' ? signal.reason : 'cancelled');
}

/** A job's failure in words for the figure: what could not be loaded says so itself; anything else failed `what`. */
export function failureMessage(e: unknown, what: string): string {
  const message = e instanceof Error ? e.message : String(e);
  return isLoadError(e) ? message.charAt(0).toUpperCase() + message.slice(1) : `${what} failed: ${message}`;
}
