/**
 * A stand-in for YouTube's thumbnail host (i.ytimg.com) for `npm run lighthouse`, offline: an
 * HTTPS server on a loopback port with a certificate made for the run (openssl), answering every
 * `/vi/<id>/<still>.jpg` with an image of that still's size. Chromium reaches it through
 * `--host-resolver-rules` and accepts the certificate with `--ignore-certificate-errors`, so the
 * list page loads its thumbnails as it would online instead of seeing each one fail (a failed
 * thumbnail re-renders its row with the placeholder: work real visits never do).
 *
 * The images are PNGs of a few flat bands, a few hundred bytes each: their bytes are not
 * YouTube's (a real default.jpg is 3–5 kB), which the README says beside the figures.
 * Plain Node (type stripping): erasable syntax only, no app imports.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";

/** YouTube's stills by file name, at their real sizes. */
const STILLS: Record<string, [number, number]> = {
  default: [120, 90],
  mqdefault: [320, 180],
  hqdefault: [480, 360],
  sddefault: [640, 480],
  maxresdefault: [1280, 720],
};

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGB PNG of horizontal bands whose colours come from the video id, so rows differ. */
function png(width: number, height: number, seed: string): Buffer {
  let hash = 2166136261;
  for (const c of seed) hash = Math.imul(hash ^ c.charCodeAt(0), 16777619) >>> 0;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const band = Math.floor((y / height) * 4);
    const shade = (hash >>> (band * 8)) & 0xff;
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set([shade, 255 - shade, (shade * 3) & 0xff], 1 + x * 3);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

export interface ThumbnailHost {
  port: number;
  /** Chromium flags that send i.ytimg.com here and accept the run's certificate. */
  chromeFlags: string[];
  requests: () => number;
  close: () => Promise<void>;
}

export async function startThumbnailHost(): Promise<ThumbnailHost> {
  const dir = await mkdtemp(join(tmpdir(), "tubelist-thumbs-"));
  const key = join(dir, "key.pem");
  const cert = join(dir, "cert.pem");
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=i.ytimg.com"],
      ...["-addext", "subjectAltName=DNS:i.ytimg.com", "-keyout", key, "-out", cert],
    ],
    { stdio: "ignore" },
  );
  let count = 0;
  const server = createServer({ key: await readFile(key), cert: await readFile(cert) }, (request, response) => {
    const match = /^\/vi\/([^/]+)\/([a-z]+)\.jpg$/.exec(request.url ?? "");
    const size = match?.[2] ? STILLS[match[2]] : undefined;
    if (!match?.[1] || !size) {
      response.writeHead(404).end();
      return;
    }
    count += 1;
    response
      .writeHead(200, { "Content-Type": "image/png", "Cache-Control": "public, max-age=86400" })
      .end(png(size[0], size[1], match[1]));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    chromeFlags: [`--host-resolver-rules=MAP i.ytimg.com:443 127.0.0.1:${port}`, "--ignore-certificate-errors"],
    requests: () => count,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
