const { buildWidget } = require('../widget/build');

module.exports = async () => {
  await buildWidget();
};
