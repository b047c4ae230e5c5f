/**
 * The script the local host page puts in front of each built UI, served as a file of its own
 * (`BRIDGE_SCRIPT_FILE`) because the page runs under Jira's Custom UI policy, which refuses inline
 * script (content-security-policy.ts). It stands in for what Jira gives
 * a Custom UI: `window.__LOCAL_BRIDGE__` plays `invoke` (posting to the real resolver handlers on
 * this host, with the page's query string so `issueKey` and `as` travel along), and a thin bar on
 * top offers what Jira would decide (light or dark theme, who is looking).
 */
export type Surface = 'settings' | 'issue-panel' | 'reports';

/** The bridge script's file name next to a surface's index.html; no build emits this name. */
export const BRIDGE_SCRIPT_FILE = '__local-bridge.js';

/** What goes at the top of `<head>`: a classic script, so it runs before the deferred module. */
export function bridgeScriptTag(): string {
  return `<script src="./${BRIDGE_SCRIPT_FILE}"></script>`;
}

export function bridgeScript(surface: Surface, jiraUrl = ''): string {
  return `(function () {
  var params = new URLSearchParams(location.search);
  var theme = params.get('theme') === 'dark' ? 'dark' : 'light';
  window.__LOCAL_THEME__ = theme;
  window.__LOCAL_BRIDGE__ = function (name, payload) {
    return fetch('/bridge/${surface}/' + encodeURIComponent(name) + location.search, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload === undefined ? {} : payload)
    }).then(function (response) {
      if (!response.ok) throw new Error('Local bridge answered HTTP ' + response.status);
      return response.json();
    });
  };
  // Reports: \`router.open\` opens the sandbox Jira's issue list; the last path is kept for tests.
  window.__LOCAL_OPEN__ = function (path) {
    window.__LOCAL_OPENED__ = path;
    window.open(${JSON.stringify(jiraUrl)} + path, '_blank', 'noopener');
  };
  // Reports: ?gadget=1 plays the dashboard gadget (?edit=1 its edit view), configured from the
  // query string (project, range, stack) as Jira would pass its saved configuration.
  if (${JSON.stringify(surface)} === 'reports' && params.get('gadget') === '1') {
    window.__LOCAL_EXTENSION__ = {
      type: 'jira:dashboardGadget',
      entryPoint: params.get('edit') === '1' ? 'edit' : undefined,
      gadgetConfiguration: params.get('project')
        ? { projectKey: params.get('project'), range: params.get('range') || undefined, stack: params.get('stack') || undefined }
        : undefined
    };
  } else if (${JSON.stringify(surface)} === 'reports') {
    window.__LOCAL_EXTENSION__ = { type: 'jira:projectPage' };
  }
  document.addEventListener('DOMContentLoaded', function () {
    var bar = document.createElement('nav');
    bar.setAttribute('aria-label', 'Local host');
    bar.style.cssText = 'font: 12px system-ui, sans-serif; padding: 4px 8px; display: flex; gap: 12px; align-items: center; border-bottom: 1px solid #8884;';
    var other = theme === 'dark' ? 'light' : 'dark';
    var next = new URLSearchParams(location.search);
    next.set('theme', other);
    bar.innerHTML = '<strong>Local host</strong> <span>${surface}</span>' +
      (params.get('as') ? ' <span>acting as ' + params.get('as').replace(/[<>&"]/g, '') + '</span>' : '') +
      ' <a href="?' + next.toString() + '">Switch to ' + other + ' theme</a>';
    document.body.insertBefore(bar, document.body.firstChild);
  });
})();
`;
}
