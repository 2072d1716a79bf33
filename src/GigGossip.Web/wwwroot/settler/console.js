import { api, el, guarded } from '/console/shared/api.js';

// The operator's console: every list and action is a /v1/admin call with the console's session cookie.
const $ = id => document.getElementById(id);

async function refresh() {
  await guarded($('disputes-error'), async () => {
    const list = (await api('GET', '/v1/admin/disputes')).disputes;
    $('disputes').replaceChildren(...(list.length ? list.map(disputeItem) : [el('li', { class: 'note' }, 'No disputes.')]));
  });
  await guarded($('jobs-error'), async () => {
    const list = (await api('GET', '/v1/admin/jobs')).jobs;
    $('jobs').replaceChildren(...(list.length ? list.map(jobItem) : [el('li', { class: 'note' }, 'No jobs.')]));
  });
  await guarded($('subjects-error'), async () => {
    const list = (await api('GET', '/v1/admin/subjects')).subjects;
    $('subjects').replaceChildren(...(list.length ? list.map(subjectItem) : [el('li', { class: 'note' }, 'No registrations.')]));
  });
}

const sats = msat => msat === null || msat === undefined ? '?' : (msat / 1000).toLocaleString('en', { maximumFractionDigits: 3 }) + ' sat';
const when = ms => ms ? new Date(ms).toLocaleString('en-GB') : '';
const DECIDED = { SenderDone: 'the rider confirmed', WindowEnded: 'the pickup window ended', OperatorSettled: 'you paid the driver', OperatorRefunded: 'you refunded the rider', DefaultSettled: 'default: paid the driver', DefaultRefunded: 'default: refunded the rider', DisputedBeforeReveal: 'disputed before the reveal: cancelled' };

function disputeItem(d) {
  const hash = d.networkPaymentHash;
  const error = el('p', { class: 'error', role: 'alert' });
  const decide = decision => e => guarded(error, async () => {
    await api('POST', `/v1/admin/disputes/${hash}/decide`, { decision });
    await refresh();
  }, e.currentTarget);
  return el('li', { 'data-dispute': hash, 'data-open': String(d.open) },
    el('div', {}, el('span', { class: 'status ' + (d.open ? 'disputed' : d.state.toLowerCase()) }, d.open ? 'open' : d.state), ' ',
      el('span', { class: 'mono' }, hash.slice(0, 16)), ' disputed ', when(d.disputedAtUnixMs)),
    el('h3', {}, "Rider's statement"), el('p', { class: 'rider-statement' }, d.senderStatement || '(none yet)'),
    el('h3', {}, "Driver's statement"), el('p', { class: 'driver-statement' }, d.replierStatement || '(none yet)'),
    el('p', { class: 'note pickup-proof' }, d.pickupProvenAtUnixMs ? `Pickup proven: the driver entered the rider's code at ${when(d.pickupProvenAtUnixMs)}.` : 'No pickup proof: the driver never entered the rider\'s code.'),
    d.open
      ? el('div', {},
          el('p', { class: 'note' }, `Without a decision: ${d.defaultDecision} at ${when(d.defaultDecisionAtUnixMs)}.`),
          el('div', { class: 'row' },
            el('button', { type: 'button', class: 'primary', 'aria-label': `Pay the driver (dispute ${hash.slice(0, 8)})`, onclick: decide('settle') }, 'Pay the driver'),
            el('button', { type: 'button', class: 'danger', 'aria-label': `Refund the rider (dispute ${hash.slice(0, 8)})`, onclick: decide('refund') }, 'Refund the rider')))
      : el('p', { class: 'ok decided' }, 'Decided: ' + (DECIDED[d.decision] || d.decision)),
    error);
}

// The settler's job states in words: Locking is "unpaid" until the network payment is held.
const stateText = j => j.state === 'Locking' ? (j.networkAccepted ? 'held' : 'unpaid') : j.state.toLowerCase();

function jobItem(j) {
  return el('li', { 'data-job': j.networkPaymentHash, 'data-state': j.state },
    el('div', {}, el('span', { class: 'status ' + j.state.toLowerCase() }, stateText(j)), ' ', el('span', { class: 'mono' }, j.networkPaymentHash.slice(0, 16)),
      j.decision !== 'None' ? el('span', { class: 'note' }, ' · ' + (DECIDED[j.decision] || j.decision)) : ''),
    el('div', {}, 'Price ', el('strong', { class: 'job-price' }, sats(j.priceMsat)), ' · network fee ', sats(j.networkFeeMsat)),
    el('div', { class: 'note' }, [j.networkAccepted ? 'network payment held' : 'network payment not held', j.replyAccepted ? 'reply payment held' : 'reply payment not held',
      j.keyRevealed ? 'key revealed' : 'key not revealed', j.pickupProvenAtUnixMs ? 'pickup proven' : null].filter(Boolean).join(' · ')));
}

function subjectItem(s) {
  const key = s.publicKey;
  const error = el('p', { class: 'error', role: 'alert' });
  return el('li', { 'data-subject': key }, el('div', { class: 'mono' }, key),
    el('div', { class: 'note' }, Object.keys(s.properties).join(', ') || 'no properties', s.approved ? ' · approved' : ' · not approved (the approval registration policy waits for it)'),
    el('div', { class: 'row' },
      s.approved ? null : el('button', { type: 'button', class: 'primary', 'aria-label': `Approve ${key.slice(0, 8)}`, onclick: e => guarded(error, async () => { await api('POST', `/v1/admin/subjects/${key}/approve`); await refresh(); }, e.currentTarget) }, 'Approve'),
      el('button', { type: 'button', 'aria-label': `Grant or issue to ${key.slice(0, 8)}`, onclick: () => { $('grant-subject').value = key; $('issue-subject').value = key; $('grant-subject').focus(); } }, 'Grant / issue…')), error);
}

async function start() {
  $('sign-in').addEventListener('click', e => guarded($('login-error'), async () => {
    await api('POST', '/console-login', { token: $('token').value });
    $('token').value = '';
    await show();
  }, e.currentTarget));
  $('logout').addEventListener('click', () => guarded($('global-error'), async () => { await api('POST', '/console-logout'); await show(); }));
  $('grant').addEventListener('click', e => guarded($('grant-error'), async () => {
    const subject = await api('POST', '/v1/admin/grants', { subject: $('grant-subject').value.trim(), property: $('grant-property').value.trim(), value: $('grant-value').value.trim() || undefined });
    $('grant-result').textContent = `granted: ${Object.keys(subject.properties).join(', ')}`;
  }, e.currentTarget));
  $('issue').addEventListener('click', e => guarded($('issue-error'), async () => {
    const certificate = await api('POST', '/v1/admin/certificates', { subject: $('issue-subject').value.trim() });
    $('issue-result').textContent = `issued: serial ${certificate.serial}`;
    await refresh();
  }, e.currentTarget));
  $('revoke').addEventListener('click', e => guarded($('revoke-error'), async () => {
    await api('POST', '/v1/admin/revocations', { serial: $('revoke-serial').value.trim() });
    $('revoke-result').textContent = 'revoked; the new revocation list is published';
  }, e.currentTarget));
  await show();
}

// Signed in when an admin call does not answer 401.
async function show() {
  let signedIn = true;
  try { await api('GET', '/console-session'); }
  catch (e) { if (e.status === 401 || e.status === 403) signedIn = false; }
  $('login').hidden = signedIn;
  $('console').hidden = !signedIn;
  $('logout').hidden = !signedIn;
  $('sections').hidden = !signedIn;
  if (signedIn) await refresh();
}

start();
