import assert from "node:assert/strict";
import { heatmapSvg, niceTicks } from "./heatmap.ts";
import { crc32, encodePng } from "./png.ts";

Deno.test("PNG: chunk CRCs and a zlib stream that inflates back to the filtered rows", async () => {
  assert.equal(crc32(new TextEncoder().encode("IEND")), 0xae426082);
  const png = await encodePng(2, 1, new Uint8Array([255, 0, 0, 0, 0, 255]));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer);
  assert.equal(view.getUint32(16), 2);
  assert.equal(view.getUint32(20), 1);
  const idatLength = view.getUint32(33);
  const idat = png.slice(41, 41 + idatLength);
  const raw = new Blob([idat]).stream().pipeThrough(new DecompressionStream("deflate"));
  assert.deepEqual([...new Uint8Array(await new Response(raw).arrayBuffer())], [
    0,
    255,
    0,
    0,
    0,
    0,
    255,
  ]);
});

Deno.test("niceTicks: round steps inside the range", () => {
  assert.deepEqual(niceTicks(-4.175, 3.175, 7), [-4, -2, 0, 2]);
  assert.deepEqual(niceTicks(-0.1, 4.1, 5), [0, 1, 2, 3, 4]);
});

Deno.test("heatmap SVG: raster, markers, paths and colour bar; the same input gives the same text", async () => {
  const opts = {
    id: "t",
    title: "J <test>",
    x: [0, 1, 2],
    y: [0, 1],
    values: [[1, 2, 3], [4, 5, 6]],
    xLabel: "K",
    yLabel: "σ",
    palette: "sequential" as const,
    markers: [{ x: 2, y: 1, label: "max 6", kind: "global" as const }],
    paths: [{ x: [0, 1], y: [0, 1], label: "run 0", accent: true }],
  };
  const svg = await heatmapSvg(opts);
  assert.equal(svg, await heatmapSvg(opts));
  assert.match(svg, /^<svg [^>]*role="img"/);
  assert.match(svg, /<title id="t-title">J &lt;test&gt;<\/title>/);
  assert.match(svg, /href="data:image\/png;base64,/);
  assert.match(svg, /class="maximum global"/);
  assert.match(svg, /<polyline points="[^"]+" fill="none" stroke="#d62728"/);
  assert.match(svg, /linearGradient id="t-bar"/);
  // The global maximum at the top-right cell: y = 1 is drawn at the top unless yDown.
  const cy = (s: string): number =>
    Number(s.match(/class="maximum global" cx="[^"]+" cy="([^"]+)"/)![1]);
  assert.ok(cy(svg) < cy(await heatmapSvg({ ...opts, yDown: true })));
});
