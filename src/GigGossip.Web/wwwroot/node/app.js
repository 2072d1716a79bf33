import { api, sats, time, el, guarded } from '/app/shared/api.js';
import { drawGrid, isGeohash } from '/app/shared/geohash.js';

// Everything shown comes from the node's API (GET /v1/info, /v1/web/rides, /v1/web/driver); the event stream only says
// when to ask again, and half-typed forms are kept in the tab's sessionStorage, so a reload loses nothing.
const $ = id => document.getElementById(id);
const START_CELL = 'r3gx';
const state = { info: null, maxPrecision: 7, riderCell: START_CELL, driverCell: START_CELL.slice(0, 3), from: '', to: '' };

function view() { return location.hash === '#driver' ? 'driver' : 'rider'; }

function showView() {
  for (const name of ['rider', 'driver']) {
    $(name).hidden = view() !== name;
    $('tab-' + name).setAttribute('aria-current', view() === name ? 'page' : 'false');
  }
  refresh();
}

async function loadInfo() {
  state.info = await api('GET', '/v1/info');
  $('balance').textContent = 'Balance ' + sats(state.info.balanceMsat);
  $('node-id').textContent = state.info.id.slice(0, 8);
}

// ---- rider -------------------------------------------------------------------------------------------
function drawRiderMap() {
  drawGrid($('rider-map'), state.riderCell, { from: state.from, to: state.to }, cell => {
    const target = document.querySelector('input[name=pick]:checked').value;
    if (cell.length >= state.maxPrecision) {
      state[target] = cell;
      $(target).value = cell;
      sessionStorage.setItem('draft-' + target, cell);
      if (target === 'from') document.querySelector('input[name=pick][value=to]').checked = true;
    } else state.riderCell = cell;
    drawRiderMap();
  });
  crumbs($('rider-crumbs'), state.riderCell, cell => { state.riderCell = cell; drawRiderMap(); });
  $('rider-precision').textContent = `Peers accept cells of at most ${state.maxPrecision} characters; tap cells to zoom in. Showing ${state.riderCell || 'the world'}.`;
}

function crumbs(container, cell, go) {
  container.replaceChildren(el('span', {}, 'Zoom:'),
    el('button', { type: 'button', onclick: () => go(''), 'aria-label': 'Zoom out to the world' }, 'world'),
    ...[...cell].map((_, i) => el('button', { type: 'button', onclick: () => go(cell.slice(0, i + 1)), 'aria-label': `Zoom to ${cell.slice(0, i + 1)}` }, cell.slice(0, i + 1))));
}

async function requestRide() {
  const from = $('from').value.trim(), to = $('to').value.trim();
  await api('POST', '/v1/requests/taxi', {
    from, to,
    pickupInSeconds: Math.round(Number($('pickup-minutes').value) * 60),
    replyWithinSeconds: Math.round(Number($('reply-seconds').value)),
  });
  await refreshRides();
}

async function refreshRides() {
  const data = await guarded($('rides-error'), () => api('GET', '/v1/web/rides'));
  if (!data) return;
  if (data.maxGeohashPrecision !== state.maxPrecision) { state.maxPrecision = data.maxGeohashPrecision; drawRiderMap(); }
  $('balance').textContent = 'Balance ' + sats(data.balanceMsat);
  const keep = keepTyped(['statement-', 'dispute-']);
  $('rides').replaceChildren(...(data.rides.length ? data.rides.map((ride, i) => rideItem(ride, i === 0)) : [el('li', { class: 'note' }, 'No rides yet.')]));
  keep();
}

