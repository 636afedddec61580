// Screenshots of the built site (dist/) as its users see it: the landing, the bench at a
// decision and the desk, in English and Japanese, on a desktop and a 390 px phone.
// `node tests/e2e/shots.mjs [out-dir]` after `./x build`; writes PNG files.
import { createServer } from "node:http";
import { readFile, stat, mkdir } from "node:fs/promises";
import { join, extname, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";
import { fileURLToPath } from "node:url";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const DIST = resolve(process.env.MAESTRO_DIST ?? join(HERE, "../../dist"));
const OUT = resolve(process.argv[2] ?? join(HERE, "artifacts/shots"));
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json" };
await mkdir(OUT, { recursive: true });
const server = createServer(async (req, res) => {
  let path = new URL(req.url, "http://x").pathname;
  if (path.endsWith("/")) path += "index.html";
  const file = normalize(join(DIST, path));
  try {
    if (!file.startsWith(DIST) || !(await stat(file)).isFile()) throw new Error();
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(await readFile(file));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const devices = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
for (const [device, viewport] of Object.entries(devices)) {
  for (const lang of ["en", "ja"]) {
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
    await page.goto(`${origin}/?view=home&lang=${lang}`);
    await page.waitForSelector(".scenario-card");
    await page.screenshot({ path: join(OUT, `landing-${lang}-${device}.png`), fullPage: device === "desktop" });
    await page.click("[data-scenario='emergency-contract'] a.open-bench");
    await page.click("#next-stop");
    await page.waitForSelector("button[data-choice]");
    await page.screenshot({ path: join(OUT, `bench-${lang}-${device}.png`), fullPage: true });
    await page.click("#nav-desk");
    await page.waitForSelector("[data-lesson]");
    await page.screenshot({ path: join(OUT, `desk-${lang}-${device}.png`) });
    await page.close();
  }
}
await browser.close();
server.close();
console.log(`shots: written to ${OUT}`);
