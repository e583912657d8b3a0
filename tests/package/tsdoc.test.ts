import { strict as assert } from "node:assert";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../helpers/paths";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : name.endsWith(".ts") ? [full] : [];
  });
}

/** The TSDoc block right above line `i`, or undefined. */
function docAbove(lines: string[], i: number): string | undefined {
  let j = i - 1;
  while (j >= 0 && lines[j].trim().startsWith("@")) j--; // decorators
  while (j >= 0 && /^export (?:async )?function \w+.*;$/.test(lines[j])) j--; // earlier overload signatures share one comment
  if (j < 0 || !lines[j].trim().endsWith("*/")) return undefined;
  const end = j;
  while (j >= 0 && !lines[j].includes("/**")) j--;
  return j < 0 ? undefined : lines.slice(j, end + 1).join("\n");
}

describe("TSDoc on the public API", () => {
  const files = sources(path.join(repoRoot, "src"));

  it("every exported declaration has a TSDoc comment, and every exported function and class an @example", () => {
    const missing: string[] = [];
    for (const file of files) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        const m = /^export (?:async )?(?:abstract )?(function|class|const|interface|type|enum) (\w+)/.exec(line);
        if (m === null) return;
        const doc = docAbove(lines, i);
        const where = `${path.relative(repoRoot, file)}:${i + 1} ${m[2]}`;
        if (doc === undefined) missing.push(`${where}: no TSDoc`);
        else if ((m[1] === "function" || m[1] === "class") && !doc.includes("@example")) missing.push(`${where}: no @example`);
      });
    }
    assert.deepEqual(missing, []);
  });

  it("every module file opens with a TSDoc @module comment", () => {
    const missing = files.filter((f) => !readFileSync(f, "utf8").slice(0, 2000).includes("@module")).map((f) => path.relative(repoRoot, f));
    assert.deepEqual(missing, []);
  });
});