function rideItem(ride, open) {
  const error = el('p', { class: 'error', role: 'alert' });
  const offers = el('ul', { class: 'list', 'aria-label': 'Offers' }, ride.offers.map(o => el('li', { class: 'offer', 'data-offer': o.offerId },
    el('div', { class: 'money' },
      el('div', {}, 'Price ', el('strong', {}, sats(o.priceMsat))),
      el('div', {}, 'Network fee ', sats(o.networkMsat)),
      el('div', {}, 'Total ', el('strong', { class: 'total' }, sats(o.priceMsat + o.networkMsat)))),
    o.accepted ? el('span', { class: 'status' }, 'accepted')
      : ride.acceptedOfferId ? null
      : el('button', { type: 'button', class: 'primary', 'aria-label': `Accept offer of ${sats(o.priceMsat + o.networkMsat)} in total`,
          onclick: e => guarded(error, async () => { await api('POST', `/v1/offers/${encodeURIComponent(o.offerId)}/accept`); await refreshRides(); }, e.currentTarget) }, 'Accept'))));
  const code = ride.pickupCode;
  const statement = el('textarea', { id: 'statement-' + ride.requestId });
  const actions = ride.contact && !ride.outcome ? el('div', {},
    el('div', { class: 'row' },
      el('button', { type: 'button', class: 'primary', id: 'done-' + ride.requestId, onclick: e => guarded(error, async () => { await api('POST', `/v1/jobs/${ride.requestId}/done`); await refreshRides(); }, e.currentTarget) }, 'Ride done: pay the driver')),
    el('details', { id: 'dispute-' + ride.requestId }, el('summary', {}, 'Something went wrong? Dispute'),
      el('label', { for: 'statement-' + ride.requestId }, 'Your statement'), statement,
      el('button', { type: 'button', class: 'danger', onclick: e => guarded(error, async () => {
        await api('POST', `/v1/jobs/${ride.requestId}/dispute`, { statement: statement.value });
        await refreshRides();
      }, e.currentTarget) }, 'Dispute this ride'))) : null;
  return el('li', { 'data-ride': ride.requestId, 'data-status': ride.status },
    el('details', { open },
      el('summary', {}, el('span', { class: 'status ' + ride.status }, ride.status), ' ', time(ride.startedAtUnixMs), ' ',
        ride.heldMsat ? sats(ride.settledMsat || ride.heldMsat) : `${ride.offers.length} offer(s)`),
      ride.contact ? el('div', { class: 'contact', 'aria-label': 'Driver contact' }, ride.contact) : null,
      code && !ride.outcome ? el('div', { class: 'contact' }, 'Pickup code (tell the driver) ', el('strong', { class: 'pickup-code', 'aria-label': 'Pickup code' }, code)) : null,
      ride.heldMsat ? el('p', { class: 'note' }, `Held ${sats(ride.heldMsat)}`, ride.settledMsat ? el('span', { class: 'ok paid-amount' }, ` · paid ${sats(ride.settledMsat)}`) : '') : null,
      offers, actions, error,
      el('ol', { class: 'timeline', 'aria-label': 'Timeline' }, ride.timeline.map(t => el('li', { 'data-step': t.step }, el('time', {}, time(t.atUnixMs)), t.text)))));
}

// ---- driver ------------------------------------------------------------------------------------------
function drawDriverMap() {
  drawGrid($('driver-map'), state.driverCell, { from: $('area').value }, cell => {
    $('area').value = cell;
    sessionStorage.setItem('draft-area', cell);
    if (cell.length < 5) state.driverCell = cell;
    drawDriverMap();
  });
  crumbs($('driver-crumbs'), state.driverCell, cell => { state.driverCell = cell; drawDriverMap(); });
}

