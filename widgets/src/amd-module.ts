/**
 * Entry of the AMD bundle for the classic notebook and require.js embedding: an AMD module named by the
 * package (`seisproc`) that depends on `@jupyter-widgets/base` (provided by the page) and exports the widget
 * module.
 *
 * @module
 */
export * from "./index";
