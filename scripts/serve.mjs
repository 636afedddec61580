// Serves the built site (dist/) on 127.0.0.1, as a class's static host would: files only, the
// right content types, nothing outside the folder. `node scripts/serve.mjs` (what `./x serve`
// runs) serves on port 8080 (PORT to change); `serveDir` is the same server for the budget
// and screenshot scripts (port 0: any free port).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { join, extname, normalize, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const DIST = resolve(process.env.MAESTRO_DIST ?? join(fileURLToPath(new URL(".", import.meta.url)), "../dist"));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

/** Serves `dir` on 127.0.0.1:`port`; resolves to the listening server. */
export async function serveDir(dir = DIST, port = 0) {
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
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((ok) => server.listen(port, "127.0.0.1", ok));
  return server;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const server = await serveDir(DIST, Number(process.env.PORT ?? 8080));
  console.log(`x: serving ${DIST} on http://127.0.0.1:${server.address().port}/ (Ctrl-C stops)`);
}
