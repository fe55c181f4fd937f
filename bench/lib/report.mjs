/** Turns the results into the PASS/FAIL list, the Markdown table and the fan-out chart. */

const MB = 1024 * 1024;

const fixed = (value, digits = 1) =>
  value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);

const ms = (value) =>
  value === null || value === undefined ? '–' : value < 10 ? fixed(value, 2) : fixed(value, 1);

function ratio(value, floor) {
  if (value === null || value === undefined || !floor) return '';
  const r = value / floor;
  return ` (${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×)`;
}

const throughputAt = (config, connections) =>
  config?.throughput?.find((t) => t.connections === connections) ?? null;
const fanoutAt = (config, k) => config?.fanout?.find((f) => f.subscribers === k) ?? null;
const layerAt = (config, layer, connections) =>
  config?.layers?.[layer]?.find((t) => t.connections === connections) ?? null;
const rps = (config, layer, connections) =>
  layerAt(config, layer, connections)?.requestsPerSecond ?? null;

/**
 * The targets of the current performance issue, judged on the SQLite configuration at 16
 * connections unless said (the PostgreSQL + Redis row compares the two). Ratios are taken within
 * one run; every cell shows the figures it is computed from. A target not measured reads '–' and
 * counts as not met.
 */
export function evaluateTargets(results) {
  const { floor, sqlite: app, postgres } = results.configs;
  const counts = results.settings.subscriberCounts;
  const targets = [];
  const add = (name, measured, limit, pass) =>
    targets.push({ name, measured, limit, pass: measured === '–' ? false : pass });
  if (!app || app.skipped) return targets;

  const perSecond = (value) => `${fixed(value, 0)}/s`;
  /** `a ≥ factor × b`, shown as `a/s = r × b/s`. */
  const atLeast = (name, a, b, factor, limit = `≥ ${factor} ×`) => {
    const r = a !== null && b ? a / b : null;
    add(
      name,
      r === null ? '–' : `${perSecond(a)} = ${fixed(r, 3)} × ${perSecond(b)}`,
      limit,
      r !== null && r >= factor,
    );
  };
  const typename = rps(app, 'typename', 16);
  atLeast(
    '`vote` requests/s ≥ 0.1 × floor votes',
    rps(app, 'vote', 16),
    rps(floor, 'vote', 16),
    0.1,
  );
  const voteP99 = layerAt(app, 'vote', 16)?.latencyP99 ?? null;
  add(
    '`vote` p99 at 16 connections ≤ 25 ms',
    voteP99 === null ? '–' : `${ms(voteP99)} ms`,
    '≤ 25 ms',
    voteP99 !== null && voteP99 <= 25,
  );
  atLeast('`me` requests/s ≥ 0.7 × `{ __typename }`', rps(app, 'me', 16), typename, 0.7);
  atLeast('`room` requests/s ≥ 0.7 × `{ __typename }`', rps(app, 'room', 16), typename, 0.7);
  atLeast(
    'app `{ __typename }` requests/s ≥ 0.2 × floor `{ __typename }`',
    typename,
    rps(floor, 'typename', 16),
    0.2,
  );
  const errors = (app.throughput ?? []).reduce((sum, t) => sum + t.errors, 0);
  add(
    'vote errors (16 and 64 connections) = 0',
    app.throughput ? String(errors) : '–',
    '0',
    errors === 0,
  );

  const a5000 = fanoutFor(app, counts, 5000);
  const fl5000 = fanoutFor(floor, counts, 5000);
  const fanRatio = a5000?.lastP99 && fl5000?.lastP99 ? a5000.lastP99 / fl5000.lastP99 : null;
  add(
    'fan-out to 5,000: last-subscriber p99 ≤ 2.5 × floor',
    fanRatio === null
      ? '–'
      : `${ms(a5000.lastP99)} ms = ${fixed(fanRatio, 2)} × ${ms(fl5000.lastP99)} ms` +
          subscribersNote(a5000, 5000),
    '≤ 2.5 ×',
    fanRatio !== null && fanRatio <= 2.5 && a5000.subscribers === 5000,
  );
  const a10000 = fanoutFor(app, counts, 10000);
  add(
    'fan-out to 10,000 in one room on one instance: p99 ≤ 1.5 s, none lost',
    a10000
      ? `p99 ${ms(a10000.lastP99)} ms, ${a10000.lost} of ${a10000.votes} events lost` +
          subscribersNote(a10000, 10000)
      : '–',
    '≤ 1500 ms, 0 lost',
    !!a10000 &&
      a10000.subscribers === 10000 &&
      a10000.lost === 0 &&
      a10000.lastP99 !== null &&
      a10000.lastP99 <= 1500,
  );
  const lost = (app.fanout ?? []).reduce((sum, f) => sum + f.lost, 0);
  add('fan-out events lost = 0', app.fanout ? String(lost) : '–', '0', lost === 0);
  const perSub = app.memory?.at(-1);
  add(
    `server RSS per idle subscriber (at ${perSub?.subscribers ?? '–'}) ≤ 20 KB`,
    perSub
      ? `${fixed(perSub.perSubscriberKB, 1)} KB = ${fixed((perSub.rss - app.rssRest) / MB, 1)} MB ` +
          `/ ${perSub.subscribers} subscribers`
      : '–',
    '≤ 20 KB',
    !!perSub && perSub.perSubscriberKB <= 20,
  );
  const second = results.npmStart?.secondMs ?? null;
  add(
    '`npm start` → /health 200, second start ≤ 1.5 s',
    second === null
      ? '–'
      : `${fixed(second, 0)} ms (first start ${fixed(results.npmStart.firstMs, 0)} ms)`,
    '≤ 1500 ms',
    second !== null && second <= 1500,
  );
  const measuredPostgres = postgres && !postgres.skipped ? postgres : null;
  atLeast(
    'vote on PostgreSQL + Redis within 1.5 × SQLite: votes/s ≥ SQLite / 1.5',
    measuredPostgres ? rps(measuredPostgres, 'vote', 16) : null,
    measuredPostgres ? rps(app, 'vote', 16) : null,
    1 / 1.5,
    '≥ 0.667 ×',
  );
  return targets;
}

