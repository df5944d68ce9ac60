const { buildWidget } = require('../widget/build');
const { buildConsole } = require('../console/build');

module.exports = async () => {
  await Promise.all([buildWidget(), buildConsole()]);
};
