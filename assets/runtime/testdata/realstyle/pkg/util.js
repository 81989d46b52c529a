module.exports = { ok: 'async loaded' };