/** The fan-out step meant for `k` subscribers (steps run in order and stop at the first skip). */
const fanoutFor = (config, counts, k) => {
  const i = counts.indexOf(k);
  return i < 0 ? null : (config?.fanout?.[i] ?? null);
};

const subscribersNote = (step, k) =>
  step.subscribers === k ? '' : ` (only ${step.subscribers} of ${k} subscribers connected)`;

function rows(results) {
  const floor = results.configs.floor;
  const cols = ['sqlite', 'postgres'].map((key) => results.configs[key]);
  const lines = [];
  const row = (label, pick, format) => {
    const f = pick(floor);
    const cells = cols.map((config) => {
      if (!config || config.skipped) return 'skipped';
      const v = pick(config);
      return `${format(v)}${ratio(v, f)}`;
    });
    lines.push(`| ${label} | ${format(f)} | ${cells.join(' | ')} |`);
  };
  lines.push(
    `| \`npm start\` → /health 200, second start (ms) | – | ${fixed(results.npmStart?.secondMs ?? null, 0)} | – |`,
  );
  row(
    'start-up to /health 200 (ms)',
    (c) => c?.startupMs ?? null,
    (v) => fixed(v, 0),
  );
  row(
    'RSS after start (MB)',
    (c) => (c?.rssStart ? c.rssStart / MB : null),
    (v) => fixed(v, 1),
  );
  row(
    'RSS at rest, room + guests (MB)',
    (c) => (c?.rssRest ? c.rssRest / MB : null),
    (v) => fixed(v, 1),
  );
  for (const n of [16, 64]) {
    row(
      `votes/s, ${n} connections`,
      (c) => throughputAt(c, n)?.votesPerSecond ?? null,
      (v) => fixed(v, 0),
    );
    row(`vote p50, ${n} conn. (ms)`, (c) => throughputAt(c, n)?.latencyP50 ?? null, ms);
    row(`vote p99, ${n} conn. (ms)`, (c) => throughputAt(c, n)?.latencyP99 ?? null, ms);
    row(
      `server CPU per vote, ${n} conn. (ms)`,
      (c) => throughputAt(c, n)?.serverCpuMsPerVote ?? null,
      (v) => fixed(v, 2),
    );
    row(
      `vote errors, ${n} conn.`,
      (c) => throughputAt(c, n)?.errors ?? null,
      (v) => (v === null ? '–' : String(v)),
    );
  }
  for (const k of results.settings.subscriberCounts) {
    row(`fan-out to ${k}: last subscriber p50 (ms)`, (c) => fanoutAt(c, k)?.lastP50 ?? null, ms);
    row(`fan-out to ${k}: last subscriber p99 (ms)`, (c) => fanoutAt(c, k)?.lastP99 ?? null, ms);
  }
  for (const k of results.settings.subscriberCounts) {
    row(
      `fan-out to ${k}: server CPU per delivery (µs)`,
      (c) => fanoutAt(c, k)?.serverCpuUsPerDelivery ?? null,
      (v) => fixed(v, 1),
    );
  }
  for (const k of results.settings.subscriberCounts) {
    row(
      `RSS per idle subscriber at ${k} (KB)`,
      (c) => c?.memory?.find((m) => m.subscribers === k)?.perSubscriberKB ?? null,
      (v) => fixed(v, 1),
    );
  }
  for (const k of results.settings.subscriberCounts) {
    row(
      `JS heap per idle subscriber at ${k} (KB)`,
      (c) => c?.memory?.find((m) => m.subscribers === k)?.heapPerSubscriberKB ?? null,
      (v) => fixed(v, 1),
    );
  }
  return lines;
}

