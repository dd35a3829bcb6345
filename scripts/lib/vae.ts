/**
 * The book's generative model: a small variational autoencoder (Kingma and Welling 2014) with a 2-D
 * latent, trained on the 8,000 training digits binarised as src/lib/gen/pixels.ts says. Encoder
 * 784 → 256 ReLU → (μ, log σ²) in 2-D; decoder 2 → HIDDEN ReLU → 784 Bernoulli logits. Every random
 * choice is seeded (initial weights, batch order, the reparameterisation noise ε), so a rerun gives
 * byte-identical weights. Only the decoder ships, its weights quantised to 8 bits.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { gaussian, mulberry32, permutation, type Rng } from '../../src/lib/rng.ts';
import { PIXELS } from '../../src/lib/gen/pixels.ts';
import { learningRate } from './training.ts';

export const LATENT = 2;

export interface VaeOptions {
  seed: number;
  epochs: number;
  batchSize: number;
  peakLr: number;
  encoderHidden: number;
  decoderHidden: number;
}

export const VAE_OPTIONS: VaeOptions = {
  seed: 18,
  epochs: 60,
  batchSize: 100,
  peakLr: 2e-3,
  encoderHidden: 256,
  decoderHidden: 192,
};

export const vaeArchitecture = (o: VaeOptions) => ({
  encoder: `784 binary pixels → dense ${o.encoderHidden} ReLU → dense ${2 * LATENT} (μ and log σ² of q(z | x), ${LATENT}-D)`,
  decoder: `z (${LATENT}-D) → dense ${o.decoderHidden} ReLU → dense 784 "logits" (Bernoulli p(x | z) = sigmoid(logits))`,
});

export interface Vae {
  encoder: tfl.Sequential;
  decoder: tfl.Sequential;
  dispose(): void;
}

export function buildVae(o: VaeOptions): Vae {
  const init = (k: number) => tfl.initializers.glorotUniform({ seed: o.seed * 16 + k });
  const encoder = tfl.sequential({
    name: 'vae_encoder',
    layers: [
      tfl.layers.dense({
        inputShape: [PIXELS],
        units: o.encoderHidden,
        activation: 'relu',
        name: 'enc_hidden',
        kernelInitializer: init(1),
      }),
      tfl.layers.dense({ units: 2 * LATENT, name: 'enc_out', kernelInitializer: init(2) }),
    ],
  });
  const decoder = tfl.sequential({
    name: 'vae_decoder',
    layers: [
      tfl.layers.dense({
        inputShape: [LATENT],
        units: o.decoderHidden,
        activation: 'relu',
        name: 'dec_hidden',
        kernelInitializer: init(3),
      }),
      tfl.layers.dense({ units: PIXELS, name: 'logits', kernelInitializer: init(4) }),
    ],
  });
  return {
    encoder,
    decoder,
    dispose() {
      encoder.dispose();
      decoder.dispose();
    },
  };
}

/** Per-digit terms of the negative ELBO: Σ_pixels −log p(x | z) at one z, and KL(q(z | x) ‖ N(0, I)). */
function terms(vae: Vae, x: tf.Tensor2D, eps: tf.Tensor2D, training: boolean) {
  const h = vae.encoder.apply(x, { training }) as tf.Tensor2D;
  const mu = tf.slice(h, [0, 0], [-1, LATENT]);
  const logVar = tf.slice(h, [0, LATENT], [-1, LATENT]);
  const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps));
  const logits = vae.decoder.apply(z, { training }) as tf.Tensor2D;
  // −log Bernoulli(x | sigmoid(l)) = softplus(l) − x·l, stable for any l.
  const nll = tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)), 1);
  const kl = tf.mul(tf.sum(tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), tf.add(logVar, 1)), 1), 0.5);
  return { nll, kl };
}

/** ε for a batch, from the run's seeded generator. */
function noise(normal: () => number, n: number): Float32Array {
  const e = new Float32Array(n * LATENT);
  for (let i = 0; i < e.length; i++) e[i] = normal();
  return e;
}

export interface TrainedVae {
  vae: Vae;
  seconds: number;
  cpuSeconds: number;
  /** Mean negative ELBO per pixel of the last epoch (training digits, nats). */
  lastLoss: number;
}

