// Compiles the service stylesheet and copies the GOV.UK and MOJ Frontend
// scripts and assets into casereview/static_build, which Django serves.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";
import { buildSync } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const out = join(root, "casereview", "static_build");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const result = sass.compile(join(root, "assets", "application.scss"), {
  loadPaths: [modules, root],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
  // MOJ Frontend still calls mixins GOV.UK Frontend has deprecated; those
  // warnings are about our dependencies, not this stylesheet.
  logger: { warn: (message, { deprecation }) => deprecation || message.includes("is deprecated") ? undefined : console.warn(message) },
});
writeFileSync(join(out, "css", "application.css"), result.css);

const govuk = join(modules, "govuk-frontend", "dist", "govuk");
const moj = join(modules, "@ministryofjustice", "frontend", "moj");
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "js", "govuk-frontend.min.js"));
cpSync(join(moj, "moj-frontend.min.js"), join(out, "js", "moj-frontend.min.js"));
cpSync(join(govuk, "assets"), join(out, "govuk", "assets"), { recursive: true });
// GDS Transport must not be served off gov.uk domains.
rmSync(join(out, "govuk", "assets", "fonts"), { recursive: true, force: true });
if (existsSync(join(moj, "assets"))) {
  // MOJ's stylesheet points its icons at the shared assets path.
  cpSync(join(moj, "assets"), join(out, "govuk", "assets"), { recursive: true });
}
// The report editor: Tiptap and ProseMirror from npm, bundled into one module loaded by the
// drafting page only.
buildSync({
  entryPoints: [join(root, "assets", "editor.mjs")],
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2020",
  legalComments: "linked",
  outfile: join(out, "js", "editor.mjs"),
  logLevel: "warning",
});
console.log(`Built front-end assets into ${out}`);