const LAYER_LABELS = {
  typename: 'anonymous `{ __typename }`',
  me: '`me`',
  room: '`room(code) { likeThreshold }`',
  vote: '`vote`',
};

/** Requests/s, latency and server CPU per request for each layer, each server, 16 and 64. */
function layerTable(results) {
  const keys = ['floor', 'sqlite', 'postgres'];
  const labels = keys.map((k) => (k === 'floor' ? 'floor' : (results.configs[k]?.label ?? k)));
  const lines = [
    `| layer, connections | ${labels.map((l) => `${l}: req/s · p50 · p99 (ms) · CPU/req (ms)`).join(' | ')} |`,
    `| --- | ${keys.map(() => '---:').join(' | ')} |`,
  ];
  for (const layer of Object.keys(LAYER_LABELS)) {
    for (const n of results.settings.connections) {
      const cells = keys.map((k) => {
        const config = results.configs[k];
        if (!config || config.skipped) return 'skipped';
        const run = layerAt(config, layer, n);
        if (!run) return '–';
        const errors = run.errors ? `, ${run.errors} errors` : '';
        return `${fixed(run.requestsPerSecond, 0)} · ${ms(run.latencyP50)} · ${ms(run.latencyP99)} · ${fixed(run.serverCpuMsPerRequest, 3)}${errors}`;
      });
      lines.push(`| ${LAYER_LABELS[layer]}, ${n} | ${cells.join(' | ')} |`);
    }
  }
  return lines;
}

/** Where the time goes: each layer against the one below it, and the app against the floor. */
export function layerRatios(results) {
  const { floor, sqlite, postgres } = results.configs;
  const ratios = [];
  const add = (name, pick) => {
    const values = {};
    for (const n of results.settings.connections) {
      const [a, b] = pick(n);
      values[n] = a !== null && b ? a / b : null;
    }
    ratios.push({ name, ...values });
  };
  for (const [key, config] of [
    ['SQLite', sqlite],
    ['PostgreSQL', postgres],
    ['floor', floor],
  ]) {
    if (!config?.layers) continue;
    for (const layer of ['vote', 'me', 'room']) {
      add(`${key}: ${layer} / typename (req/s)`, (n) => [
        rps(config, layer, n),
        rps(config, 'typename', n),
      ]);
    }
  }
  for (const [key, config] of [
    ['SQLite', sqlite],
    ['PostgreSQL', postgres],
  ]) {
    if (!config?.layers) continue;
    add(`${key}: app typename / floor typename`, (n) => [
      rps(config, 'typename', n),
      rps(floor, 'typename', n),
    ]);
    add(`${key}: app vote / floor vote`, (n) => [rps(config, 'vote', n), rps(floor, 'vote', n)]);
  }
  if (sqlite?.layers && postgres?.layers) {
    add('PostgreSQL vote / SQLite vote', (n) => [rps(postgres, 'vote', n), rps(sqlite, 'vote', n)]);
  }
  return ratios;
}

function ratioTable(results) {
  const conns = results.settings.connections;
  return [
    `| ratio of requests/s | ${conns.map((n) => `${n} connections`).join(' | ')} |`,
    `| --- | ${conns.map(() => '---:').join(' | ')} |`,
    ...(results.ratios ?? []).map(
      (r) => `| ${r.name} | ${conns.map((n) => fixed(r[n], 3)).join(' | ')} |`,
    ),
  ];
}

