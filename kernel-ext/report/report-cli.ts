/**
 * Command line for the HTML report: `node dist/kernel-ext/report/report-cli.js run.ipynb [-o run.html]
 * [--external] [--bundle path] [--title text] [--no-code]`. Prints what it wrote; exits 1 with the error's
 * message on failure, 2 on bad usage.
 *
 * @module
 */
import { isSeisprocError } from "../../src/core/errors";
import { writeHtmlReport, type ReportOptions } from "./html-report";

const USAGE = "usage: report-cli <notebook.ipynb> [-o out.html] [--external] [--bundle seisproc-embed.js] [--title text] [--no-code]";

/**
 * Runs the command with `argv` (without node and the script); returns the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await reportMain(["run.ipynb", "-o", "run.html"]);
 * ```
 */
export async function reportMain(argv: string[], out: (line: string) => void = (l) => process.stdout.write(l + "\n"), err: (line: string) => void = (l) => process.stderr.write(l + "\n")): Promise<number> {
  const options: ReportOptions = {};
  let input: string | undefined;
  let output: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === "-o" || a === "--out") output = value();
      else if (a === "--external") options.bundle = "external";
      else if (a === "--inline") options.bundle = "inline";
      else if (a === "--bundle") options.bundlePath = value();
      else if (a === "--title") options.title = value();
      else if (a === "--no-code") options.showCode = false;
      else if (a === "-h" || a === "--help") {
        out(USAGE);
        return 0;
      } else if (a.startsWith("-") || input !== undefined) throw new Error(`unexpected argument ${a}`);
      else input = a;
    } catch (error) {
      err(`${(error as Error).message}\n${USAGE}`);
      return 2;
    }
  }
  if (input === undefined) {
    err(USAGE);
    return 2;
  }
  try {
    const s = await writeHtmlReport(input, output ?? input.replace(/\.ipynb$/i, "") + ".html", options);
    out(`${s.path}: ${s.cells} cells, ${s.widgetViews} widget views, ${s.widgetModels} widget models, bundle ${s.bundle}, ${s.bytes} bytes`);
    return 0;
  } catch (error) {
    err(isSeisprocError(error) ? error.message : String(error));
    return 1;
  }
}

if (require.main === module) {
  void reportMain(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
