// Entry of dist/compiler.js: the template compiler's JS glue, loaded by
// loadCompiler (compiler.js) only when it compiles, beside its wasm. Most
// loads never do (the compiled templates are cached), so the ~9 kB of glue
// is not part of runtime.js, which every cold load waits to compile.
import * as glue from 'glass-easel-template-compiler';

globalThis.__minihostCompilerGlue = glue;
