import fs from 'node:fs';

/** Matches `${NAME}` but not `$${NAME}` (escaped) nor `${NAME:-default}`. */
const REQUIRED_REFERENCE = /(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The config files named by `--config FILE` or `--config=FILE` arguments. */
export function configFilesFromArgv(argv: string[]): string[] {
  const files: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === '--config' && argv[i + 1]) files.push(argv[i + 1]);
    else if (arg.startsWith('--config=')) files.push(arg.slice(9));
  });
  return files.filter(f => !/^https?:/.test(f));
}

/** Environment variables a config file references without a default. */
export function requiredVariables(configText: string): string[] {
  const names = new Set<string>();
  for (const line of configText.split('\n')) {
    const code = line.replace(/(^|\s)#.*$/, '');
    for (const match of code.matchAll(REQUIRED_REFERENCE)) names.add(match[1]);
  }
  return [...names];
}

/**
 * Stops start-up with one clear message when a config file given on the
 * command line references environment variables that are not set.
 * Backstage itself would silently drop such values (a database host falls
 * back to localhost, an auth secret goes missing) and fail later, far from
 * the cause.
 */
export function assertConfigEnvironment(
  argv: string[],
  env: NodeJS.ProcessEnv,
  exit: (message: string) => never = defaultExit,
): void {
  const problems: string[] = [];
  for (const file of configFilesFromArgv(argv)) {
    if (!fs.existsSync(file)) continue;
    const missing = requiredVariables(fs.readFileSync(file, 'utf8')).filter(
      name => !env[name],
    );
    if (missing.length > 0) {
      problems.push(`${file} needs: ${missing.join(', ')}`);
    }
  }
  if (problems.length > 0) {
    exit(
      `Missing required environment variables.\n  ${problems.join(
        '\n  ',
      )}\nSet them (see README, "Production configuration") and start again.`,
    );
  }
}

function defaultExit(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(78); // EX_CONFIG
}
