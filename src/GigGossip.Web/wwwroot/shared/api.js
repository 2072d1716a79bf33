// The apps' only way to the server: same-origin fetch with the session cookie, the CSRF header on every call,
// and the API's own one-line error as the thrown message (shown in place by the caller).
export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { 'X-GigGossip-Web': '1', 'Accept': 'application/json' } };
  if (body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
  let response;
  try { response = await fetch(path, init); }
  catch (e) { throw new ApiError(0, `cannot reach the server: ${e.message}`); }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!response.ok) {
    const why = json && (json.error && json.message ? `${json.message}` : json.error || json.message) || text || response.statusText;
    throw new ApiError(response.status, `${why} (${response.status})`);
  }
  return json;
}

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export const sats = msat => (msat / 1000).toLocaleString('en', { maximumFractionDigits: 3 }) + ' sat';

export const time = ms => new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

// Builds an element: el('li', { class: 'x', onclick: f }, child, 'text', ...)
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child instanceof Node ? child : String(child));
  return node;
}

// Runs an action from a button, showing its error (or clearing it) in the given element.
export async function guarded(errorElement, action, button) {
  if (errorElement) errorElement.textContent = '';
  if (button) button.disabled = true;
  try { return await action(); }
  catch (e) { if (errorElement) errorElement.textContent = e.message; else console.error(e); return undefined; }
  finally { if (button) button.disabled = false; }
}
