// The parts of d3 the figure uses, in one module that the island imports dynamically after mount
// (so d3 never lands in the page's own bundle, and only these functions are bundled).
export { axisBottom, axisLeft, scaleLinear, select } from 'd3';
