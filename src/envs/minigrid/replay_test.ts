import assert from "node:assert/strict";
import { formatOutcome, replayTrace } from "./mod.ts";

const TRACES = new URL("../../../fixtures/minigrid/traces/", import.meta.url);

interface IndexEntry {
  file: string;
  env_id: string;
  steps: number;
  total_reward: number;
  terminated: boolean;
  truncated: boolean;
}

const index: { traces: IndexEntry[] } = JSON.parse(
  Deno.readTextFileSync(new URL("index.json", TRACES)),
);
const DOORKEY = Deno.readTextFileSync(new URL("MiniGrid-DoorKey-8x8-v0_seed0_solve.jsonl", TRACES));

/** The DoorKey solve trace with record `line` (1-based) passed through `edit`. */
function edited(line: number, edit: (record: Record<string, unknown>) => void): string {
  const lines = DOORKEY.trimEnd().split("\n");
  const record = JSON.parse(lines[line - 1]);
  edit(record);
  lines[line - 1] = JSON.stringify(record);
  return lines.join("\n") + "\n";
}

Deno.test("all 40 reference traces replay cell by cell", () => {
  assert.equal(index.traces.length, 40);
  for (const entry of index.traces) {
    const outcome = replayTrace(Deno.readTextFileSync(new URL(entry.file, TRACES)));
    assert.deepEqual(
      outcome,
      { status: "ok", steps: entry.steps },
      formatOutcome(entry.file, outcome),
    );
  }
});

Deno.test("a wrong value is reported as the first mismatching field and step", () => {
  const image = edited(3, (r) => ((r.image as number[][][])[3][5] = [9, 0, 0]));
  assert.deepEqual(replayTrace(image), {
    status: "mismatch",
    step: 2,
    field: "image[3][5]",
    expected: "[9,0,0]",
    got: JSON.stringify(JSON.parse(DOORKEY.split("\n")[2]).image[3][5]),
  });
  const reward = edited(18, (r) => (r.reward = 0.5));
  const out = replayTrace(reward);
  assert.equal(out.status, "mismatch");
  assert.match(formatOutcome("f.jsonl", out), /^f\.jsonl step 17: reward expected 0\.5 got 0\.97/);
  const pos = edited(2, (r) => (r.agent_pos = [9, 9]));
  assert.match(
    formatOutcome("f", replayTrace(pos)),
    /^f step 1: agent_pos expected \[9,9\] got \[\d,\d\]$/,
  );
  const diff = edited(2, (r) => (r.grid_diff = [[1, 1, 2, 5, 0]]));
  assert.match(
    formatOutcome("f", replayTrace(diff)),
    /^f step 1: grid_diff\[1\]\[1\] expected \[2,5,0\] got unchanged$/,
  );
  const end = edited(19, (r) => (r.total_reward = 0));
  assert.match(
    formatOutcome("f", replayTrace(end)),
    /^f step 17: end\.total_reward expected 0 got/,
  );
  const reset = edited(1, (r) => (r.direction = (r.direction as number + 1) % 4));
  assert.match(formatOutcome("f", replayTrace(reset)), /^f step 0: direction expected/);
});

Deno.test("malformed traces name the line and the problem", () => {
  const lines = DOORKEY.trimEnd().split("\n");
  const cases: [string, number, RegExp][] = [
    ["", 1, /the file is empty/],
    [lines.slice(0, 4).join("\n") + "\n{not json\n", 5, /bad JSON/],
    [edited(1, (r) => delete r.agent_pos), 1, /missing field 'agent_pos'/],
    [edited(1, (r) => (r.env_id = "MiniGrid-Nope-v0")), 1, /unknown env id 'MiniGrid-Nope-v0'/],
    [
      edited(1, (r) => (r.max_steps = 100)),
      1,
      /max_steps 100 is not MiniGrid-DoorKey-8x8-v0's 640/,
    ],
    [edited(1, (r) => (r.agent_pos = [0, 0])), 1, /can't stand on/],
    [edited(4, (r) => delete r.action), 4, /missing field 'action'/],
    [edited(4, (r) => (r.action = 7)), 4, /'action' is 7, not one of 0\.\.6/],
    [edited(4, (r) => (r.t = 9)), 4, /'t' is 9, expected 3/],
    [edited(4, (r) => (r.extra = 1)), 4, /unknown field 'extra'/],
    [edited(4, (r) => (r.image = [[1]])), 4, /'image' is not a 7×7×3 array/],
    [edited(4, (r) => (r.kind = "reset")), 4, /a second reset record/],
    [lines.slice(0, 5).join("\n"), 6, /without an end record/],
    [DOORKEY + lines[1] + "\n", 20, /follows the end record/],
    [lines.slice(1).join("\n"), 1, /first record is not a reset/],
  ];
  for (const [text, line, re] of cases) {
    const out = replayTrace(text);
    assert.equal(out.status, "malformed", re.source);
    if (out.status !== "malformed") continue;
    assert.equal(out.line, line, re.source);
    assert.match(out.problem, re);
    assert.match(formatOutcome("t.jsonl", out), new RegExp(`^error: .* \\(t\\.jsonl:${line}\\): `));
  }
});
