/**
 * Read-only HTML pages of the simulated Jira: `/` lists the issues the app created, `/browse/<KEY>`
 * shows one. Every value is escaped; ADF is rendered as text with its links.
 */
import { escapeHtml, isRecord } from './http-kit';
import type { IssueRecord, JiraSite } from './jira-site';
import { jiraTime } from './jira-site';

/** Plain text of an ADF node: paragraphs and hard breaks become new lines, links stay visible. */
export function adfToText(node: unknown): string {
  if (!isRecord(node)) return '';
  const children = Array.isArray(node.content)
    ? (node.content as unknown[]).map(adfToText).join('')
    : '';
  const attrs = isRecord(node.attrs) ? node.attrs : {};
  switch (node.type) {
    case 'text': {
      const text = typeof node.text === 'string' ? node.text : '';
      const link = Array.isArray(node.marks)
        ? (node.marks as unknown[]).find((mark) => isRecord(mark) && mark.type === 'link')
        : undefined;
      const href = isRecord(link) && isRecord(link.attrs) ? link.attrs.href : undefined;
      return typeof href === 'string' && href !== text ? `${text} [${href}]` : text;
    }
    case 'hardBreak':
      return '\n';
    case 'inlineCard':
    case 'blockCard':
      return typeof attrs.url === 'string' ? attrs.url : '';
    case 'mention':
      return typeof attrs.text === 'string' ? attrs.text : '';
    case 'listItem':
      return `• ${children.trim()}\n`;
    case 'paragraph':
    case 'heading':
    case 'codeBlock':
    case 'tableRow':
      return `${children}\n`;
    case 'tableCell':
    case 'tableHeader':
      return `${children.trim()}\t`;
    default:
      return children;
  }
}

/** A field value as one line or block of text. */
export function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(fieldText).join(', ');
  if (isRecord(value)) {
    if (value.type === 'doc') return adfToText(value).trim();
    for (const key of ['value', 'name', 'displayName', 'key']) {
      if (typeof value[key] === 'string') return value[key];
    }
  }
  return JSON.stringify(value);
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#172b4d}
article{border:1px solid #dfe1e6;border-radius:6px;padding:1rem;margin-bottom:1rem}
dt{font-weight:600;margin-top:.5rem}dd{margin-left:0;white-space:pre-wrap}
pre{white-space:pre-wrap;background:#f4f5f7;padding:.5rem}
table{border-collapse:collapse;width:100%}caption{text-align:left;color:#44546f;padding-bottom:.5rem}
th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #dfe1e6;vertical-align:top}
a{color:#0c66e4}`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function issueHtml(site: JiraSite, issue: IssueRecord, panelUrl?: (key: string) => string): string {
  const key = escapeHtml(issue.key);
  const rows: string[] = [];
  const row = (name: string, value: string) =>
    rows.push(`<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`);
  row('Issue type', fieldText(site.issueTypeJson(issue.issueTypeId)));
  row('Created', jiraTime(issue.created));
  for (const [fieldId, value] of Object.entries(issue.fields)) {
    if (fieldId === 'summary') continue;
    const name = site.fields.get(fieldId)?.name ?? fieldId;
    row(name, fieldText(value));
  }
  for (const [propertyKey, value] of issue.properties)
    rows.push(
      `<dt>Property ${escapeHtml(propertyKey)}</dt><dd><pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre></dd>`,
    );
  for (const comment of issue.comments) {
    const author =
      site.userByAccountId(comment.authorAccountId)?.displayName ?? comment.authorAccountId;
    row(`Comment by ${author} at ${jiraTime(comment.created)}`, adfToText(comment.body).trim());
  }
  const panel = panelUrl ? ` · <a href="${escapeHtml(panelUrl(issue.key))}">Issue panel</a>` : '';
  return `<article id="${key}"><h2><a href="/browse/${encodeURIComponent(issue.key)}">${key}</a> ${escapeHtml(fieldText(issue.fields.summary))}${panel}</h2><dl>${rows.join('')}</dl></article>`;
}

/** Rows per page of the issue list: the list is for finding an issue, not reading them all. */
export const ISSUE_LIST_PAGE_SIZE = 100;

function summaryRow(
  site: JiraSite,
  issue: IssueRecord,
  panelUrl?: (key: string) => string,
): string {
  const key = encodeURIComponent(issue.key);
  const priority = fieldText(issue.fields.priority);
  const panel = panelUrl
    ? `<a href="${escapeHtml(panelUrl(issue.key))}" aria-label="Issue panel of ${escapeHtml(issue.key)}">Issue panel</a>`
    : '';
  return `<tr><td><a href="/browse/${key}">${escapeHtml(issue.key)}</a></td><td>${escapeHtml(fieldText(issue.fields.summary))}</td><td>${escapeHtml(fieldText(site.issueTypeJson(issue.issueTypeId)))}</td><td>${escapeHtml(priority)}</td><td>${issue.resolution ? `Done (${escapeHtml(issue.resolution.name)})` : 'To Do'}</td><td>${escapeHtml(jiraTime(issue.created).slice(0, 16).replace('T', ' '))}</td><td>${panel}</td></tr>`;
}

/**
 * The issues, newest first, as a compact table a page at a time: key (to the issue's page),
 * summary, type, priority, status, created, and a link to the issue's panel. It used to print
 * every field and property as JSON, 22,000 pixels for fifteen issues (issue 14, finding 9).
 */
export function issueListPage(
  site: JiraSite,
  panelUrl?: (key: string) => string,
  pageNumber = 1,
): string {
  const issues = [...site.issues].reverse();
  const pages = Math.max(1, Math.ceil(issues.length / ISSUE_LIST_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.trunc(pageNumber)), pages);
  const shown = issues.slice((current - 1) * ISSUE_LIST_PAGE_SIZE, current * ISSUE_LIST_PAGE_SIZE);
  const nav =
    pages > 1
      ? `<nav aria-label="Pages"><p>Page ${current} of ${pages}${current > 1 ? ` · <a href="/?page=${current - 1}">Newer</a>` : ''}${current < pages ? ` · <a href="/?page=${current + 1}">Older</a>` : ''}</p></nav>`
      : '';
  const body = issues.length
    ? `<table><caption>Newest first; open an issue for its fields and properties.</caption><thead><tr><th scope="col">Key</th><th scope="col">Summary</th><th scope="col">Type</th><th scope="col">Priority</th><th scope="col">Status</th><th scope="col">Created (UTC)</th><th scope="col">App</th></tr></thead><tbody>${shown.map((issue) => summaryRow(site, issue, panelUrl)).join('')}</tbody></table>${nav}`
    : '<p>No issues yet.</p>';
  return page(
    'Jira sandbox: issues',
    `<main><h1>Jira sandbox — ${site.issues.length} issue(s)</h1>${body}</main>`,
  );
}

export function issuePage(
  site: JiraSite,
  issue: IssueRecord,
  panelUrl?: (key: string) => string,
): string {
  return page(
    `${issue.key} — Jira sandbox`,
    `<p><a href="/">All issues</a></p>${issueHtml(site, issue, panelUrl)}`,
  );
}
