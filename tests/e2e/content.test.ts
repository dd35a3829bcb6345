// The source's facts must all reach the reader, correctly. This checklist reads the rendered text of
// each page (as a reader sees it, math included) and fails when a fact disappears or a number
// changes. It also checks the README's list of section ids against the built chapters.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../setup/browser.ts';

const siteUrl = inject('siteUrl');
let browser: Browser;
const textOf = new Map<string, string>();
const headingIdsOf = new Map<string, string[]>();

const pages = {
  front: '',
  ch1: 'high-dimensional-distributions/',
  ch2: 'feature-space/',
  ch3: 'interpolation-extrapolation/',
  ch4: 'distribution-shift/',
  ch5: 'adversarial-examples/',
  ch6: 'generation/',
  ch7: 'adversarial-training/',
  refs: 'references/',
} as const;
type PageKey = keyof typeof pages;

beforeAll(async () => {
  browser = await launchChromium('test');
  const page = await browser.newPage();
  for (const [key, path] of Object.entries(pages)) {
    const response = await page.goto(siteUrl + path);
    if (response?.status() !== 200) continue;
    // Prose as a reader sees it, each formula as the plain text of its MathML (ℝ, ≠, μ as characters).
    await page.evaluate(() => {
      for (const k of document.querySelectorAll('.katex')) {
        const math = k.querySelector('math')?.cloneNode(true) as Element | undefined;
        math?.querySelectorAll('annotation').forEach((a) => a.remove());
        k.replaceWith(document.createTextNode(` ${math?.textContent ?? ''} `));
      }
    });
    // Every block laid out (a chapter lays out blocks off the first screen as the reader nears them,
    // and innerText leaves out the ones still waiting).
    await page.evaluate(() => document.documentElement.classList.remove('defer-layout'));
    const text = await page.locator('article').innerText();
    textOf.set(key, text.replace(/\s+/g, ' ').replace(/[\u2009\u200a\u202f]/g, ' '));
    headingIdsOf.set(
      key,
      await page.locator('article h2[id], article h3[id]').evaluateAll((hs) => hs.map((h) => h.id)),
    );
  }
  await page.close();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

/** [page, what the fact is, pattern the rendered text must match] */
const facts: [PageKey, string, RegExp][] = [
  // Front page
  ['front', 'the 1-D series it is an aside to', /Bernoulli.*Binomial.*Poisson.*Normal/s],
  ['front', 'the central limit theorem', /central limit theorem|CLT/],
  [
    'front',
    'the read order: the 1-D series first',
    /(finish|first).*one-dimensional series|one-dimensional series.*first/i,
  ],
  // Chapter 1
  ['ch1', 'an image has 3 × 224 × 224 numbers', /3\s*×\s*224\s*×\s*224/],
  ['ch1', 'an image is a point in 150,528 dimensions', /150,528/],
  ['ch1', 'the distribution is multimodal', /multimodal|many (peaks|modes)/i],
  ['ch1', 'it concentrates near a low-dimensional manifold', /manifold/i],
  ['ch1', 'it can never be sampled exhaustively', /never.{0,60}(sample|cover)/i],
  [
    'ch1',
    'scales table: one pixel, histogram/Poisson/Gaussian, one or two parameters',
    /one pixel.*histogram.*Poisson.*Gaussian.*one or two parameters/is,
  ],
  [
    'ch1',
    'scales table: patch mean, Gaussian noise model, μ and σ, no learning',
    /patch.*Gaussian noise model.*μ and σ.*nothing learned/is,
  ],
  ['ch1', 'scales table: SIFT descriptor in R^128, GMM or PCA', /SIFT descriptor.*128.*(GMM|Gaussian mixture).*PCA/is],
  [
    'ch1',
    'scales table: full image, neural network learned from data',
    /full image.*150,528.*neural network.*learned from data/is,
  ],
  [
    'ch1',
    'scales table: conditional P(x | "cat"), GAN, VAE, diffusion',
    /cat.*conditional generative model.*GAN.*VAE.*diffusion/is,
  ],
  ['ch1', 'statistical model vs deep model', /statistical model/i],
  // Chapter 2
  ['ch2', 'layers: edges, blobs, colour gradients', /edges.*blobs.*colou?r gradients/is],
  ['ch2', 'layers: textures and parts', /textures.*parts/is],
  ['ch2', 'ResNet-50 bottleneck has 2,048 dimensions', /ResNet-50.*2,048/s],
  ['ch2', 'VAE latents are typically 128 to 512', /128 to 512|128–512/],
  ['ch2', 'Stable Diffusion latent 64 × 64 × 4 = 16,384', /64\s*×\s*64\s*×\s*4\s*=\s*16,384/],
  ['ch2', 'vs 512 × 512 × 3 = 786,432 pixels', /512\s*×\s*512\s*×\s*3\s*=\s*786,432/],
  ['ch2', 'the encoder f : R^150,528 → R^d', /f\s*:\s*[Rℝ]\s*150,528\s*→\s*[Rℝ]\s*d/],
  ['ch2', 'two photos of one cat are far apart in pixels', /cat.{0,200}(far apart|far away|large)/is],
  [
    'ch2',
    'a grey cat and a grey dog on a grey sofa are close',
    /gr[ae]y cat.*gr[ae]y dog.*sofa|gr[ae]y dog.*gr[ae]y cat.*sofa/is,
  ],
  ['ch2', 'architecture table: VAE latent N(0, I)', /VAE.*latent space.*N\s*\(\s*0\s*,\s*I\s*\)/is],
  ['ch2', 'architecture table: GAN simple prior (Gaussian or uniform)', /GAN.*(Gaussian or uniform)/is],
  [
    'ch2',
    'architecture table: Stable Diffusion 64 × 64 × 4 latent, noise denoised',
    /Stable Diffusion.*64\s*×\s*64\s*×\s*4.*Gaussian noise.*denoised/is,
  ],
  ['ch2', 'architecture table: SimCLR positives together, negatives apart', /SimCLR.*positive.*negatives/is],
  [
    'ch2',
    'three steps: random vector, learned encoder, tractable distribution',
    /random vector.*encoder.*(tractable|simple)/is,
  ],
  ['ch2', 'N(0, I) is literally the VAE prior', /prior/i],
  ['ch2', 'further reading: Colah 2014', /Neural Networks, Manifolds, and Topology/],
  ['ch2', 'further reading: scikit-learn Swiss roll', /scikit-learn.*Swiss roll|Swiss roll.*scikit-learn/is],
  ['ch2', 'further reading: Deep Learning book Figure 5.11', /Figure 5\.11/],
  // Chapter 3
  ['ch3', 'interpolation between training samples', /interpolat.*between/is],
  ['ch3', 'extrapolation outside the covered region', /extrapolat.*outside/is],
  [
    'ch3',
    'the medical model meets another scanner or population',
    /scanner.*(demographic|population)|(demographic|population).*scanner/is,
  ],
  // Chapter 4
  ['ch4', 'P_train ≠ P_deploy', /P\s*train.*≠.*P\s*deploy/s],
  ['ch4', 'shift table: day → night driving, lighting', /daylight.*night.*lighting/is],
  [
    'ch4',
    'shift table: Western → Asian hospital CT, scanner + demographics',
    /Western.*Asian.*scanner.*demographics/is,
  ],
  ['ch4', 'shift table: studio → blurry phone photos, image quality', /studio.*blurry phone.*image.quality/is],
  ['ch4', 'shift table: summer → winter, colour/texture/scene', /summer.*winter.*colou?r.*texture.*scene/is],
  [
    'ch4',
    'shift table: healthy → degrading motor vibration, noise distribution',
    /vibration.*healthy motor.*degrading motor.*noise distribution/is,
  ],
  ['ch4', 'confident outputs that should not be trusted', /confiden/i],
  // Chapter 5
  ['ch5', 'negative examples', /negative examples/i],
  ['ch5', 'hard negative mining', /hard negative mining/i],
  ['ch5', 'cat at 99% becomes toaster at 97%', /99\s*%.*toaster.*97\s*%|toaster.*97\s*%/is],
  ['ch5', 'decision boundaries not aligned with perception', /boundar.*percept|percept.*boundar/is],
  ['ch5', 'three-row table: improves / sharpens / attacks', /improves.*sharpen.*attacks/is],
  ['ch5', 'FGSM on MNIST, ε = 0.25: shallow softmax 99.9% error', /99\.9\s*%/],
  ['ch5', 'maxout network 89.4% error', /89\.4\s*%/],
  ['ch5', 'more data helps but never covers the manifold', /never.{0,80}(cover|enough)/is],
  // Chapter 6
  ['ch6', 'sampling a distribution generates signals', /sampl.*generat/is],
  ['ch6', 'VAEs, GANs and diffusion models', /VAE.*GAN.*diffusion/is],
  [
    'ch6',
    'histogram patch: right marginal statistics, no spatial arrangement',
    /marginal.*arrangement|arrangement.*marginal/is,
  ],
  // Chapter 7
  ['ch7', 'not standard for most vision models', /not (part of )?(the )?(standard|default)/i],
  [
    'ch7',
    'used for autonomous driving, face recognition, content moderation',
    /autonomous driving.*(face|facial) recognition.*content moderation/is,
  ],
  ['ch7', 'trade-off table: clean accuracy slightly lower', /Slightly lower/i],
  ['ch7', 'trade-off table: robustness much better', /Much better/i],
  ['ch7', 'trade-off table: training 3–10× longer', /3\s*[–-]\s*10\s*×\s*longer/],
  ['ch7', 'trade-off table: more data', /Data needed.*More/is],
  ['ch7', 'inspection: someone crafting inputs to hide defects', /(malicious|insider|attacker).{0,160}hide defects/is],
  ['ch7', 'inspection: natural adversarial examples', /natural adversarial examples/i],
  ['ch7', 'suggested reading order 2 → 1 → 3', /2\s*→\s*1\s*→\s*3/],
  // References
  ['refs', 'Szegedy et al., ICLR 2014', /Christian Szegedy.*Intriguing properties of neural networks.*ICLR.*2014/is],
  [
    'refs',
    'Goodfellow, Shlens, Szegedy, ICLR 2015',
    /Goodfellow.*Shlens.*Szegedy.*Explaining and Harnessing Adversarial Examples.*2015/is,
  ],
  ['refs', 'Madry et al., ICLR 2018', /Madry.*Towards Deep Learning Models Resistant to Adversarial Attacks.*2018/is],
  [
    'refs',
    'Carlini & Wagner, IEEE S&P 2017',
    /Carlini.*Wagner.*Towards Evaluating the Robustness of Neural Networks.*(S&P|Security and Privacy).*2017/is,
  ],
  [
    'refs',
    'Athalye, Carlini, Wagner, ICML 2018',
    /Athalye.*Carlini.*Wagner.*Obfuscated Gradients Give a False Sense of Security.*ICML.*2018/is,
  ],
];

describe('checklist facts in the rendered pages', () => {
  it.each(facts)('%s: %s', (page, _what, pattern) => {
    const text = textOf.get(page);
    expect(text, `${pages[page]} did not load`).toBeDefined();
    expect(text).toMatch(pattern);
  });
});

describe('README section ids', () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Section ids'));
  /** `slug`: [ids] from lines like "- `#manifold-hypothesis`" under "### N. Title (`slug/`)" */
  const listed = new Map<string, string[]>();
  let current: string | undefined;
  for (const line of section.split('\n')) {
    const chapter = /^###\s.*\(`([a-z0-9-]+)\/`\)/.exec(line);
    if (chapter) listed.set((current = chapter[1]!), []);
    else if (current) for (const m of line.matchAll(/`#([a-z0-9-]+)`/g)) listed.get(current)!.push(m[1]!);
  }
  const chapters = Object.entries(pages).filter(([k]) => k.startsWith('ch'));

  it('lists every chapter', () => {
    expect([...listed.keys()]).toEqual(chapters.map(([, p]) => p.replace(/\/$/, '')));
  });
  it.each(chapters)('%s: every listed id exists and every heading id is listed', (key, path) => {
    const built = headingIdsOf.get(key);
    expect(built, `${path} did not load`).toBeDefined();
    expect(listed.get(path.replace(/\/$/, ''))?.slice().sort()).toEqual(built!.slice().sort());
  });
});
