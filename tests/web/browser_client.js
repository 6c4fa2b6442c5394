// A real browser (Debian's Chromium, headless, driven by playwright-core) against a gateway:
//  1. the docs page (/docs/) lists the operations of every service in the OpenAPI document, takes a
//     bearer token through "Authorize" and performs GetOrganization with "Try it out";
//  2. a portal page served here (page/) calls ListOrganizations over gRPC-Web from JavaScript, from
//     another origin (so CORS is exercised as a browser does it), and renders the result.
// Screenshots of both are saved in the artefact directory.
// Usage: node browser_client.js <gateway base URL> <bearer token> <organisation id> <page port>
//                               <artefact directory> <expected organisation name>
// Prints one line per check; exits 1 at the first that fails.
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const [gateway, token, organizationId, pagePort, artefacts, expectedName] = process.argv.slice(2);
const here = fileURLToPath(new URL(".", import.meta.url));

function check(ok, what, detail) {
  if (!ok) {
    console.error(`FAIL ${what}${detail === undefined ? "" : ": " + detail}`);
    process.exit(1);
  }
  console.log(`ok ${what}`);
}

// The portal page's origin: page/, the pinned node_modules and the generated clients, read-only.
const roots = { "/node_modules/": "node_modules", "/gen/": "gen", "/": "page" };
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8" };
const pages = createServer(async (request, response) => {
  const path = new URL(request.url, "http://page").pathname.replace(/\/$/, "/index.html");
  const prefix = Object.keys(roots).find((p) => path.startsWith(p));
  const file = normalize(join(here, roots[prefix], path.slice(prefix.length)));
  try {
    if (!file.startsWith(join(here, roots[prefix]))) throw new Error("outside");
    const body = await readFile(file);
    response.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => pages.listen(Number(pagePort), "127.0.0.1", resolve));

await mkdir(artefacts, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],  // root in CI containers; the pages are the test's own
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  // The docs page must work with no network: nothing may be fetched from another host.
  const foreign = [];
  page.on("request", (r) => {
    const host = new URL(r.url()).host;
    if (host !== new URL(gateway).host && host !== `127.0.0.1:${pagePort}`) foreign.push(r.url());
  });

  // --- 1. The docs page -----------------------------------------------------------------------
  const document = await (await fetch(`${gateway}/openapi.json`)).json();
  const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
  const services = [...new Set(operations.map((o) => o.tags[0]))].sort();
  await page.goto(`${gateway}/docs/`);
  await page.locator(".opblock").first().waitFor({ timeout: 30000 });
  const listedTags = (await page.locator(".opblock-tag").evaluateAll(
    (tags) => tags.map((t) => t.dataset.tag))).sort();
  check(JSON.stringify(listedTags) === JSON.stringify(services),
        `the docs list every service (${services.join(", ")})`, listedTags.join(", "));
  const listed = await page.locator(".opblock").count();
  check(listed === operations.length, `the docs list all ${operations.length} operations`, listed);

  await page.locator(".auth-wrapper button.authorize").click();
  await page.locator(".modal-ux input").first().fill(token);
  await page.locator(".modal-ux .auth-btn-wrapper button.authorize").click();
  await page.locator(".modal-ux button.btn-done").click();
  const get = page.locator("#operations-Registry-Registry_GetOrganization");
  await get.locator(".opblock-summary-control").click();
  await get.locator("button.try-out__btn").click();
  await get.locator('tr[data-param-name="id"] input').fill(organizationId);
  await get.locator("button.execute").click();
  const live = get.locator(".live-responses-table .response");
  await live.first().waitFor({ timeout: 30000 });
  const status = (await live.first().locator(".response-col_status").innerText()).trim();
  const shown = await get.locator(".live-responses-table .response-col_description pre").first()
    .innerText();
  check(status === "200", "Try it out with the token answers 200", status);
  check(shown.includes(expectedName), `the answer shows ${expectedName}`, shown.slice(0, 300));
  const curl = await get.locator(".curl-command").innerText();
  check(curl.includes("Authorization: Bearer"), "the call carried the bearer token", curl);
  await get.screenshot({ path: join(artefacts, "docs-get-organization.png") });
  await page.screenshot({ path: join(artefacts, "docs.png") });
  check(consoleErrors.length === 0, "the docs page raised no error", consoleErrors.join("; "));

  // --- 2. A portal page calling over gRPC-Web ----------------------------------------------------
  const portal = await context.newPage();
  portal.on("pageerror", (e) => consoleErrors.push(e.message));
  await portal.addInitScript((settings) => { window.THIDUA = settings; },
                             { gateway, token, query: "lam dong" });
  await portal.goto(`http://127.0.0.1:${pagePort}/`);
  const state = portal.locator('#status[data-state]');
  await state.waitFor({ timeout: 30000 });
  check(await state.getAttribute("data-state") === "done", "the portal page's call succeeded",
        await state.innerText());
  const names = await portal.locator("#organizations tbody tr td:nth-child(2)").allInnerTexts();
  check(names.includes(expectedName), `the portal page renders ${expectedName}`, names.join(", "));
  await portal.screenshot({ path: join(artefacts, "portal-grpc-web.png"), fullPage: true });
  check(consoleErrors.length === 0, "the portal page raised no error", consoleErrors.join("; "));
  check(foreign.length === 0, "nothing was fetched from another host", foreign.join(", "));
  console.log(`browser: all checks passed; screenshots in ${artefacts}`);
} finally {
  await browser.close();
  pages.close();
}