async function refreshDriver() {
  const data = await guarded($('jobs-error'), () => api('GET', '/v1/web/driver'));
  if (!data) return;
  $('balance').textContent = 'Balance ' + sats(data.balanceMsat);
  $('work-status').textContent = data.work ? `Online in ${data.work.area} at ${sats(data.work.priceMsat)}` : 'Offline: not taking rides.';
  $('work-status').className = data.work ? 'ok' : 'note';
  if (data.work && !$('area').value) { $('area').value = data.work.area; $('price').value = data.work.priceMsat / 1000; $('contact').value = data.work.contact; drawDriverMap(); }
  const total = data.earnedMsat + data.otherEarningsMsat;
  $('earnings').replaceChildren(el('strong', { id: 'earned', 'data-msat': String(total) }, sats(total)), ' earned: ride prices, your share of the network fee and routing fees, all settled.');
  const open = data.jobs.filter(j => j.offerSent && (j.status === 'offer sent' || j.status === 'picked up'));
  const keep = keepTyped(['code-', 'driver-statement-', 'driver-dispute-']);
  $('accepted').replaceChildren(...(open.length ? open.map(acceptedItem) : [el('li', { class: 'note' }, 'No open jobs: offers you sent show here until they are paid out or refunded.')]));
  $('jobs').replaceChildren(...(data.jobs.length ? data.jobs.map(jobItem) : [el('li', { class: 'note' }, 'No requests seen yet.')]));
  keep();
}

// Re-rendering a list on an event must not drop what someone is typing: remember the values of inputs (and which
// <details> are open) whose id starts with one of the prefixes, and put them back.
function keepTyped(prefixes) {
  const ours = e => prefixes.some(p => e.id.startsWith(p));
  const saved = [...document.querySelectorAll('input, textarea')].filter(i => ours(i) && i.value).map(i => [i.id, i.value, document.activeElement === i]);
  const open = [...document.querySelectorAll('details[open]')].filter(ours).map(d => d.id);
  return () => {
    for (const id of open) if ($(id)) $(id).open = true;
    for (const [id, value, focused] of saved) { const input = $(id); if (input && !input.value) { input.value = value; if (focused) input.focus(); } }
  };
}

const area = job => job.from ? `pickup ${job.from}${job.to ? ' to ' + job.to : ''}` : 'pickup area no longer known';

function jobItem(job) {
  return el('li', { 'data-job': job.requestId, 'data-status': job.status },
    el('div', {}, el('span', { class: 'status' }, job.status), ' ', time(job.seenAtUnixMs), ' ', el('span', { class: 'mono' }, job.requestId.slice(0, 12)),
      job.earnedMsat ? el('span', { class: 'ok job-earned' }, ' received ' + sats(job.earnedMsat)) : ''),
    el('div', { class: 'note' }, area(job), job.priceMsat ? ` · your price ${sats(job.priceMsat)}` : ''),
    el('ol', { class: 'timeline', 'aria-label': 'Timeline' }, job.timeline.map(t => el('li', { 'data-step': t.step }, el('time', {}, time(t.atUnixMs)), t.text))));
}

function acceptedItem(job) {
  return el('li', { 'data-accepted': job.requestId, 'data-status': job.status },
    el('div', {}, el('span', { class: 'status' }, job.status), ' ', el('strong', {}, area(job)), job.priceMsat ? ` · ${sats(job.priceMsat)}` : ''),
    job.pickupConfirmed ? el('p', { class: 'ok pickup-confirmed' }, 'Pickup confirmed by the settler') : codeForm(job.requestId),
    statementForm(job));
}

// Errors of the driver's per-job forms, kept across re-renders (the list is rebuilt on every event).
const formErrors = {};
function formError(key) {
  return el('p', { class: 'error ' + key.split('-')[0] + '-error', role: 'alert', 'data-key': key }, formErrors[key] || '');
}
async function formAction(key, errorElement, button, action) {
  delete formErrors[key];
  await guarded(errorElement, action, button);
  if (errorElement.textContent) formErrors[key] = errorElement.textContent;
}

function codeForm(requestId) {
  const key = 'code-' + requestId, error = formError(key);
  const input = el('input', { id: 'code-' + requestId, inputmode: 'numeric', autocomplete: 'off', maxlength: '6', pattern: '[0-9]*' });
  return el('div', {}, el('label', { for: 'code-' + requestId }, "Rider's pickup code"),
    el('div', { class: 'row' }, input, el('button', { type: 'button', class: 'primary', onclick: e => formAction(key, error, e.currentTarget, async () => {
      await api('POST', `/v1/jobs/${requestId}/pickup`, { code: input.value.trim() });
      input.value = '';
      await refreshDriver();
    }) }, 'Confirm pickup')), error);
}

