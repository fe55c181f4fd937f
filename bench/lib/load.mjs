// Load from another process: wrk (a Lua script per run) when it is installed, else autocannon's CLI
// as a child process. Never in the benchmark's own process, whose event loop and CPU would
// otherwise compete with what it measures and shape the latencies it records.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const AUTOCANNON = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../node_modules/autocannon/autocannon.js',
);
/** Requests written to the fallback's HAR file (autocannon replays them in a loop). */
const HAR_ENTRIES = 4096;
const RESULT = 'BENCH_RESULT ';
const FIRST_BAD = 'BENCH_FIRST_BAD ';
const GRID = 'BENCH_GRID ';

function wrkVersion() {
  const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8', timeout: 5000 });
  if (probe.error) return null;
  return (probe.stdout + probe.stderr).split('\n')[0].trim() || 'wrk';
}

/**
 * wrk when present; on a Debian-like machine where we are root, one `apt-get install -y wrk`
 * first (BENCH_INSTALL_WRK=0 skips it); otherwise autocannon's CLI, with the reason.
 */
export function detectLoadTool(log = () => undefined) {
  if (process.env.BENCH_LOAD_TOOL === 'autocannon') {
    return { tool: 'autocannon', reason: 'BENCH_LOAD_TOOL=autocannon' };
  }
  let version = wrkVersion();
  if (
    !version &&
    process.env.BENCH_INSTALL_WRK !== '0' &&
    process.getuid?.() === 0 &&
    !spawnSync('apt-get', ['--version'], { timeout: 5000 }).error
  ) {
    log('wrk not found: apt-get install -y wrk');
    spawnSync('apt-get', ['install', '-y', '-q', 'wrk'], { stdio: 'ignore', timeout: 180_000 });
    version = wrkVersion();
  }
  if (version) return { tool: 'wrk', version };
  return { tool: 'autocannon', reason: 'wrk is not installed (apt-get install wrk)' };
}

/** A Lua string literal that holds any text as it is. */
const lua = (text) => `[==[${text}]==]`;

/**
 * What each request sends. `rotate` (votes) builds the body per request from the next (guest,
 * track) pair of a counter shared by the run: guest r with track r + q in round q, so consecutive
 * votes come from different guests on different tracks, and after guests × tracks votes the next
 * round flips them (later votes change counts too). Otherwise one fixed body and token.
 */
