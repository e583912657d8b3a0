/**
 * The viewer's custom plotly.js bundle: the core (which always includes `scatter`, used for wiggles and
 * variable area) plus `heatmap` (variable density), registered with `Plotly.register`. No other trace type, no
 * WebGL, no maps: a fraction of the full plotly.js. The heatmap paints through a lookup table instead of a d3 scale
 * per cell (see `plotly-lut-colors`), and can leave the painting of its cells to the viewer's canvas
 * (`withHeatmapsUnpainted`, see `plotly-heatmap-unpainted`).
 *
 * @module
 */
import * as Plotly from "plotly.js/lib/core";
import "./plotly-lut-colors"; // must come before the heatmap module: it replaces the heatmap's colour function
import heatmap from "plotly.js/lib/heatmap";
import { withHeatmapsUnpainted } from "./plotly-heatmap-unpainted";

Plotly.register([heatmap]);

export { Plotly, withHeatmapsUnpainted };
