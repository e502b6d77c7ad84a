import assert from "node:assert/strict";
import { Rng } from "../../rng/mod.ts";
import { GOAL, key, LAVA, WALL } from "./generators/layout_builder.ts";
import {
  Color,
  DoorState,
  generateLayout,
  LayoutBuilder,
  MINIGRID_ENVS,
  type MinigridLayout,
  ObjectType,
  renderGridSvg,
  renderVisitationSvg,
} from "./mod.ts";

/** A 6×4 room with one of each object, the agent at (1, 2) facing `dir`. */
function sampler(dir: number): MinigridLayout {
  const b = new LayoutBuilder({ width: 6, height: 4 }, Rng.fromSeed(0));
  b.wallRect(0, 0, 6, 4);
  b.set(1, 1, key(Color.red));
  b.set(2, 1, [ObjectType.ball, Color.blue, 0]);
  b.set(3, 1, [ObjectType.box, Color.purple, 0]);
  b.set(4, 1, GOAL);
  b.set(2, 2, LAVA);
  b.set(3, 2, [ObjectType.door, Color.green, DoorState.open]);
  b.set(4, 2, [ObjectType.door, Color.yellow, DoorState.locked]);
  b.set(5, 2, [ObjectType.door, Color.grey, DoorState.closed]);
  b.agentPos = [1, 2];
  b.agentDir = dir;
  return b.build(MINIGRID_ENVS.get("MiniGrid-Empty-8x8-v0")!);
}

/** Counts of `needle` in `text`. */
function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

Deno.test("grid SVG: walls, objects in Minigrid's colours, the agent turned to its direction", () => {
  const svg = renderGridSvg(sampler(1), { cellSize: 10 });
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="60" height="40"/);
  assert.ok(svg.endsWith("</svg>"));
  assert.equal(count(svg, 'fill="rgb(100,100,100)"'), 2 * 6 + 2 * 2, "16 wall cells");
  assert.ok(svg.includes('fill="rgb(0,0,255)"'), "the blue ball");
  assert.ok(svg.includes('stroke="rgb(112,39,195)"'), "the purple box");
  assert.ok(svg.includes('fill="rgb(255,128,0)"'), "lava");
  assert.ok(svg.includes('fill="rgb(115,115,0)"'), "the locked yellow door, darkened");
  assert.match(svg, /<polygon points="[^"]+" fill="rgb\(255,0,0\)" transform="rotate\(90 15 25\)"/);
  assert.equal(renderGridSvg(sampler(1), { cellSize: 10 }), svg, "deterministic");
  assert.notEqual(renderGridSvg(sampler(2), { cellSize: 10 }), svg);
  assert.ok(!renderGridSvg({ ...sampler(0), agentPos: null }).includes("<polygon"));
  assert.throws(() => renderGridSvg({ ...sampler(0), width: 7 }), /needs 84 cell codes/);
});

Deno.test("every generated layout renders: one agent, no NaN or undefined", () => {
  for (const envId of MINIGRID_ENVS.keys()) {
    const svg = renderGridSvg(generateLayout(envId, Rng.fromSeed(1)));
    assert.equal(count(svg, "<svg"), 1);
    assert.equal(count(svg, "<polygon"), 1, envId);
    assert.doesNotMatch(svg, /NaN|undefined/, envId);
  }
});

Deno.test("visitation heatmap: walls grey, counts on viridis, legend 0 / middle / max, log scale", () => {
  const b = new LayoutBuilder({ width: 4, height: 3 }, Rng.fromSeed(0));
  b.wallRect(0, 0, 4, 3);
  b.set(1, 1, WALL);
  const picture = b.build(MINIGRID_ENVS.get("MiniGrid-Empty-8x8-v0")!);
  const counts = new Float64Array(12);
  counts[2 * 3 + 1] = 40; // (2, 1), the one open cell
  counts[0] = 1000; // a wall's count is ignored
  const svg = renderVisitationSvg(picture, counts, { cellSize: 10, title: "a < b & c" });
  assert.equal(count(svg, 'fill="rgb(100,100,100)"'), 11);
  assert.ok(svg.includes('fill="rgb(253,231,37)"'), "the maximum at the bright end");
  assert.ok(svg.includes(">a &lt; b &amp; c</text>"));
  assert.deepEqual(
    [...svg.matchAll(/<text x="\d+" y="[\d.]+">([^<]+)<\/text>/g)].map((m) => m[1]),
    [
      "0",
      "20",
      "40",
    ],
  );
  const log = renderVisitationSvg(picture, counts, { scale: "log", idPrefix: "h2" });
  assert.ok(log.includes('id="h2-scale"') && log.includes(">5.4</text>"), "√41 − 1 in the middle");
  assert.equal(renderVisitationSvg(picture, counts, { cellSize: 10, title: "a < b & c" }), svg);
  assert.throws(() => renderVisitationSvg(picture, new Float64Array(5)), /needs 12 counts/);
  assert.throws(() => renderVisitationSvg(picture, new Float64Array(12).fill(-1)), /count 0/);
});
