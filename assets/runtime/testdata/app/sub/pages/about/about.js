const { greet } = require('../../../utils/greet');
Page({ data: { g: greet('sub') } });
