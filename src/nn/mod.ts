/**
 * The network pieces the Minigrid learners and the bonus models are built from: the symbolic
 * observation's one-hot input rows and logit read-back (`symbolic.ts`), and orthogonal-initialised
 * MLPs trained by Adam (`mlp.ts`, its update fused on wasm by `adam_kernel.ts`). Every piece runs
 * on tfjs, so this folder loads it; the variant records import its types only.
 *
 * @module
 */

export { CONSTANT_BIAS, Mlp, type MlpOptions, orthogonal } from "./mlp.ts";
export { Logits, OneHotRows, SymbolicLayout } from "./symbolic.ts";
