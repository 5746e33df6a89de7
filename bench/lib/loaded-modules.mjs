// `node --import ./loaded-modules.mjs`: writes every module URL the process loads to the file named by
// BENCH_LOADED_MODULES, so a scenario can say which code a configuration never reads.
import { register } from "node:module";

register("./loaded-modules-hooks.mjs", import.meta.url, { data: { file: process.env.BENCH_LOADED_MODULES } });
