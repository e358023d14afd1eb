// The bench scripts' one load generator: GETs every URL given (CONCURRENCY
// at a time, in order) and prints one JSON line that sums up the answers.
//
// Usage: node bench/lib/load.mjs [OPTION...] URL...
//   --concurrency N      calls in flight at once (default 1: one after another)
//   --repeat N           call each URL N times (default 1)
//   --requests FILE      more calls: a JSON array of {method, url, body}
//                        (body sent as JSON), after the URLs; or an array of
//                        such arrays, the calls of one page each
//   --every MS --for S   viewers instead: CONCURRENCY viewers, each making
//                        the calls of its page (viewer i: page i modulo the
//                        pages; the URLs are one page) at once every MS, for
//                        S seconds, their starts spread over MS
//   --token TOKEN        send `authorization: Bearer TOKEN`
//   --header 'NAME: V'   send another header (may be repeated)
//   --insecure           accept any TLS certificate (the sandbox's apiservers);
//                        node:https instead of fetch, as a plain client asks
//   --sum NAME=PATH      the numbers at PATH in each answer, added up
//   --count NAME=PATH    how many values PATH holds in each answer, added up
//   --answers NAME=PATH  how many answers hold a value at PATH
//   --tally NAME=PATH    how often each value at PATH occurs
//
// PATH names fields of the JSON answer: `a.b`, and `a[]` for every item of
// the array a (`sources[].requests`). `PATH=VALUE` keeps only the values
// equal to the JSON VALUE (`sources[].ok=false`, `cached=true`).
//
// Printed: calls, non200 (answers with another HTTP status), errors (calls
// with no answer, or one that is not JSON), p50, p95, p99 and max latency in ms
// (request sent to body read), wallMs, bytes (mean characters per answer),
// and per summary NAME (the total; for --tally an object) plus, for --sum and
// --count, NAMEPerCall. Exits 1 when any call is an error.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { parseArgs } from 'node:util';

const { values: options, positionals: urls } = parseArgs({
  allowPositionals: true,
  options: {
    concurrency: { type: 'string', default: '1' },
    repeat: { type: 'string', default: '1' },
    requests: { type: 'string' },
    every: { type: 'string' },
    for: { type: 'string' },
    token: { type: 'string' },
    header: { type: 'string', multiple: true, default: [] },
    insecure: { type: 'boolean', default: false },
    sum: { type: 'string', multiple: true, default: [] },
    count: { type: 'string', multiple: true, default: [] },
    answers: { type: 'string', multiple: true, default: [] },
    tally: { type: 'string', multiple: true, default: [] },
  },
});
const extra = options.requests
  ? JSON.parse(readFileSync(options.requests, 'utf8'))
  : [];
if (urls.length === 0 && extra.length === 0) {
  console.error(
    'usage: load.mjs [OPTION...] URL... (see the head of the file)',
  );
  process.exit(2);
}
const headers = Object.fromEntries(
  options.header.map(h => {
    const colon = h.indexOf(':');
    return [h.slice(0, colon).trim(), h.slice(colon + 1).trim()];
  }),
);
if (options.token) headers.authorization = `Bearer ${options.token}`;

// fetch cannot skip certificate checks per call; node:https can, over one
// kept-alive connection per concurrent call.
const insecureAgent = options.insecure
  ? new https.Agent({ rejectUnauthorized: false, keepAlive: true })
  : undefined;

