// Serves the built site (dist/) on 127.0.0.1, as a class's static host would: files only, the
// right content types, nothing outside the folder. `node scripts/serve.mjs` (what `./x serve`
// runs) serves on port 8080 (PORT to change); with `--lan` (`./x serve --lan`) it listens on
// every address of the machine, for a class on the same network, and prints those addresses.
// `serveDir` is the same server for the budget and screenshot scripts (port 0: any free port).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { join, extname, normalize, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { networkInterfaces } from "node:os";

export const DIST = resolve(process.env.MAESTRO_DIST ?? join(fileURLToPath(new URL(".", import.meta.url)), "../dist"));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

/** Serves `dir` on `host`:`port` (127.0.0.1 unless told); resolves to the listening server. */
export async function serveDir(dir = DIST, port = 0, host = "127.0.0.1") {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error("not a file");
      // Any origin may load these public files: a course page's sandboxed frame has an opaque
      // origin, and its module script and wasm are fetched with CORS (GitHub Pages does the same).
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-cache",
        "access-control-allow-origin": "*",
      });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, ok);
  });
  return server;
}

/** The machine's IPv4 addresses other than loopback: where a class reaches the site. */
export function lanAddresses() {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === "IPv4" && !a.internal)
    .map((a) => a.address);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const lan = process.argv.includes("--lan");
  const server = await serveDir(DIST, Number(process.env.PORT ?? 8080), lan ? "0.0.0.0" : "127.0.0.1");
  const port = server.address().port;
  if (lan) {
    const addresses = lanAddresses();
    console.log(`x: serving ${DIST} to the local network on port ${port} (Ctrl-C stops); students open:`);
    for (const a of addresses) console.log(`  http://${a}:${port}/`);
    if (addresses.length === 0) console.log("  (this machine has no network address other than 127.0.0.1: connect it to the class network first)");
    console.log("The page works over plain http on the network; Copy link falls back to selecting the link for Ctrl+C there.");
  } else {
    console.log(`x: serving ${DIST} on http://127.0.0.1:${port}/ (Ctrl-C stops; \`./x serve --lan\` serves the class network)`);
  }
}