function wrkScript({ path, query, variables, token, rotate, expect, threads }) {
  const check = `
bad = 0
firstBad = nil
function response(status, headers, body)
  if status ~= 200 or not string.find(body, ${lua(expect)}, 1, true)
      or string.find(body, '"errors"', 1, true) then
    bad = bad + 1
    if firstBad == nil then firstBad = "HTTP " .. status .. ": " .. string.sub(body, 1, 400) end
  end
end

local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local totalBad, first = 0, ""
  for _, t in ipairs(threads) do
    totalBad = totalBad + (t:get("bad") or 0)
    local f = t:get("firstBad")
    if f ~= nil and first == "" then first = f end
  end
  local e = summary.errors
  io.write(string.format(
    '${RESULT}{"requests":%d,"durationUs":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"non2xx":%d,"timeouts":%d,"bad":%d,"p50Us":%.1f,"p99Us":%.1f,"maxUs":%.1f}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout, totalBad,
    latency:percentile(50), latency:percentile(99), latency.max))
  io.write("${FIRST_BAD}" .. first:gsub("\\n", " ") .. "\\n")
  local grid = {}
  for i = 1, 199 do grid[i] = string.format("%.1f", latency:percentile(i / 2)) end
  io.write("${GRID}" .. table.concat(grid, ",") .. "\\n")
end
`;
  if (!rotate) {
    return `wrk.method = "POST"
wrk.path = ${lua(path)}
wrk.headers["content-type"] = "application/json"
${token ? `wrk.headers["authorization"] = ${lua(`Bearer ${token}`)}` : ''}
wrk.body = ${lua(JSON.stringify({ query, variables }))}
${check}`;
  }
  const { tokens, uris, code, start } = rotate;
  return `local tokens = { ${tokens.map((t) => lua(t)).join(', ')} }
local uris = { ${uris.map((u) => lua(u)).join(', ')} }
local G, U = #tokens, #uris
local PAIRS = G * U
local THREADS = ${threads}
local head = ${lua(`{"query":${JSON.stringify(query)},"variables":{"input":{"code":${JSON.stringify(code)},"trackUri":"`)}
local counter = 0

function init(args)
  counter = ${start} + tid
end

function request()
  local i = counter
  counter = counter + THREADS
  local g = i % G
  local track = uris[((g + math.floor(i / G)) % U) + 1]
  local like = (math.floor(i / PAIRS) % 2 == 0) and "true" or "false"
  return wrk.format("POST", ${lua(path)}, {
    ["content-type"] = "application/json",
    ["authorization"] = "Bearer " .. tokens[g + 1],
  }, head .. track .. '","isLike":' .. like .. "}}}")
end
${check}`;
}

/** The same requests as a HAR file for the autocannon fallback (replayed in a loop). */
function harFile({ url, path, query, variables, token, rotate }) {
  const entry = (body, bearer) => ({
    request: {
      method: 'POST',
      url: `${url}${path}`,
      headers: [
        { name: 'content-type', value: 'application/json' },
        ...(bearer ? [{ name: 'authorization', value: `Bearer ${bearer}` }] : []),
      ],
      postData: { mimeType: 'application/json', text: body },
    },
  });
  if (!rotate) return { log: { entries: [entry(JSON.stringify({ query, variables }), token)] } };
  const { tokens, uris, code, start } = rotate;
  const pairs = tokens.length * uris.length;
  const entries = [];
  for (let i = start; i < start + HAR_ENTRIES; i++) {
    const g = i % tokens.length;
    const trackUri = uris[(g + Math.floor(i / tokens.length)) % uris.length];
    const isLike = Math.floor(i / pairs) % 2 === 0;
    entries.push(
      entry(JSON.stringify({ query, variables: { input: { code, trackUri, isLike } } }), tokens[g]),
    );
  }
  return { log: { entries } };
}

function run(command, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr = (stderr + c).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} exited ${code ?? signal}: ${stderr || stdout}`));
    });
  });
}

/**
 * One load run against `url` + `path`; resolves with requests/s (of good answers), latency
 * percentiles in ms and errors. A request is good when the answer is HTTP 200, holds `expect`
 * and has no `errors` (checked by wrk's Lua; the autocannon fallback checks the status only).
 */
