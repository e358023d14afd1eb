module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // expectPromQL asserts through promtool.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectPromQL'] },
    ],
  },
});
