// A tiny CommonJS store shared by app.js and pages.
let visits = 0

function visit() {
  visits += 1
  return visits
}

module.exports = {
  visit,
  visits: () => visits,
}
module.exports.kind = 'commonjs'
