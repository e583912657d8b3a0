/**
 * Extra webpack settings merged by @jupyterlab/builder into its JupyterLab 4 extension build (package.json
 * `jupyterlab.webpackConfig`): compile the TypeScript sources of widgets/src directly, and leave out what the
 * custom plotly bundle does not need. See docs/widgets.md, "JupyterLab 4 / Notebook 7".
 */
const path = require("path");
const webpack = require("webpack");

const ROOT = path.resolve(__dirname, "..", "..");

module.exports = {
  resolve: { extensions: [".ts", ".js"] },
  module: {
    rules: [{ test: /\.ts$/, loader: "ts-loader", options: { configFile: path.join(ROOT, "widgets", "tsconfig.json"), onlyCompileBundledFiles: true, transpileOnly: true } }],
  },
  plugins: [new webpack.IgnorePlugin({ resourceRegExp: /maplibre-gl\.css$/ })],
};
