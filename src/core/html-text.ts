/**
 * MCAS alert descriptions are HTML fragments more often than not (docs/reference/external-apis.md §1). Jira
 * gets them as plain text with links kept as "text [url]"; the ADF builder turns those back into
 * links.
 */
import { compile, type HtmlToTextOptions } from 'html-to-text';

/** Only web and mail links survive: a `javascript:` or relative href means nothing in Jira. */
function keepSafeHref(href: string): string {
  return /^(https?|mailto):/i.test(href.trim()) ? href.trim() : '';
}

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  // html-to-text recurses per nesting level: a hostile or broken fragment of thousands of
  // unclosed tags would otherwise overflow the stack and cost the alert.
  limits: { maxDepth: 64, ellipsis: '…' },
  selectors: [
    {
      selector: 'a',
      options: {
        hideLinkHrefIfSameAsText: true,
        linkBrackets: ['[', ']'],
        pathRewrite: keepSafeHref,
      },
    },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    { selector: 'ul', options: { itemPrefix: '- ' } },
    ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((selector) => ({
      selector,
      options: { uppercase: false },
    })),
  ],
};

/** Far beyond any real description; the issue keeps 20,000 characters of it at most. */
const MAX_INPUT = 200_000;

/** MCAS renders these template placeholders into its portal; in text they are noise. */
const MCAS_ARTEFACTS = /__[A-Za-z]*Icon__/g;

/** A tag-like "<b>" or "</p>"; "<user@contoso.com>" is not one. */
const LOOKS_LIKE_HTML = /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>|<!--/i;

/** Trims each line, collapses runs of spaces and of blank lines. */
export function tidyText(text: string): string {
  return text
    .replace(MCAS_ARTEFACTS, ' ')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * HTML (or plain text) to readable text: entities decoded, scripts and styles dropped, links as
 * "text [url]", block elements as line breaks, no word-wrap.
 */
// `convert` compiles its options on every call, which dominated the CPU time of a sync; the
// compiled converters are built once and reused.
const fromHtml = compile(OPTIONS);
const fromPlainText = compile({ ...OPTIONS, preserveNewlines: true });

export function htmlToText(input: string): string {
  const html = input.slice(0, MAX_INPUT);
  if (LOOKS_LIKE_HTML.test(html)) return tidyText(fromHtml(html));
  // Plain text keeps its line breaks; angle brackets are escaped so "<user@x.com>" stays text
  // while entities such as "&amp;" are still decoded.
  const escaped = html.replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return tidyText(fromPlainText(escaped));
}
