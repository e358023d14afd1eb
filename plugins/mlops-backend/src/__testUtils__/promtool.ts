import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * Evaluates PromQL with Prometheus' own engine: `promtool test rules`
 * (Debian's prometheus package, which scripts/test.sh installs) loads the
 * series in its notation, one sample a minute, and checks each expression's
 * samples at `evalTime`.
 */
const PROMTOOL = '/usr/bin/promtool';

export interface InputSeries {
  /** `metric{label="value", ...}`, as Prometheus stores it after a scrape. */
  series: string;
  /** Expanding notation, e.g. `0+60x10` (a counter growing 60 a minute). */
  values: string;
}

export interface ExpressionCheck {
  expr: string;
  /** The samples expected; none when the expression must return nothing. */
  samples: Array<{ labels?: string; value: number }>;
}

/** Throws with promtool's report when an expression's samples differ (to three decimals). */
export function expectPromQL(
  series: InputSeries[],
  checks: ExpressionCheck[],
  evalTime = '10m',
): void {
  if (!existsSync(PROMTOOL)) {
    throw new Error(
      `${PROMTOOL} is missing: install Debian's prometheus package (scripts/test.sh unit does)`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'mlops-promtool-'));
  try {
    const file = join(dir, 'test.yaml');
    // JSON is YAML.
    writeFileSync(
      file,
      JSON.stringify({
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: series,
            promql_expr_test: checks.map(c => ({
              // To three decimals: 27.500000000000004 is 27.5.
              expr: `round((${c.expr}) * 1000) / 1000`,
              eval_time: evalTime,
              exp_samples: c.samples.map(s => ({
                labels: s.labels ?? '{}',
                value: s.value,
              })),
            })),
          },
        ],
      }),
    );
    try {
      execFileSync(PROMTOOL, ['test', 'rules', file], { stdio: 'pipe' });
    } catch (error) {
      const e = error as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(
        `promtool test rules failed:\n${e.stdout?.toString() ?? ''}${
          e.stderr?.toString() ?? ''
        }`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
