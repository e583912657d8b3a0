/**
 * Builds SeisProc's front-end widget module (widgets/src, TypeScript via ts-loader and widgets/tsconfig.json;
 * not part of the root tsc build) into dist/widgets/:
 *
 *   amd/index.js           AMD module `seisproc` for the classic notebook and require.js embedding
 *                          (@jupyter-widgets/base is external: the page provides it)
 *   amd/extension.js       the classic notebook's nbextension entry (maps `seisproc` to nbextensions/seisproc/index)
 *   embed/seisproc-embed.js  offline embed bundle: @jupyter-widgets/html-manager + base + controls + output + our
 *                          module in one script, no CDN; renders saved widget state in a static HTML page
 *   live/seisproc-live.js  test page for the live tests and benchmark: @jupyterlab/services + base-manager +
 *                          our module, global `SeisprocLive` (see widgets/src/live/)
 *   labextension/          not built here: JupyterLab 4 prebuilt extensions need @jupyterlab/builder (see
 *                          docs/widgets.md for the exact steps)
 *
 * The module name and version come from package.json (the front end reads them through widgets/src/version.ts,
 * the kernel side through kernel-ext/module-info.ts): never typed twice.
 *
 * Usage: `npx webpack --mode production` (all bundles), `npx webpack --mode production --env target=embed`
 * (one of amd, embed, live; comma-separated for several).
 */
const path = require("path");
const webpack = require("webpack");
const pkg = require("./package.json");

const ROOT = __dirname;
const OUT = path.join(ROOT, "dist", "widgets");
const BANNER = `${pkg.name} ${pkg.version} widgets | ${pkg.license} | includes plotly.js (MIT) and @jupyter-widgets (BSD-3-Clause)`;

/** Settings shared by every bundle. */
function common(argv) {
  const production = (argv && argv.mode) !== "development";
  return {
    mode: production ? "production" : "development",
    devtool: production ? false : "source-map",
    context: ROOT,
    cache: { type: "filesystem", cacheDirectory: path.join(ROOT, "node_modules", ".cache", "seisproc-widgets"), buildDependencies: { config: [__filename] } },
    experiments: { css: true },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          loader: "ts-loader",
          // type checking is a separate step (`tsc -p widgets/tsconfig.json --noEmit`, run by widgets/build/build.sh)
          options: { configFile: path.join(ROOT, "widgets", "tsconfig.json"), onlyCompileBundledFiles: true, transpileOnly: true },
        },
        // CSS of the widget manager and controls: webpack's built-in CSS support, injected as <style> tags.
        { test: /\.css$/, type: "css/auto", parser: { exportType: "style" } },
        // Fonts and images referenced from that CSS go inline, so the embed bundle stays one file.
        { test: /\.(woff2?|ttf|eot|svg|png|gif)$/, type: "asset/inline" },
      ],
    },
    plugins: [
      // plotly's registry requires maplibre's CSS only for map traces, which our custom bundle does not include
      new webpack.IgnorePlugin({ resourceRegExp: /maplibre-gl\.css$/ }),
      // the html-manager's Font Awesome icons are used by ipywidgets controls only, never by SeisProc's widgets;
      // dropping them keeps the offline bundle ~1 MB smaller (icons in controls then render as empty boxes)
      new webpack.NormalModuleReplacementPlugin(/@fortawesome[\\/]fontawesome-free[\\/]css[\\/].*\.css$/, path.join(ROOT, "widgets", "build", "empty.css")),
      new webpack.BannerPlugin({ banner: BANNER }),
    ],
    performance: { hints: false },
    optimization: { minimize: production },
    stats: "errors-warnings",
  };
}

/** (a) AMD module for the classic notebook / require.js; @jupyter-widgets/base comes from the page. */
function amd(argv) {
  return {
    ...common(argv),
    name: "amd",
    entry: { index: "./widgets/src/amd-module.ts", extension: "./widgets/src/nbextension.ts" },
    output: { path: path.join(OUT, "amd"), filename: "[name].js", library: { type: "amd" }, publicPath: "", clean: true },
    externals: ["@jupyter-widgets/base"],
  };
}

/** (c) Offline embed bundle: everything in one script, exposed as the global `SeisprocEmbed`. */
function embed(argv) {
  return {
    ...common(argv),
    name: "embed",
    entry: { "seisproc-embed": "./widgets/src/embed.ts" },
    output: { path: path.join(OUT, "embed"), filename: "[name].js", library: { type: "var", name: "SeisprocEmbed" }, publicPath: "", clean: true },
    optimization: { ...common(argv).optimization, splitChunks: false },
    plugins: [...common(argv).plugins, new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 })],
  };
}

/**
 * Live test page: @jupyterlab/services + @jupyter-widgets/base-manager + our module, exposed as the global
 * `SeisprocLive`; the live tests and the live benchmark connect it to a Jupyter server running our kernel.
 */
function live(argv) {
  return {
    ...common(argv),
    name: "live",
    entry: { "seisproc-live": "./widgets/src/live/live-harness.ts" },
    output: { path: path.join(OUT, "live"), filename: "[name].js", library: { type: "var", name: "SeisprocLive" }, publicPath: "", clean: true },
    plugins: [...common(argv).plugins, new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 })],
  };
}

const TARGETS = { amd, embed, live };

module.exports = (env = {}, argv = {}) => {
  const wanted = env.target ? String(env.target).split(",") : Object.keys(TARGETS);
  for (const t of wanted) if (!TARGETS[t]) throw new Error(`webpack.config.js: unknown target "${t}"; use one of ${Object.keys(TARGETS).join(", ")}`);
  return wanted.map((t) => TARGETS[t](argv));
};
