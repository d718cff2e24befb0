// Shared by the demo pages: their settings and the embed SDK.

// Flow links and the sandbox origin: from the query string (?link=...&link=...&sandbox=...),
// else from the demo server's /config.json (its --link and --sandbox flags).
export async function settings() {
  const q = new URLSearchParams(location.search);
  let links = q.getAll('link').filter(Boolean);
  let sandbox = q.get('sandbox');
  if (!links.length || !sandbox) {
    const res = await fetch('/config.json').catch(() => null);
    const cfg = res && res.ok ? await res.json() : {};
    if (!links.length) links = cfg.links && cfg.links.length ? cfg.links : cfg.link ? [cfg.link] : [];
    sandbox = sandbox || cfg.sandbox;
  }
  for (const link of links) {
    const url = new URL(link);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('A flow link must be an http(s) URL.');
  }
  sandbox = sandbox ? new URL(sandbox).origin : links[0] ? new URL(links[0]).origin : null;
  return { links, sandbox };
}

// The SDK as a host app loads it: `import ... from '{sandbox}/widget/flowkit-embed.mjs'`.
// A module from another origin needs CORS; a sandbox that does not send
// Access-Control-Allow-Origin for /widget/ makes that import fail, and the demo then takes the
// same file from this server (/sdk/). window.flowkitSdk says which one was used.
export async function loadSdk(sandbox) {
  const url = sandbox + '/widget/flowkit-embed.mjs';
  try {
    const sdk = await import(url);
    window.flowkitSdk = { url, fallback: false };
    return sdk;
  } catch (e) {
    console.warn(`flowkit demo: import(${url}) failed (${e.message}); using /sdk/flowkit-embed.mjs from the demo server`);
    const sdk = await import('/sdk/flowkit-embed.mjs');
    window.flowkitSdk = { url: new URL('/sdk/flowkit-embed.mjs', location.href).href, fallback: true, error: e.message };
    return sdk;
  }
}