export function markdown(results) {
  const cols = ['sqlite', 'postgres'].map((key) => results.configs[key]);
  const head = [
    `| metric | floor (node:http + better-sqlite3 + ws) | ${cols.map((c) => c?.label ?? '–').join(' | ')} |`,
    `| --- | ---: | ${cols.map(() => '---:').join(' | ')} |`,
  ];
  const targets = results.targets
    .map((t) => `| ${t.pass ? 'PASS' : 'FAIL'} | ${t.name} | ${t.measured} |`)
    .join('\n');
  const notes = (results.notes ?? []).map((n) => `- ${n}`).join('\n');
  return [
    `Run of ${results.startedAt} on ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}, ` +
      `${fixed(results.durationSeconds, 0)} s in all; 1-minute load average ${results.machine.loadAverageAtStart[0]} at the start, ` +
      `${results.machine.loadAverageAtEnd?.[0] ?? '–'} at the end. Ratios in brackets are to the floor.`,
    '',
    ...head,
    ...rows(results),
    '',
    ...layerTable(results),
    '',
    ...ratioTable(results),
    '',
    '| result | target (SQLite + in-memory pub/sub) | measured |',
    '| --- | --- | --- |',
    targets,
    ...(notes ? ['', notes] : []),
    '',
  ].join('\n');
}

const COLOURS = { floor: '#6b7280', sqlite: '#2563eb', postgres: '#dc2626' };

/** Log–log chart of fan-out latency (to the last subscriber) against subscribers. */
export function fanoutSvg(results) {
  const width = 820;
  const height = 420;
  const margin = { left: 70, right: 260, top: 40, bottom: 55 };
  const series = [];
  for (const key of ['floor', 'sqlite', 'postgres']) {
    const config = results.configs[key];
    if (!config?.fanout?.length) continue;
    for (const [stat, dash] of [
      ['lastP50', ''],
      ['lastP99', '6 4'],
    ]) {
      const points = config.fanout
        .filter((f) => f[stat] !== null && f[stat] > 0)
        .map((f) => ({ x: f.subscribers, y: f[stat] }));
      series.push({
        name: `${config.label} ${stat === 'lastP50' ? 'p50' : 'p99'}`,
        colour: COLOURS[key],
        dash,
        points,
      });
    }
  }
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const xMin = Math.min(...xs, 100);
  const xMax = Math.max(...xs, 5000);
  const yMin = 10 ** Math.floor(Math.log10(Math.max(0.01, Math.min(...ys))));
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...ys, yMin * 10)));
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const sx = (x) =>
    margin.left +
    ((Math.log10(x) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * plotW;
  const sy = (y) =>
    margin.top +
    plotH -
    ((Math.log10(y) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * plotH;
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="22" font-size="15" font-weight="600">Vote → last subscriber (voteUpdated), ms, log–log</text>`,
  );
  for (let decade = yMin; decade <= yMax; decade *= 10) {
    for (const m of [1, 2, 5]) {
      const y = decade * m;
      if (y < yMin || y > yMax) continue;
      out.push(
        `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" stroke="#e5e7eb"/>`,
        `<text x="${margin.left - 8}" y="${(sy(y) + 4).toFixed(1)}" text-anchor="end">${y >= 1 ? y : y.toPrecision(1)}</text>`,
      );
    }
  }
  for (const x of [100, 200, 500, 1000, 2000, 5000, 10000].filter((v) => v >= xMin && v <= xMax)) {
    out.push(
      `<line x1="${sx(x).toFixed(1)}" x2="${sx(x).toFixed(1)}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#e5e7eb"/>`,
      `<text x="${sx(x).toFixed(1)}" y="${margin.top + plotH + 18}" text-anchor="middle">${x.toLocaleString('en')}</text>`,
    );
  }
  out.push(
    `<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#9ca3af"/>`,
    `<text x="${margin.left + plotW / 2}" y="${height - 12}" text-anchor="middle">subscribers in the room</text>`,
    `<text transform="translate(18 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">milliseconds</text>`,
  );
  series.forEach((s, i) => {
    const d = s.points
      .map((p, j) => `${j ? 'L' : 'M'}${sx(p.x).toFixed(1)} ${sy(p.y).toFixed(1)}`)
      .join(' ');
    out.push(
      `<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
    );
    for (const p of s.points) {
      out.push(
        `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3" fill="${s.colour}"/>`,
      );
    }
    const ly = margin.top + 10 + i * 20;
    const lx = margin.left + plotW + 16;
    out.push(
      `<line x1="${lx}" x2="${lx + 28}" y1="${ly}" y2="${ly}" stroke="${s.colour}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
      `<text x="${lx + 34}" y="${ly + 4}">${esc(s.name)}</text>`,
    );
  });
  out.push('</svg>', '');
  return out.join('\n');
}
