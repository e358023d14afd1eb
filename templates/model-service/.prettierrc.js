// The repository's Prettier style, except for skeleton/: those files are
// templates (Helm, Nunjucks), checked after rendering by tests/validate-output.sh
// with the real tools, and Prettier cannot parse Helm's {{ }} in YAML.
module.exports = {
  ...require('@backstage/cli/config/prettier'),
  overrides: [{ files: ['skeleton/**'], options: { requirePragma: true } }],
};
