// minihost's version, from FyneApp.toml. Written by `make runtime` (assets/runtime/build-wxjs.mjs): do not edit.
export const version = "0.1.0";
