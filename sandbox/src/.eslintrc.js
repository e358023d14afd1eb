// The sandbox package keeps its ESLint config under src/ (the package root is
// shared with the sandbox's shell scripts); the factory is given the package dir.
module.exports = require('@backstage/cli/config/eslint-factory')(
  require('node:path').resolve(__dirname, '..'),
);
