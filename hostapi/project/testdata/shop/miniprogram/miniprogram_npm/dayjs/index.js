module.exports = function dayjs() { return { format: () => '2026-01-01' } }
