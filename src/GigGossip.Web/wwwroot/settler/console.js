import { api, el, guarded } from '/console/shared/api.js';

// The operator's console: every list and action is a /v1/admin call with the console's session cookie.
const $ = id => document.getElementById(id);

async function refresh() {
  await guarded($('disputes-error'), async () => {
    const data = await api('GET', '/v1/admin/disputes');
    const list = data.disputes || data;
    $('disputes').replaceChildren(...(list.length ? list.map(disputeItem) : [el('li', { class: 'note' }, 'No disputes.')]));
  });
  await guarded($('subjects-error'), async () => {
    const data = await api('GET', '/v1/admin/subjects');
    const list = data.subjects || data;
    $('subjects').replaceChildren(...(list.length ? list.map(subjectItem) : [el('li', { class: 'note' }, 'No registrations.')]));
  });
}

function disputeItem(d) {
  const hash = d.networkPaymentHash || d.paymentHash || d.hash;
  const error = el('p', { class: 'error', role: 'alert' }), detail = el('div', {});
  const decide = decision => e => guarded(error, async () => {
    await api('POST', `/v1/admin/disputes/${hash}/decide`, { decision });
    await refresh();
  }, e.currentTarget);
  const open = el('details', { ontoggle: () => open.open && guarded(error, async () => {
    const full = await api('GET', `/v1/admin/disputes/${hash}`);
    detail.replaceChildren(
      el('h3', {}, "Rider's statement"), el('p', { class: 'rider-statement' }, full.senderStatement || full.riderStatement || '(none)'),
      el('h3', {}, "Driver's statement"), el('p', { class: 'driver-statement' }, full.replierStatement || full.driverStatement || '(none)'));
  }) }, el('summary', {}, el('span', { class: 'status disputed' }, d.state || d.status || 'disputed'), ' ', el('span', { class: 'mono' }, hash.slice(0, 16))), detail);
  return el('li', { 'data-dispute': hash }, open,
    d.decision ? el('p', { class: 'ok' }, 'decided: ' + d.decision) : el('div', { class: 'row' },
      el('button', { type: 'button', class: 'primary', onclick: decide('settle') }, 'Pay the driver'),
      el('button', { type: 'button', class: 'danger', onclick: decide('refund') }, 'Refund the rider')), error);
}

function subjectItem(s) {
  const key = s.publicKey || s.subject || s.key;
  const error = el('p', { class: 'error', role: 'alert' });
  return el('li', {}, el('div', { class: 'mono' }, key),
    el('div', { class: 'note' }, Object.keys(s.properties || {}).join(', ') || 'no properties', s.approved === false ? ' · waiting for approval' : ''),
    el('div', { class: 'row' },
      s.approved === false ? el('button', { type: 'button', class: 'primary', onclick: e => guarded(error, async () => { await api('POST', `/v1/admin/subjects/${key}/approve`); await refresh(); }, e.currentTarget) }, 'Approve') : null,
      el('button', { type: 'button', onclick: () => { $('grant-subject').value = key; $('issue-subject').value = key; $('grant-subject').focus(); } }, 'Grant / issue…')), error);
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
    $('issue-result').textContent = `issued: serial ${certificate.serial || ''} ${certificate.certificate ? '' : JSON.stringify(certificate)}`;
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
  if (signedIn) await refresh();
}

start();