function statementForm(job) {
  const key = 'statement-' + job.requestId, error = formError(key);
  const text = el('textarea', { id: 'driver-statement-' + job.requestId });
  return el('details', { id: 'driver-dispute-' + job.requestId }, el('summary', {}, job.statementSent ? 'Statement sent; send another' : 'Disputed? Give your statement'),
    el('label', { for: 'driver-statement-' + job.requestId }, 'Your statement for the settler'), text,
    el('button', { type: 'button', onclick: e => formAction(key, error, e.currentTarget, async () => {
      await api('POST', `/v1/jobs/${job.requestId}/statement`, { statement: text.value });
      text.value = '';
      await refreshDriver();
    }) }, 'Send statement'), error);
}

// ---- live updates ------------------------------------------------------------------------------------
let pending = null;
function refresh() {
  clearTimeout(pending);
  pending = setTimeout(() => guarded($('global-error'), async () => {
    await loadInfo();
    if (view() === 'rider') await refreshRides(); else await refreshDriver();
  }), 150);
}

function listen() {
  const source = new EventSource('/v1/events/stream?after=' + (state.info ? state.info.lastEvent : 0));
  source.onopen = () => { $('live').textContent = 'Live'; };
  source.onmessage = refresh;
  for (const type of ['OfferReceived', 'OffersCollected', 'OfferPaid', 'ContactRevealed', 'MoneySettled', 'MoneyReturned', 'JobReported', 'PickupReported', 'StatementSubmitted', 'BroadcastStarted', 'BroadcastReceived', 'ReplySent', 'NodeWarning'])
    source.addEventListener(type, refresh);
  source.onerror = () => { $('live').textContent = 'Reconnecting…'; };
}

// Half-typed forms survive a reload: each field is kept in this tab's sessionStorage as it changes.
const DRAFT_FIELDS = ['from', 'to', 'pickup-minutes', 'reply-seconds', 'area', 'price', 'contact'];
function keepDrafts() {
  for (const id of DRAFT_FIELDS) {
    const saved = sessionStorage.getItem('draft-' + id);
    if (saved !== null) $(id).value = saved;
    $(id).addEventListener('input', () => sessionStorage.setItem('draft-' + id, $(id).value));
  }
  if (isGeohash($('from').value)) state.from = $('from').value;
  if (isGeohash($('to').value)) state.to = $('to').value;
}

async function start() {
  keepDrafts();
  for (const name of ['rider', 'driver']) $('tab-' + name).addEventListener('click', () => { location.hash = name; });
  window.addEventListener('hashchange', showView);
  $('request').addEventListener('click', e => guarded($('request-error'), requestRide, e.currentTarget));
  for (const id of ['from', 'to']) $(id).addEventListener('change', () => { const v = $(id).value.trim(); if (isGeohash(v)) { state[id] = v; drawRiderMap(); } });
  $('go-online').addEventListener('click', e => guarded($('work-error'), async () => {
    await api('PUT', '/v1/work', { area: $('area').value.trim(), priceSats: Number($('price').value), contact: $('contact').value.trim() });
    await refreshDriver();
  }, e.currentTarget));
  $('go-offline').addEventListener('click', e => guarded($('work-error'), async () => { await api('DELETE', '/v1/work'); await refreshDriver(); }, e.currentTarget));
  $('area').addEventListener('change', drawDriverMap);
  drawRiderMap();
  drawDriverMap();
  const ok = await guarded($('global-error'), loadInfo);
  if (ok === undefined && !state.info) {
    $('global-error').textContent += '\nOpen a new link from `giggossip web link` to sign this browser in.';
    return;
  }
  showView();
  listen();
}

start();
