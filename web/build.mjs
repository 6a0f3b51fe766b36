// Bundles each page's entry module (and the calendar component's stylesheet) from web/static into
// web/static/dist, with source maps; modules that several pages share go into chunks of their own.
// Run by `make run` and `make test` through their set-up; the bundles are build output, never committed.
import { build } from "esbuild";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

/** The pages' entry modules, one per page (the settings page has three), and the bundle each becomes. */
export const ENTRIES = [
  { in: "account/page.js", out: "account" },
  { in: "account/signup.js", out: "signup" },
  { in: "booking/page.js", out: "book" },
  { in: "calendar/page.js", out: "calendar" },
  { in: "customers/list-page.js", out: "customers" },
  { in: "customers/record-page.js", out: "customer" },
  { in: "dev/mailbox.js", out: "mailbox" },
  { in: "settings/page.js", out: "settings" },
  { in: "settings/password.js", out: "staff-password" },
  { in: "settings/safety.js", out: "staff-safety" },
  { in: "settings/licence.js", out: "settings-licence" },
  { in: "event-calendar.css", out: "event-calendar" },
  { in: "setup/page.js", out: "setup" },
  { in: "help/page.js", out: "help" },
  { in: "tour.css", out: "tour" },
];

const result = await build({
  entryPoints: ENTRIES.map(({ in: source, out }) => ({ in: `${here}static/${source}`, out })),
  outdir: `${here}static/dist`,
  bundle: true,
  splitting: true,
  format: "esm",
  target: ["es2022"],
  sourcemap: true,
  minify: true,
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
  metafile: true,
});

// Which source modules each bundle holds: the catalogs' words are compiled per bundle from it.
writeFileSync(`${here}static/dist/meta.json`, JSON.stringify(result.metafile));
