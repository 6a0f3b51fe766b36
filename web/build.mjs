// Bundles each page's entry module (and the calendar component's stylesheet) from web/static into
// web/static/dist, with source maps; modules that several pages share go into chunks of their own.
// Run by `make run` and `make test` through their set-up; the bundles are build output, never committed.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

/** The pages' entry modules, one per page (the settings page has two). */
export const ENTRIES = [
  "account.js",
  "book.js",
  "calendar.js",
  "customer.js",
  "customers.js",
  "mailbox.js",
  "settings.js",
  "signup.js",
  "staff-password.js",
  "event-calendar.css",
];

await build({
  entryPoints: ENTRIES.map((name) => `${here}static/${name}`),
  outdir: `${here}static/dist`,
  bundle: true,
  splitting: true,
  format: "esm",
  target: ["es2022"],
  sourcemap: true,
  minify: true,
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});
