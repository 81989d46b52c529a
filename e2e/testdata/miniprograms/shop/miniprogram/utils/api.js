// Some projects copy wx once and call the copy everywhere.
const api = { ...wx }

module.exports = api