// One call ({method, url, body}); resolves to the HTTP status and the body as text.
async function get({ method = 'GET', url, body }) {
  if (!insecureAgent) {
    const response = await fetch(url, {
      method,
      headers:
        body === undefined
          ? headers
          : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }
  return new Promise((resolve, reject) => {
    https
      .get(url, { agent: insecureAgent, headers }, response => {
        const chunks = [];
        response
          .on('data', chunk => chunks.push(chunk))
          .on('end', () =>
            resolve({
              status: response.statusCode,
              text: Buffer.concat(chunks).toString(),
            }),
          )
          .on('error', reject);
      })
      .on('error', reject);
  });
}

// A PATH=VALUE spec as a function from an answer to the values it holds.
function selector(spec) {
  const equals = spec.indexOf('=');
  const path = equals < 0 ? spec : spec.slice(0, equals);
  const wanted = equals < 0 ? undefined : JSON.parse(spec.slice(equals + 1));
  return body => {
    let found = [body];
    for (const part of path.split('.')) {
      const many = part.endsWith('[]');
      const key = many ? part.slice(0, -2) : part;
      found = found.flatMap(v => {
        const next = v?.[key];
        if (next === undefined || next === null) return [];
        return many ? (Array.isArray(next) ? next : []) : [next];
      });
    }
    return equals < 0 ? found : found.filter(v => v === wanted);
  };
}

function summaries(kind) {
  return options[kind].map(spec => {
    const equals = spec.indexOf('=');
    if (equals < 1) throw new Error(`--${kind} ${spec}: expected NAME=PATH`);
    return {
      kind,
      name: spec.slice(0, equals),
      values: selector(spec.slice(equals + 1)),
    };
  });
}
const wanted = ['sum', 'count', 'answers', 'tally'].flatMap(summaries);

const urlCalls = urls.map(url => ({ url }));
const pages = Array.isArray(extra[0])
  ? [...extra, ...(urlCalls.length > 0 ? [urlCalls] : [])]
  : [[...urlCalls, ...extra]];
const calls = pages
  .flat()
  .flatMap(call => Array(Number(options.repeat)).fill(call));
const results = [];

async function call(spec) {
  const started = performance.now();
  try {
    const { status, text } = await get(spec);
    const ms = performance.now() - started;
    const answer = { ms, http: status, bytes: text.length };
    try {
      answer.body = JSON.parse(text);
    } catch {
      answer.error = `${spec.url}: not JSON`;
    }
    results.push(answer);
  } catch (error) {
    results.push({
      ms: performance.now() - started,
      error: `${spec.url}: ${error.cause?.message ?? error.message}`,
    });
  }
}

let next = 0;
async function worker() {
  while (next < calls.length) await call(calls[next++]);
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
// A viewer: all the calls at once every `everyMs`, until `endAt`.
async function viewer(index, viewers, everyMs, endAt) {
  const page = pages[index % pages.length];
  let at = performance.now() + (index * everyMs) / viewers;
  while (at < endAt) {
    await sleep(Math.max(0, at - performance.now()));
    await Promise.all(page.map(call));
    at += everyMs;
  }
}

const started = performance.now();
const concurrency = Number(options.concurrency);
if (options.every) {
  const everyMs = Number(options.every);
  const endAt = started + Number(options.for ?? 60) * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, (_, i) =>
      viewer(i, concurrency, everyMs, endAt),
    ),
  );
} else {
  await Promise.all(Array.from({ length: concurrency }, worker));
}
const wallMs = performance.now() - started;

const ms = results.map(r => r.ms).sort((a, b) => a - b);
const q = p => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
const answers = results.filter(r => r.http !== undefined);
const bodies = results.filter(r => r.body !== undefined).map(r => r.body);
const summary = {
  calls: results.length,
  non200: answers.filter(r => r.http !== 200).length,
  errors: results.filter(r => r.error).length,
  p50: q(0.5),
  p95: q(0.95),
  p99: q(0.99),
  max: ms.at(-1),
  wallMs,
  bytes: Math.round(
    answers.reduce((n, r) => n + r.bytes, 0) / Math.max(1, answers.length),
  ),
};
for (const { kind, name, values } of wanted) {
  if (kind === 'tally') {
    summary[name] = {};
    for (const body of bodies) {
      for (const v of values(body))
        summary[name][v] = (summary[name][v] ?? 0) + 1;
    }
  } else if (kind === 'answers') {
    summary[name] = bodies.filter(body => values(body).length > 0).length;
  } else {
    const each = body =>
      kind === 'sum'
        ? values(body).reduce((n, v) => n + Number(v), 0)
        : values(body).length;
    summary[name] = bodies.reduce((n, body) => n + each(body), 0);
    summary[`${name}PerCall`] = summary[name] / results.length;
  }
}
console.log(JSON.stringify(summary));
insecureAgent?.destroy();

const failed = results.filter(r => r.error);
if (failed.length > 0) {
  console.error(
    `${failed.length} of ${results.length} calls failed; first: ${failed[0].error}`,
  );
  process.exitCode = 1;
}
