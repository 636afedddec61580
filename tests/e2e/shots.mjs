// Screenshots of the built site (dist/) as its users see it: the landing, the bench at a
// decision, at its end and at a sealed stop, a simulator, the desk comparing two runs, the
// lessons and a class report of 30 logs, in English and Japanese, on a desktop and a 390 px
// phone. The class is made with `maestro run` (target/debug/maestro, or MAESTRO_BIN).
// `node tests/e2e/shots.mjs [out-dir]` after `./x build`; writes PNG files.
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { fileURLToPath } from "node:url";
import { DIST, serveDir } from "../../scripts/serve.mjs";
import { makeClass } from "./class.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const OUT = resolve(process.argv[2] ?? join(HERE, "artifacts/shots"));
const CLASS = makeClass(resolve(process.env.MAESTRO_BIN ?? join(HERE, "../../target/debug/maestro")));
await mkdir(OUT, { recursive: true });
const server = await serveDir(DIST);
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
    // To the end, approving every decision.
    while (await page.locator("button[data-choice]").count()) {
      await page.click("button[data-choice]:first-of-type");
      await page.click("#next-stop");
    }
    await page.waitForSelector("#end-sentence");
    await page.screenshot({ path: join(OUT, `ended-${lang}-${device}.png`), fullPage: true });
    // A sealed stop: fabricated evidence.
    await page.goto(`${origin}/?v=1&s=emergency-contract&seed=1&rng=chacha&k.fabricate=true&c=coaching:approve&h=0f3726737145&lang=${lang}`);
    await page.click("#next-stop");
    await page.waitForSelector("#end-sentence");
    await page.screenshot({ path: join(OUT, `sealed-${lang}-${device}.png`), fullPage: true });
    // A simulator.
    await page.goto(`${origin}/?view=home&lang=${lang}`);
    await page.click("[data-scenario='negotiation-steering'] a.open-bench");
    await page.click("#next-stop");
    await page.waitForSelector("button[data-choice]");
    await page.screenshot({ path: join(OUT, `simulator-${lang}-${device}.png`), fullPage: true });
    // The desk comparing a run with its "what if".
    await page.goto(`${origin}/?view=bench&lang=${lang}`);
    await page.click("#next-stop");
    await page.click("button[data-choice='coaching:approve']");
    await page.click("#next-stop");
    await page.click(".timeline .rows li:nth-child(4) button");
    await page.click("a.what-if");
    await page.waitForSelector("#compare-result");
    await page.locator("#compare").screenshot({ path: join(OUT, `compare-${lang}-${device}.png`) });
    await page.goto(`${origin}/?view=desk&lang=${lang}`);
    await page.waitForSelector("[data-lesson]");
    await page.screenshot({ path: join(OUT, `desk-${lang}-${device}.png`) });
    // A class report of 30 handed-in logs.
    await page.setInputFiles("#class-files", CLASS);
    await page.waitForFunction(() => /30/.test(document.querySelector("#class-headline")?.textContent ?? ""));
    await page.locator("#class-report").screenshot({ path: join(OUT, `class-report-${lang}-${device}.png`) });
    await page.close();
  }
}
await browser.close();
server.close();
console.log(`shots: written to ${OUT}`);
