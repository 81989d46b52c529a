// a page whose JS breaks at its top level (a dependency missing from the
// repository, as mpdemo's AR pages require an npm package not built)
const three = require('three-platformize');

Page({ data: { v: three.REVISION } });
