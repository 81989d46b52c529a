// A worker as published ones are: a global `worker`, require between files.
const { square } = require('./math')

worker.onMessage((msg) => {
  worker.postMessage({ square: square(msg.n), inWorker: typeof window === 'undefined' })
})
