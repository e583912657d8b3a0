/**
 * The SQLite catalog (better-sqlite3): datasets and projects from many directories in one file, with versioned
 * migrations, a scan that migrates existing JSON metadata (stores, then projects), typed queries (survey area,
 * sample interval, CRS, date, processing applied) and ranked FTS5 search with snippets (docs/catalog.md).
 *
 * @module
 * @example
 * ```ts
 * import { Catalog, scanIntoCatalog } from "seisproc";
 * const catalog = Catalog.open("surveys/catalog.sqlite");
 * await scanIntoCatalog(catalog, "surveys");
 * catalog.datasets({ crs: "EPSG:32631", sampleIntervalUs: 4000 });
 * catalog.search("salt dome")[0]?.snippet; // "... over the [salt] [dome] ..."
 * catalog.close();
 * ```
 */
export { Catalog, type CatalogOpenOptions } from "./catalog";
export { datasetCondition, datasetOrder, type SqlCondition } from "./dataset-query";
export { CatalogError, type CatalogProblem } from "./errors";
export { inFields, SEARCH_COLUMNS, wordsQuery } from "./fts-query";
export { geographicBox } from "./geographic-area";
export type {
  AreaBox,
  CatalogCrs,
  CatalogDataset,
  CatalogDatasetInput,
  CatalogProcessingStep,
  CatalogProject,
  CatalogProjectInput,
  DatasetQuery,
  HeaderFieldSummary,
  SearchField,
  SearchHit,
  SearchOptions,
} from "./records";
export { scanIntoCatalog, type ScanOptions, type ScanReport } from "./scan";
export { CATALOG_MIGRATIONS, CATALOG_SCHEMA_VERSION, migrateCatalog, type CatalogMigration } from "./schema";
export { summarizeOpenStore, summarizeStore, surveyArea, type SummarizeOptions } from "./store-summary";