export async function runLoad(loader, options) {
  const { url, connections, durationSeconds, path = '/graphql' } = options;
  const dir = mkdtempSync(join(tmpdir(), 'bench-load-'));
  try {
    if (loader.tool === 'wrk') {
      const threads = Math.min(loader.threads ?? 1, connections);
      const script = join(dir, 'load.lua');
      writeFileSync(script, wrkScript({ ...options, path, threads }));
      const out = await run(
        'wrk',
        [
          `-t${threads}`,
          `-c${connections}`,
          `-d${durationSeconds}s`,
          '--timeout',
          '10s',
          '-s',
          script,
          `${url}${path}`,
        ],
        (durationSeconds + 30) * 1000,
      );
      const line = out.split('\n').find((l) => l.startsWith(RESULT));
      if (!line) throw new Error(`wrk printed no result:\n${out.slice(-2000)}`);
      const r = JSON.parse(line.slice(RESULT.length));
      const firstBad = out
        .split('\n')
        .find((l) => l.startsWith(FIRST_BAD))
        ?.slice(FIRST_BAD.length)
        .trim();
      const grid = out
        .split('\n')
        .find((l) => l.startsWith(GRID))
        ?.slice(GRID.length)
        .trim()
        .split(',')
        .map((us) => Number(us) / 1000);
      const seconds = r.durationUs / 1e6;
      const socketErrors = r.connectErrors + r.readErrors + r.writeErrors;
      return {
        tool: 'wrk',
        connections,
        durationSeconds: seconds,
        requests: r.requests,
        requestsPerSecond: (r.requests - r.bad) / seconds,
        // wrk reports 0 for no samples.
        latencyP50: r.requests > 0 ? r.p50Us / 1000 : null,
        latencyP99: r.requests > 0 ? r.p99Us / 1000 : null,
        latencyMax: r.requests > 0 ? r.maxUs / 1000 : null,
        // The 0.5th, 1st, …, 99.5th percentiles (ms): mergeRuns pools runs by them.
        latencyGrid: r.requests > 0 && grid?.length === 199 ? grid : null,
        errors: r.bad + socketErrors + r.timeouts,
        non2xx: r.non2xx,
        socketErrors,
        timeouts: r.timeouts,
        firstError: firstBad || null,
      };
    }
    const har = join(dir, 'requests.har');
    writeFileSync(har, JSON.stringify(harFile({ ...options, path })));
    const out = await run(
      process.execPath,
      [
        AUTOCANNON,
        '-c',
        String(connections),
        '-d',
        String(durationSeconds),
        '-t',
        '10',
        '-j',
        '-n',
        '--har',
        har,
        `${url}${path}`,
      ],
      (durationSeconds + 30) * 1000,
    );
    const r = JSON.parse(out.slice(out.indexOf('{')));
    const seconds = r.duration;
    return {
      tool: 'autocannon',
      connections,
      durationSeconds: seconds,
      requests: r.requests.total,
      requestsPerSecond: (r.requests.total - r.non2xx) / seconds,
      latencyP50: r.latency.p50,
      latencyP99: r.latency.p99,
      latencyMax: r.latency.max,
      errors: r.non2xx + r.errors + r.timeouts,
      non2xx: r.non2xx,
      socketErrors: r.errors,
      timeouts: r.timeouts,
      firstError: null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The `q`-th percentile (0–100) of weighted values, `points` as [value, weight]. */
function weightedPercentile(points, q) {
  const sorted = [...points].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, weight]) => sum + weight, 0);
  let seen = 0;
  for (const [value, weight] of sorted) {
    seen += weight;
    if (seen >= (q / 100) * total) return value;
  }
  return sorted.at(-1)?.[0] ?? null;
}

/**
 * Several runs of one load as one (the benchmark measures a row in slices, the servers taking
 * turns): requests and duration added up, errors too; the latency percentiles of the runs pooled
 * (each run's percentile grid weighted by its requests; without grids, autocannon's, the
 * request-weighted mean of the runs' percentiles); the highest maximum.
 */
export function mergeRuns(runs) {
  if (runs.length === 1) return runs[0];
  const requests = runs.reduce((sum, run) => sum + run.requests, 0);
  const seconds = runs.reduce((sum, run) => sum + run.durationSeconds, 0);
  const good = runs.reduce((sum, run) => sum + run.requestsPerSecond * run.durationSeconds, 0);
  const withLatency = runs.filter((run) => run.requests > 0 && run.latencyP50 !== null);
  let latencyP50 = null;
  let latencyP99 = null;
  if (withLatency.length > 0 && withLatency.every((run) => run.latencyGrid)) {
    const points = withLatency.flatMap((run) =>
      run.latencyGrid.map((value) => [value, run.requests / run.latencyGrid.length]),
    );
    latencyP50 = weightedPercentile(points, 50);
    latencyP99 = weightedPercentile(points, 99);
  } else if (withLatency.length > 0) {
    const weight = withLatency.reduce((sum, run) => sum + run.requests, 0);
    const mean = (key) =>
      withLatency.reduce((sum, run) => sum + run[key] * run.requests, 0) / weight;
    latencyP50 = mean('latencyP50');
    latencyP99 = mean('latencyP99');
  }
  const sum = (key) => runs.reduce((total, run) => total + (run[key] ?? 0), 0);
  return {
    tool: runs[0].tool,
    connections: runs[0].connections,
    durationSeconds: seconds,
    requests,
    requestsPerSecond: seconds > 0 ? good / seconds : 0,
    latencyP50,
    latencyP99,
    latencyMax: Math.max(...runs.map((run) => run.latencyMax ?? 0)),
    latencyGrid: null,
    slices: runs.length,
    errors: sum('errors'),
    non2xx: sum('non2xx'),
    socketErrors: sum('socketErrors'),
    timeouts: sum('timeouts'),
    firstError: runs.find((run) => run.firstError)?.firstError ?? null,
  };
}