/** Trains on 0/1 pixels `x` (digits one after another); Adam with the classifiers' one-cycle schedule. */
export async function trainVae(o: VaeOptions, x: Uint8Array, log: (s: string) => void): Promise<TrainedVae> {
  const vae = buildVae(o);
  const vars = [...vae.encoder.trainableWeights, ...vae.decoder.trainableWeights].map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.adam(o.peakLr);
  const rng: Rng = mulberry32(o.seed);
  const normal = gaussian(mulberry32(o.seed + 1));
  const n = x.length / PIXELS;
  const bs = o.batchSize;
  const stepsPerEpoch = Math.floor(n / bs);
  const total = stepsPerEpoch * o.epochs;
  const batch = new Float32Array(bs * PIXELS);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let step = 0;
  let lastLoss = NaN;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = permutation(rng, n);
    let lossSum = 0;
    for (let b = 0; b < stepsPerEpoch; b++, step++) {
      for (let i = 0; i < bs; i++) {
        const k = order[b * bs + i]!;
        for (let p = 0; p < PIXELS; p++) batch[i * PIXELS + p] = x[k * PIXELS + p]!;
      }
      (optimizer as unknown as { learningRate: number }).learningRate = learningRate(o.peakLr, step, total);
      const xb = tf.tensor2d(batch, [bs, PIXELS]);
      const eps = tf.tensor2d(noise(normal, bs), [bs, LATENT]);
      const loss = optimizer.minimize(
        () =>
          tf.tidy(() => {
            const { nll, kl } = terms(vae, xb, eps, true);
            return tf.mean(tf.add(nll, kl)) as tf.Scalar;
          }),
        true,
        vars,
      );
      lossSum += (await loss!.data())[0]!;
      tf.dispose([loss!, xb, eps]);
    }
    lastLoss = lossSum / stepsPerEpoch / PIXELS;
    if (epoch % 5 === 4 || epoch === o.epochs - 1)
      log(
        `vae epoch ${epoch + 1}/${o.epochs} −ELBO ${lastLoss.toFixed(4)} nats/pixel ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
  }
  optimizer.dispose();
  const cpu = process.cpuUsage(cpu0);
  return { vae, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, lastLoss };
}

export interface VaeScores {
  /** E_q[−log p(x | z)] per pixel, nats. */
  reconstruction: number;
  /** KL(q(z | x) ‖ N(0, I)) per digit, nats. */
  kl: number;
  /** ELBO per pixel, nats: −(reconstruction + kl / 784), a lower bound on log p(x) / 784. */
  elbo: number;
  /** Share of pixels that differ from x in the decoded mean image at z = μ, thresholded at 1/2. */
  pixelErrorAtMean: number;
  samples: number;
}

/** The ELBO on 0/1 digits `x`, averaged over `samples` seeded draws of ε per digit. */
export function scoreVae(vae: Vae, x: Uint8Array, samples: number, seed: number): VaeScores {
  const n = x.length / PIXELS;
  const normal = gaussian(mulberry32(seed));
  const chunk = 250;
  let nll = 0;
  let kl = 0;
  let wrong = 0;
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start);
    const xs = tf.tensor2d(Float32Array.from(x.subarray(start * PIXELS, (start + m) * PIXELS)), [m, PIXELS]);
    for (let s = 0; s < samples; s++) {
      const eps = tf.tensor2d(noise(normal, m), [m, LATENT]);
      const t = tf.tidy(() => {
        const { nll: a, kl: b } = terms(vae, xs, eps, false);
        return [tf.sum(a), tf.sum(b)];
      });
      nll += t[0]!.dataSync()[0]!;
      kl += t[1]!.dataSync()[0]!;
      tf.dispose([...t, eps]);
    }
    const w = tf.tidy(() => {
      const mu = tf.slice(vae.encoder.apply(xs) as tf.Tensor2D, [0, 0], [-1, LATENT]);
      const on = tf.cast(tf.greater(vae.decoder.apply(mu) as tf.Tensor2D, 0), 'float32');
      return tf.sum(tf.abs(tf.sub(on, xs)));
    });
    wrong += w.dataSync()[0]!;
    tf.dispose([w, xs]);
  }
  const reconstruction = nll / samples / n / PIXELS;
  const klPerDigit = kl / samples / n;
  return {
    reconstruction,
    kl: klPerDigit,
    elbo: -(reconstruction + klPerDigit / PIXELS),
    pixelErrorAtMean: wrong / n / PIXELS,
    samples,
  };
}

/** μ of q(z | x) for each digit, [x0, y0, x1, y1, …]. */
export function encodeMeans(vae: Vae, x: Uint8Array): Float32Array {
  const n = x.length / PIXELS;
  return tf.tidy(() => {
    const h = vae.encoder.apply(tf.tensor2d(Float32Array.from(x), [n, PIXELS])) as tf.Tensor2D;
    return tf.slice(h, [0, 0], [-1, LATENT]).dataSync() as Float32Array;
  });
}
