// The job board page: follows /events (server-sent events) and draws one table body per job.
// Event data is only ever set as textContent or attribute values, never parsed as HTML.
'use strict';

(function () {
  const jobs = new Map(); // taskId -> { job, body }
  let stateFilter = 'all';
  let textFilter = '';
  let skew = 0; // server clock minus this browser's, so running times tick from the server's point of view
  let shown = null; // the job whose raw events are open
  let refetch = null;

  const table = document.getElementById('jobs');
  const noJobs = document.getElementById('no-jobs');
  const noMatch = document.getElementById('no-match');
  const panel = document.getElementById('events-panel');
  const connection = document.getElementById('connection');

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function count(n) {
    return n === undefined || n === null ? '?' : Number(n).toLocaleString('en-US');
  }

  function duration(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    const pad = (n) => String(n).padStart(2, '0');
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm' + pad(s % 60) + 's';
    return Math.floor(s / 3600) + 'h' + pad(Math.floor(s / 60) % 60) + 'm';
  }

  function time(ms) {
    const d = new Date(ms);
    const pad = (n, w) => String(n).padStart(w || 2, '0');
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':'
      + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.' + pad(d.getMilliseconds(), 3);
  }

  function rate(side) {
    if (!side.processed) return '–';
    const r = side.rate;
    return (r < 10 ? r.toFixed(1) : Math.round(r).toLocaleString('en-US')) + ' rows/s';
  }

  function live(side) {
    return side.stage === 'start' || side.stage === 'processing';
  }

  function sideElapsed(side) {
    return (live(side) ? Date.now() + skew : side.updatedAt) - side.startedAt;
  }

  function firstLine(text) {
    const nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  function sideRow(name, side) {
    const tr = el('tr', 'side side-' + name);
    tr.dataset.side = name;
    tr.appendChild(el('td', 'side-name', name));
    const stage = el('span', 'badge stage', side ? side.stage : 'waiting');
    stage.dataset.stage = side ? side.stage : 'none';
    tr.appendChild(el('td')).appendChild(stage);

    const progressCell = tr.appendChild(el('td'));
    const progress = progressCell.appendChild(el('div', 'progress'));
    const bar = progress.appendChild(el('div', 'bar'));
    const fill = bar.appendChild(el('div', 'bar-fill'));
    const pct = side ? Math.round(side.progress * 1000) / 10 : 0;
    bar.dataset.progress = side ? String(side.progress) : '0';
    bar.dataset.stage = side ? side.stage : 'none';
    fill.style.width = pct + '%';
    progress.appendChild(el('span', 'counts', side ? count(side.processed) + ' / ' + count(side.predictedTotal) : ''));
    progress.appendChild(el('span', 'percent', side ? Math.floor(side.progress * 100) + '%' : ''));
    const notes = [];
    if (side && side.skipped) notes.push('skipped ' + count(side.skipped));
    if (side && side.deadLettered) notes.push('dead-lettered ' + count(side.deadLettered));
    if (side && side.nextIncrementValue) notes.push('next increment value ' + side.nextIncrementValue);
    if (notes.length) progressCell.appendChild(el('div', 'notes', notes.join(' · ')));

    tr.appendChild(el('td', 'num rate', side ? rate(side) : '–'));
    const elapsed = tr.appendChild(el('td', 'num elapsed', side ? duration(sideElapsed(side)) : '–'));
    if (side) {
      elapsed.title = 'started ' + time(side.startedAt) + ', last event ' + time(side.updatedAt);
      if (live(side)) elapsed.dataset.startedAt = String(side.startedAt);
    }
    const connector = tr.appendChild(el('td', 'connector truncate', side ? side.connectorName : ''));
    const topic = tr.appendChild(el('td', 'topic truncate', side ? side.dataTopicName : ''));
    connector.title = connector.textContent;
    topic.title = topic.textContent;
    return tr;
  }

  function errorRow(name, text) {
    const tr = el('tr', 'error-row error-' + name);
    tr.dataset.side = name;
    const td = tr.appendChild(el('td'));
    td.colSpan = 7;
    const box = td.appendChild(el('div', 'error'));
    box.appendChild(el('span', 'error-side', name + ' error: '));
    box.appendChild(el('span', 'error-message', firstLine(text)));
    if (text.indexOf('\n') >= 0) {
      const details = box.appendChild(el('details'));
      details.appendChild(el('summary', null, 'full message and stack trace'));
      details.appendChild(el('pre', 'error-text', text));
    }
    return tr;
  }

  function render(job) {
    const body = el('tbody', 'job');
    body.dataset.job = job.taskId;
    body.dataset.state = job.state;
    const rows = [];
    for (const name of ['source', 'sink']) {
      const side = job[name];
      rows.push(sideRow(name, side));
      if (side && side.error) rows.push(errorRow(name, side.error));
    }
    const cell = el('td', 'job-cell');
    cell.rowSpan = rows.length;
    cell.appendChild(el('button', 'job-id', job.taskId)).type = 'button';
    const state = cell.appendChild(el('div', 'job-state')).appendChild(el('span', 'badge state', job.state));
    state.dataset.state = job.state;
    rows[0].insertBefore(cell, rows[0].firstChild);
    rows.forEach((r) => body.appendChild(r));
    if (job.taskId === shown) body.classList.add('selected');
    return body;
  }

  // Newest job first by its first start, so rows do not jump while jobs run.
  function before(a, b) {
    return a.startedAt !== b.startedAt ? a.startedAt > b.startedAt : a.taskId < b.taskId;
  }

  function place(job) {
    const old = jobs.get(job.taskId);
    if (old) old.body.remove();
    const body = render(job);
    let next = null;
    for (const other of jobs.values()) {
      if (other.job.taskId !== job.taskId && before(job, other.job)
          && (next === null || before(other.job, next.job))) {
        next = other;
      }
    }
    table.insertBefore(body, next ? next.body : null);
    jobs.set(job.taskId, { job: job, body: body });
  }

  function matches(job) {
    if (stateFilter !== 'all' && job.state !== stateFilter) return false;
    if (!textFilter) return true;
    const words = [job.taskId];
    for (const side of [job.source, job.sink]) {
      if (side) words.push(side.connectorName || '', side.dataTopicName || '');
    }
    return words.some((w) => String(w).toLowerCase().includes(textFilter));
  }

  function refresh() {
    const counts = { all: 0, running: 0, ended: 0, failed: 0 };
    let visible = 0;
    for (const { job, body } of jobs.values()) {
      counts.all++;
      counts[job.state] = (counts[job.state] || 0) + 1;
      body.hidden = !matches(job);
      if (!body.hidden) visible++;
    }
    for (const badge of document.querySelectorAll('[data-count]')) {
      badge.textContent = String(counts[badge.dataset.count] || 0);
    }
    noJobs.hidden = jobs.size > 0;
    noMatch.hidden = jobs.size === 0 || visible > 0;
    document.title = (counts.failed ? '(' + counts.failed + ' failed) ' : '') + 'pkuse jobs';
  }

  function serverTime(message) {
    if (message.serverTime) skew = message.serverTime - Date.now();
  }

  function onSnapshot(message) {
    serverTime(message);
    document.getElementById('topic').textContent = message.topic;
    for (const { body } of jobs.values()) body.remove();
    jobs.clear();
    message.jobs.forEach(place);
    refresh();
    if (shown) showEvents(shown);
  }

  function onJob(job) {
    serverTime(job);
    place(job);
    refresh();
    if (job.taskId === shown && !refetch) {
      refetch = setTimeout(() => { refetch = null; showEvents(shown); }, 300);
    }
  }

  function eventRow(e) {
    const tr = el('tr', 'raw-event');
    tr.dataset.side = e.side || '';
    tr.dataset.stage = e.stage;
    tr.appendChild(el('td', 'time', time(e.timestamp)));
    tr.appendChild(el('td', 'side', e.side || '?'));
    const stage = el('span', 'badge', e.stage + (e.rerun ? ' (rerun ' + e.rerun + ')' : ''));
    stage.dataset.stage = e.stage;
    tr.appendChild(el('td')).appendChild(stage);
    const text = e.description || '';
    const td = tr.appendChild(el('td', 'description'));
    if (text.indexOf('\n') >= 0) {
      const details = td.appendChild(el('details'));
      details.appendChild(el('summary', null, firstLine(text)));
      details.appendChild(el('pre', null, text));
    } else {
      td.textContent = text;
    }
    return tr;
  }

  function showEvents(taskId) {
    shown = taskId;
    for (const { job, body } of jobs.values()) body.classList.toggle('selected', job.taskId === taskId);
    document.getElementById('events-job').textContent = taskId;
    panel.hidden = false;
    fetch('jobs/' + encodeURIComponent(taskId) + '/events', { cache: 'no-store' })
      .then((r) => r.json())
      .then((events) => {
        if (shown !== taskId) return;
        const tbody = document.querySelector('#events-table tbody');
        tbody.replaceChildren(...events.map(eventRow));
      })
      .catch(() => { /* the stream's reconnect brings the next try */ });
  }

  function hideEvents() {
    shown = null;
    panel.hidden = true;
    for (const { body } of jobs.values()) body.classList.remove('selected');
  }

  table.addEventListener('click', (e) => {
    const body = e.target.closest('tbody.job');
    // Reading a stack trace or selecting text is not a request for the event list.
    if (!body || e.target.closest('details') || String(window.getSelection())) return;
    showEvents(body.dataset.job);
  });
  document.getElementById('events-close').addEventListener('click', hideEvents);
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') hideEvents(); });

  for (const button of document.querySelectorAll('[data-state-filter]')) {
    button.addEventListener('click', () => {
      stateFilter = button.dataset.stateFilter;
      document.querySelectorAll('[data-state-filter]').forEach((b) => b.classList.toggle('active', b === button));
      refresh();
    });
  }
  document.getElementById('text-filter').addEventListener('input', (e) => {
    textFilter = e.target.value.trim().toLowerCase();
    refresh();
  });

  // Running sides: their elapsed time goes on between events.
  setInterval(() => {
    for (const cell of document.querySelectorAll('td.elapsed[data-started-at]')) {
      cell.textContent = duration(Date.now() + skew - Number(cell.dataset.startedAt));
    }
  }, 1000);

  const stream = new EventSource('events');
  stream.addEventListener('snapshot', (e) => onSnapshot(JSON.parse(e.data)));
  stream.addEventListener('job', (e) => onJob(JSON.parse(e.data)));
  stream.addEventListener('open', () => {
    connection.dataset.connection = 'live';
    connection.textContent = 'live';
  });
  stream.addEventListener('error', () => {
    connection.dataset.connection = 'reconnecting';
    connection.textContent = 'reconnecting…';
  });
})();
