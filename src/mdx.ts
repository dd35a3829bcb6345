// The one list of what a chapter may use. Every chapter receives these components (see
// src/pages/[chapter].astro), so chapters import nothing themselves.
import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
import Note from './components/Note.astro';
import Tip from './components/Tip.astro';
import Warning from './components/Warning.astro';
import Aside from './components/Aside.astro';
import Figure from './components/Figure.astro';
import TableFigure from './components/TableFigure.astro';
import Equation from './components/Equation.astro';
import Ref from './components/Ref.astro';
import Cite from './components/Cite.astro';
import Margin from './components/Margin.astro';
import H2 from './components/H2.astro';
import H3 from './components/H3.astro';
import Num from './components/numbers/Num.astro';
import Cmp from './components/numbers/Cmp.astro';
import Claim from './components/numbers/Claim.astro';
import ShiftComparison from './components/numbers/ShiftComparison.astro';
import Exercise from './components/exercises/Exercise.astro';
import Hint from './components/exercises/Hint.astro';
import Solution from './components/exercises/Solution.astro';
import LabLink from './components/exercises/LabLink.astro';
import Answer from './components/exercises/Answer.astro';
import SwissRollFigure from './widgets/swiss-roll/SwissRollFigure.astro';
import PixelFeatureFigure from './widgets/pixel-feature/PixelFeatureFigure.astro';
import AttackLabFigure from './widgets/attack-lab/AttackLabFigure.astro';
import ShiftLabFigure from './widgets/shift-lab/ShiftLabFigure.astro';
import SamplingFigure from './widgets/sampling/SamplingFigure.astro';
import LatentPlaneFigure from './widgets/latent-plane/LatentPlaneFigure.astro';
import ThreeKindsFigure from './widgets/three-kinds/ThreeKindsFigure.astro';
import EvalPanelFigure from './widgets/eval-panel/EvalPanelFigure.astro';
import WherePointsFigure from './widgets/where-points/WherePointsFigure.astro';
import InsideOutsideFigure from './widgets/inside-outside/InsideOutsideFigure.astro';

// Static diagrams: every src/components/diagrams/Name.astro is available to chapters as <Name />.
const diagramModules = import.meta.glob<{ default: AstroComponentFactory }>('./components/diagrams/*.astro', {
  eager: true,
});
const diagrams = Object.fromEntries(
  Object.entries(diagramModules).map(([path, mod]) => [path.replace(/^.*\/(\w+)\.astro$/, '$1'), mod.default]),
);

/** Interactive figures: also rendered alone, one per page, by src/pages/figures/[figure].astro. */
export const interactiveFigures = {
  SwissRollFigure,
  PixelFeatureFigure,
  AttackLabFigure,
  ShiftLabFigure,
  SamplingFigure,
  LatentPlaneFigure,
  ThreeKindsFigure,
  EvalPanelFigure,
  WherePointsFigure,
  InsideOutsideFigure,
};

/** For content/exercises/*.mdx: a numbered exercise, its folded hint and solution, lab links and measured answers. */
export const exerciseComponents = { Exercise, Hint, Solution, LabLink, Answer };

export const chapterComponents = {
  ...diagrams,
  Note,
  Tip,
  Warning,
  Aside,
  Figure,
  TableFigure,
  Equation,
  Ref,
  Cite,
  Margin,
  // Numbers, comparatives and checked claims read from the committed models and data at build time.
  Num,
  Cmp,
  Claim,
  ShiftComparison,
  ...interactiveFigures,
  ...exerciseComponents,
  h2: H2,
  h3: H3,
};
