// Copies GOV.UK Frontend's compiled JS into ../static/govuk/.
// Fonts (GDS Transport) and images (the crown and crest) are restricted to GOV.UK and are deliberately not copied.
import { mkdirSync, copyFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(here, "..", "static", "govuk");

mkdirSync(out, { recursive: true });
copyFileSync(join(dist, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
copyFileSync(join(here, "init.js"), join(out, "init.js"));
console.log(`Copied GOV.UK Frontend JS (no fonts, no crown images) to ${out}`);

// The footer's Crown copyright crest is GOV.UK's alone, and its image is not shipped: drop the CSS references to it,
// so that `collectstatic` (which checks every url() in CSS) finds no missing file.
import { readFileSync, writeFileSync } from "node:fs";
const css = join(out, "govuk-frontend.min.css");
writeFileSync(css, readFileSync(css, "utf8").replaceAll('url("/static/govuk/assets/images/govuk-crest.svg")', "none"));
