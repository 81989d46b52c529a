// Entry of runtime.js: defines window.__minihost synchronously and starts.
import { boot } from './runtime.js';

boot();
