// The web view's script: draws the overview from /api/overview (or from the numbers inlined in a report), refreshes
// it while the page is open, shows times in the browser's zone and copies AWS CLI commands. Every value from the
// database reaches the page through textContent or the charts' canvas, never as markup.
(function () {
  'use strict';

  var REFRESH_SECONDS = 15;

  // Okabe & Ito's palette: told apart with every common colour-vision deficiency.
  var KIND_COLOURS = {
    TIMEOUT: '#E69F00', OUT_OF_MEMORY: '#56B4E9', NETWORK: '#009E73', CRASH: '#D55E00', ABORTED: '#CC79A7',
    UNKNOWN: '#999999'
  };
  var KINDS = ['TIMEOUT', 'OUT_OF_MEMORY', 'NETWORK', 'CRASH', 'ABORTED', 'UNKNOWN'];
  var SUCCEEDED_COLOUR = '#0072B2';
  var FAILED_COLOUR = '#D55E00';
  // viridis: a sequential scale readable in grey and with colour-vision deficiencies.
  var VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];

  var charts = {};

  function byId(id) {
    return document.getElementById(id);
  }

  function setText(id, value) {
    var element = byId(id);
    if (element) {
      element.textContent = value === null || value === undefined ? '-' : String(value);
    }
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function chart(id) {
    if (!charts[id]) {
      var element = byId(id);
      charts[id] = echarts.init(element, null, { renderer: 'canvas' });
      // The box may take its final size after the chart first drew (fonts, wrapping): follow it.
      if (window.ResizeObserver) {
        new ResizeObserver(function () { charts[id].resize(); }).observe(element);
      }
    }
    return charts[id];
  }

  // A cell whose 95 % interval is wider than this, in percentage points, is drawn pale with a dashed border: its
  // percentage cannot be read yet (fewer than 9 runs always are; near 50 %, fewer than 39). The legend under the
  // heat maps says it; the bounds are the ones the API gives (one decimal).
  var WIDE_INTERVAL_POINTS = 30;

  // As VisibleText.line does on the server: control characters, bidi overrides and lone surrogates as \uXXXX.
  function visible(value) {
    if (value === null || value === undefined) {
      return '-';
    }
    var text = String(value);
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      var high = c >= 0xD800 && c <= 0xDBFF;
      var next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (high && next >= 0xDC00 && next <= 0xDFFF) {
        out += text.charAt(i) + text.charAt(i + 1);
        i++;
      } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c === 0x2028 || c === 0x2029 || c === 0x200E || c === 0x200F ||
          (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || (c >= 0xD800 && c <= 0xDFFF)) {
        out += '\\u' + ('000' + c.toString(16).toUpperCase()).slice(-4);
      } else {
        out += text.charAt(i);
      }
    }
    return out;
  }

  // Temperatures as the run page and the runs page write them: 0.0, 0.7, 1.0.
  function temperatureText(temperature) {
    if (temperature === null || temperature === undefined) {
      return '(none)';
    }
    var number = Number(temperature);
    return Number.isInteger(number) ? number.toFixed(1) : String(temperature);
  }

  function temperatureKey(row) {
    return temperatureText(row.temperature);
  }

  // The runs page filtered to one cell: (none) is the runs without a temperature, (unknown) those without a model.
  function runsAddress(model, temperature) {
    return '/runs?model=' + encodeURIComponent(model) + '&temperature=' +
      encodeURIComponent(temperature === '(none)' ? 'none' : temperature);
  }

  function percentText(percent) {
    return percent === null || percent === undefined ? '-' : Number(percent).toFixed(1) + ' %';
  }

  // The API's answer, or an Error carrying its one-sentence message (400, 503…).
  function fetchJson(address) {
    return fetch(address, { headers: { Accept: 'application/json' } }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          throw new Error(body.error ? body.error : 'HTTP ' + response.status);
        }
        return body;
      });
    });
  }

  function intervalText(low, high) {
    return low === null || low === undefined ? '-' : Number(low).toFixed(1) + '–' + Number(high).toFixed(1) + ' %';
  }

  // A cohort's median or p90 in seconds, as a person reads it: 42 s, 4.2 min, 1.5 h.
  function durationText(seconds) {
    var value = Number(seconds);
    return value < 60 ? value.toFixed(0) + ' s' : value < 3600 ? (value / 60).toFixed(1) + ' min'
      : (value / 3600).toFixed(1) + ' h';
  }

  function tooWide(low, high) {
    return low !== null && low !== undefined && high - low > WIDE_INTERVAL_POINTS;
  }

  // Compare: turned on with its button, each click on a cell (either heat map) picks it; the second pick asks
  // /api/compare, which answers what diagnose --compare prints for the two cohorts.
  var comparing = { on: false, picks: [], window: null };

  function isPicked(model, temperature) {
    return comparing.picks.some(function (p) { return p.model === model && p.temperature === temperature; });
  }

  // fields: the row's percent, count, interval low and high for this map
  function heatmap(id, title, rows, fields, live) {
    var models = Array.from(new Set(rows.map(function (r) { return r.model_name; }))).sort();
    var temperatures = Array.from(new Set(rows.map(temperatureKey))).sort(function (a, b) { return Number(a) - Number(b); });
    var data = rows.map(function (r) {
      var wide = tooWide(r[fields.low], r[fields.high]);
      var picked = isPicked(r.model_name, temperatureKey(r));
      var style = wide ? { opacity: 0.45, borderColor: '#1b1b1b', borderWidth: 2, borderType: 'dashed' }
        : { borderColor: '#ffffff', borderWidth: 1, borderType: 'solid' };
      if (picked) {
        style.borderColor = '#000000';
        style.borderWidth = 5;
      }
      return {
        value: [temperatures.indexOf(temperatureKey(r)), models.indexOf(r.model_name), r[fields.percent], r[fields.count],
          r.runs, r[fields.low], r[fields.high], wide ? 1 : 0, r.median_seconds, r.p90_seconds],
        itemStyle: style,
        // Dark text on the pale cells, light text with a dark edge on the full ones: readable on both.
        label: wide ? { color: '#000000', textBorderWidth: 0, opacity: 1 } : {}
      };
    });
    var shownModels = models.map(visible);
    var heat = chart(id);
    heat.setOption({
      title: { text: title, left: 'center',
        subtext: rows.length ? 'percent of the runs started in the window; point at a cell for its 95 % interval'
          : 'no runs started in the window' },
      aria: { enabled: true },
      tooltip: {
        formatter: function (p) {
          return escapeHtml(shownModels[p.value[1]]) + ' @ ' + escapeHtml(temperatures[p.value[0]]) + '<br>' +
            escapeHtml(percentText(p.value[2])) + ' (' + escapeHtml(p.value[3]) + ' of ' + escapeHtml(p.value[4]) + ' runs)' +
            '<br>95 % interval: ' + escapeHtml(intervalText(p.value[5], p.value[6])) +
            (p.value[7] ? '<br>wider than ' + WIDE_INTERVAL_POINTS + ' points: too few runs to read' : '') +
            (p.value[8] === null || p.value[8] === undefined ? ''
              : '<br>finished runs took: median ' + escapeHtml(durationText(p.value[8])) + ', p90 ' +
                escapeHtml(durationText(p.value[9]))) +
            (live ? '<br>click: ' + (comparing.on ? 'pick for the comparison' : 'these runs') : '');
        }
      },
      grid: { top: 70, bottom: 90, left: 150, right: 20 },
      xAxis: { type: 'category', data: temperatures, name: 'temperature', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'category', data: shownModels, name: 'model', nameLocation: 'end' },
      // dimension 2 is the percentage: the colour says what the cell says, whatever the number of runs.
      visualMap: { dimension: 2, min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 5,
        text: ['100 %', '0 %'], inRange: { color: VIRIDIS } },
      series: [{
        name: title, type: 'heatmap', data: data, cursor: live ? 'pointer' : 'default',
        label: { show: true, color: '#fff', textBorderColor: '#000', textBorderWidth: 2, lineHeight: 16,
          formatter: function (p) { return percentText(p.value[2]) + '\n' + p.value[3] + '/' + p.value[4]; } }
      }]
    }, true);
    heat.off('click');
    if (live) {
      heat.on('click', function (p) {
        var model = models[p.value[1]];
        var temperature = temperatures[p.value[0]];
        if (comparing.on) {
          pick(model, temperature);
        } else {
          window.location.href = runsAddress(model, temperature);
        }
      });
    }
  }

  // The cohort of a cell in diagnose --compare's words: (unknown) is the runs without a model, none without a temperature.
  function cohort(model, temperature) {
    return 'model=' + model + '+temperature=' + (temperature === '(none)' ? 'none' : temperature);
  }

  function cellName(p) {
    return visible(p.model) + ' @ ' + p.temperature;
  }

  function pick(model, temperature) {
    if (comparing.picks.length === 2) {
      comparing.picks = [];
    }
    comparing.picks.push({ model: model, temperature: temperature });
    redraw();
    if (comparing.picks.length === 1) {
      setText('compare-state', 'A: ' + cellName(comparing.picks[0]) + '. Now pick the cell to compare it with.');
      return;
    }
    var a = comparing.picks[0];
    var b = comparing.picks[1];
    setText('compare-state', 'A: ' + cellName(a) + ', B: ' + cellName(b) + ': comparing…');
    var shown = comparing.window;
    fetchJson('/api/compare?a=' + encodeURIComponent(cohort(a.model, a.temperature)) + '&b=' +
        encodeURIComponent(cohort(b.model, b.temperature)) + '&since=' + encodeURIComponent(shown.since) + '&at=' +
        encodeURIComponent(shown.at))
      .then(function (report) {
        comparisonTable(report);
        setText('compare-state', 'A: ' + cellName(a) + ', B: ' + cellName(b) + '. Runs started in ' + windowPhrase(report.since) +
          ' up to ' + report.at + '. Pick another cell to start again.');
      })
      .catch(function (e) {
        setText('compare-state', 'could not compare (' + e.message + ')');
      });
  }

  var comparisonRows = [
    function (r) { return [r.first.cohort, r.first.runs, r.first.execution_success.text, r.first.goal_found_rate.text]; },
    function (r) { return [r.second.cohort, r.second.runs, r.second.execution_success.text, r.second.goal_found_rate.text]; },
    function (r) { return ['difference (first - second)', '', r.difference.execution_success.text, r.difference.goal_found.text]; }
  ];

  function clearText(difference) {
    if (difference.value === null) {
      return 'no difference: a cohort has no runs in the window';
    }
    return difference.clear ? 'the difference is clear (its 95 % interval excludes 0)'
      : 'the difference is not clear (its 95 % interval includes 0)';
  }

  /** Both cohorts and their difference, as diagnose --compare prints them; every value as text. */
  function comparisonTable(report) {
    var body = byId('comparison-table');
    body.textContent = '';
    comparisonRows.forEach(function (row) {
      var tr = document.createElement('tr');
      row(report).forEach(function (value, i) {
        var td = document.createElement('td');
        td.className = i === 0 ? 'name' : i === 1 ? 'number' : 'time';
        td.textContent = visible(value);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    setText('comparison-verdict', 'Execution succeeded: ' + clearText(report.difference.execution_success) +
      '. Goal found: ' + clearText(report.difference.goal_found) + '. ' + report.reading);
    byId('comparison').hidden = false;
    document.body.setAttribute('data-compared', report.computed_at);
  }

  var lastOverview = null;

  function redraw() {
    if (lastOverview) {
      heatmaps(lastOverview.data, lastOverview.live);
    }
  }

  function heatmaps(data, live) {
    var rates = data.success_rates;
    heatmap('success-heatmap', 'Execution succeeded', rates, { percent: 'execution_success_percent', count: 'succeeded',
      low: 'execution_success_low', high: 'execution_success_high' }, live);
    heatmap('goal-heatmap', 'Goal found', rates, { percent: 'goal_found_percent', count: 'goal_found',
      low: 'goal_found_low', high: 'goal_found_high' }, live);
  }

  function startComparing() {
    var toggle = byId('compare-toggle');
    if (!toggle) {
      return;
    }
    toggle.addEventListener('click', function () {
      comparing.on = !comparing.on;
      comparing.picks = [];
      toggle.setAttribute('aria-pressed', String(comparing.on));
      toggle.textContent = comparing.on ? 'Stop comparing' : 'Compare two cells';
      setText('compare-state', comparing.on ? 'Pick a cell of either heat map, then a second one.' : '');
      redraw();
    });
  }

  function seconds(interval) {
    var match = /^(\d+)([smhd])$/.exec(interval);
    return match ? Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[match[2]] : 0;
  }

  function failuresOverTime(rows, since) {
    var periods = Array.from(new Set(rows.map(function (r) { return r.period_utc; }))).sort();
    var kinds = KINDS.filter(function (k) { return rows.some(function (r) { return r.kind === k; }); });
    rows.forEach(function (r) { if (kinds.indexOf(r.kind) < 0) { kinds.push(r.kind); } });
    var hourly = seconds(since) <= 48 * 3600;  // as the query buckets them
    chart('failures-over-time').setOption({
      title: { text: 'Failures by kind over time', left: 'center',
        subtext: rows.length ? 'runs that ended in the window (' + windowPhrase(since) + '), per ' + (hourly ? 'hour' : 'day') + ' (UTC)'
          : 'no failures in the window (' + windowPhrase(since) + ')' },
      aria: { enabled: true, decal: { show: true } },
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, data: kinds },
      grid: { top: 70, bottom: 70, left: 60, right: 20 },
      xAxis: { type: 'category', data: periods, name: 'time (UTC)', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: 'failures (runs)', minInterval: 1 },
      series: kinds.map(function (kind) {
        return {
          name: kind, type: 'bar', stack: 'failures', barMaxWidth: 48, itemStyle: { color: KIND_COLOURS[kind] || '#000000' },
          data: periods.map(function (p) {
            var row = rows.find(function (r) { return r.period_utc === p && r.kind === kind; });
            return row ? row.failures : 0;
          })
        };
      })
    }, true);
  }

  function durations(rows, since) {
    var total = rows.reduce(function (sum, r) { return sum + r.succeeded + r.failed; }, 0);
    chart('durations').setOption({
      title: { text: 'Durations of the runs that finished', left: 'center',
        subtext: total ? total + ' runs ended in the window (' + windowPhrase(since) + ')' : 'no run ended in the window (' + windowPhrase(since) + ')' },
      aria: { enabled: true, decal: { show: true } },
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, data: ['succeeded', 'did not succeed'] },
      grid: { top: 70, bottom: 70, left: 60, right: 20 },
      xAxis: { type: 'category', data: rows.map(function (r) { return r.duration; }), name: 'duration',
        nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: 'runs', minInterval: 1 },
      series: [
        { name: 'succeeded', type: 'bar', stack: 'runs', barMaxWidth: 48, itemStyle: { color: SUCCEEDED_COLOUR },
          data: rows.map(function (r) { return r.succeeded; }) },
        { name: 'did not succeed', type: 'bar', stack: 'runs', barMaxWidth: 48, itemStyle: { color: FAILED_COLOUR },
          data: rows.map(function (r) { return r.failed; }) }
      ]
    }, true);
  }

  var STUCK_COLUMNS = ['id', 'name', 'name', 'status', 'time', 'time'];

  function stuckTable(rows, total, live) {
    var body = byId('stuck-table');
    while (body.firstChild) {
      body.removeChild(body.firstChild);
    }
    rows.forEach(function (row) {
      var tr = document.createElement('tr');
      [row.id, row.execution_name, row.model_name, row.status, row.started_utc, row.age].forEach(function (value, i) {
        var td = document.createElement('td');
        td.className = STUCK_COLUMNS[i];
        if (live && i < 2) {
          var a = document.createElement('a');
          a.href = '/runs/' + encodeURIComponent(row.id);
          a.textContent = visible(value);
          td.appendChild(a);
        } else {
          td.textContent = visible(value);
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    setText('stuck-more', rows.length === 0 ? 'No stuck run.'
      : total > rows.length ? '… and ' + (total - rows.length) + ' more (the oldest ' + rows.length + ' shown)' : '');
  }

  /** Which step of the workflow fails, and how (diagnose's failures by state); every value as text. */
  function failuresByStateTable(rows, total) {
    var body = byId('failures-by-state-table');
    body.textContent = '';
    rows.forEach(function (row) {
      var tr = document.createElement('tr');
      [row.state, row.kind, row.failures, row.failed_in, row.newest_example].forEach(function (value) {
        var td = document.createElement('td');
        td.textContent = value === null || value === undefined ? '-' : String(value);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    setText('failures-by-state-more', rows.length === 0 ? 'No failure in the window.'
      : total > rows.length ? '… and ' + (total - rows.length) + ' more (limit ' + rows.length + ')' : '');
  }

  // The window as a person says it: 'the last 24h', or 'all time'.
  function windowPhrase(since) {
    return since === 'all' ? 'all time' : 'the last ' + since;
  }

  function renderOverview(data, live) {
    var counts = data.counts;
    setText('window', 'Window: ' + windowPhrase(data.since) + ' up to ' + data.at + '; stuck means unfinished for over ' +
      data.stuck_after + '. Computed ' + data.computed_at + ' (' + data.database_ms + ' ms in the database).');
    setText('stuck-count', counts.stuck_count);
    setText('stuck-note', 'unfinished for over ' + data.stuck_after);
    setText('failure-rate', counts.failure_rate_percent === null ? '-' : counts.failure_rate_percent.toFixed(1) + ' %');
    setText('failure-counts', counts.failed + ' failed of ' + counts.finished + ' finished');
    var rates = data.success_rates;
    lastOverview = { data: data, live: live };
    // A comparison is about the window the heat maps show, as of the moment they were computed.
    comparing.window = { since: data.since, at: data.at };
    heatmaps(data, live);
    setText('heatmap-legend-text', 'pale, dashed border: the cell\'s 95 % interval is wider than ' + WIDE_INTERVAL_POINTS +
      ' points, too few runs to read its percentage (always below 9 runs; near 50 %, below 39). Point at a cell for' +
      ' its interval.');
    var moreRates = data.totals.success_rates - rates.length;
    setText('heatmap-note', moreRates > 0 ? '… and ' + moreRates + ' more model and temperature pairs (limit ' + data.limit + ')' : '');
    failuresOverTime(data.failures_over_time, data.since);
    durations(data.durations, data.since);
    stuckTable(data.stuck_experiments, data.totals.stuck_experiments, live);
    failuresByStateTable(data.failures_by_state || [], data.totals.failures_by_state || 0);
    document.body.setAttribute('data-rendered', data.computed_at);
  }

  function startOverview() {
    var inline = byId('overview-data');
    if (inline) {
      renderOverview(JSON.parse(inline.textContent), false);
      return;
    }
    startComparing();
    var api = document.body.getAttribute('data-api');
    var inFlight = false;
    var timer = null;
    // One refresh at a time, none while the tab is hidden: a slow database is asked once, not once per tick.
    var schedule = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        timer = null;
        if (document.hidden) {
          setText('refresh-state', 'paused while the tab is hidden');
        } else {
          load();
        }
      }, REFRESH_SECONDS * 1000);
    };
    var load = function () {
      if (inFlight) {
        return;
      }
      inFlight = true;
      setText('refresh-state', 'refreshing…');
      fetchJson(api)
        .then(function (data) {
          renderOverview(data, true);
          setText('refresh-state', 'updated ' + utcTime(new Date()) + '; refreshes every ' + REFRESH_SECONDS + ' s');
        })
        .catch(function (e) {
          setText('refresh-state', 'could not refresh (' + e.message + '); retrying in ' + REFRESH_SECONDS + ' s');
        })
        .then(function () {
          inFlight = false;
          document.body.setAttribute('data-refreshes', String(Number(document.body.getAttribute('data-refreshes') || 0) + 1));
          schedule();
        });
    };
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden && !inFlight && timer === null) {
        load();
      }
    });
    byId('refresh').addEventListener('click', load);
    load();
  }

  // Times on the pages are UTC and say so; the run page adds the browser's own zone by name.
  function utcTime(date) {
    return date.toISOString().slice(11, 19) + ' UTC';
  }

  function localTimes() {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    document.querySelectorAll('time.local').forEach(function (element) {
      var local = document.createElement('span');
      local.className = 'local-time';
      local.textContent = ' (' + new Date(element.getAttribute('datetime')).toLocaleString() + ' ' + zone + ')';
      element.parentNode.insertBefore(local, element.nextSibling);
    });
  }

  function copyButtons() {
    document.querySelectorAll('button.copy').forEach(function (button) {
      button.addEventListener('click', function () {
        var text = byId(button.getAttribute('data-copy')).textContent;
        var done = function () { button.textContent = 'Copied'; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () { button.textContent = 'Select and copy'; });
        } else {
          var range = document.createRange();
          range.selectNodeContents(byId(button.getAttribute('data-copy')));
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
          button.textContent = document.execCommand('copy') ? 'Copied' : 'Selected: press Ctrl-C';
        }
      });
    });
  }

  var page = document.body.getAttribute('data-page');
  if (page === 'overview') {
    startOverview();
  }
  localTimes();
  copyButtons();
})();
