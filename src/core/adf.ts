/**
 * Atlassian Document Format: the JSON Jira Cloud REST v3 takes for `description` and multi-line
 * text fields. Only the nodes the app writes are modelled. ADF refuses empty text nodes, so the
 * builders never produce one: every text node's text is made Jira-safe first (./jira-text.ts), and
 * one left empty by that is dropped like any other.
 */
import { jiraText } from './jira-text';

export type AdfMark =
  | { type: 'strong' }
  | { type: 'em' }
  | { type: 'code' }
  | { type: 'link'; attrs: { href: string } };

export interface AdfText {
  type: 'text';
  text: string;
  marks?: AdfMark[];
}
export interface AdfHardBreak {
  type: 'hardBreak';
}
export type AdfInline = AdfText | AdfHardBreak;

export interface AdfParagraph {
  type: 'paragraph';
  content: AdfInline[];
}
export interface AdfHeading {
  type: 'heading';
  attrs: { level: 1 | 2 | 3 | 4 | 5 | 6 };
  content: AdfInline[];
}
export interface AdfListItem {
  type: 'listItem';
  content: AdfParagraph[];
}
export interface AdfBulletList {
  type: 'bulletList';
  content: AdfListItem[];
}
export interface AdfRule {
  type: 'rule';
}
export type AdfBlock = AdfParagraph | AdfHeading | AdfBulletList | AdfRule;

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfBlock[];
}

export function adfDoc(content: AdfBlock[]): AdfDoc {
  return { type: 'doc', version: 1, content };
}

/** Drops empty text nodes, which Jira rejects. */
function nonEmpty(inlines: AdfInline[]): AdfInline[] {
  return inlines.filter((inline) => inline.type !== 'text' || inline.text.length > 0);
}

export function paragraph(content: AdfInline[]): AdfParagraph {
  return { type: 'paragraph', content: nonEmpty(content) };
}

export function text(value: string, marks?: AdfMark[]): AdfText {
  const safe = jiraText(value);
  return marks && marks.length > 0
    ? { type: 'text', text: safe, marks }
    : { type: 'text', text: safe };
}

export function strong(value: string): AdfText {
  return text(value, [{ type: 'strong' }]);
}

export function link(value: string, href: string): AdfText {
  return text(value || href, [{ type: 'link', attrs: { href: jiraText(href) } }]);
}

export function hardBreak(): AdfHardBreak {
  return { type: 'hardBreak' };
}

export function heading(level: AdfHeading['attrs']['level'], value: string): AdfHeading {
  return { type: 'heading', attrs: { level }, content: nonEmpty([text(value)]) };
}

/** A bullet list, one paragraph per item. */
export function bulletList(items: AdfInline[][]): AdfBulletList {
  return {
    type: 'bulletList',
    content: items.map((item) => ({ type: 'listItem', content: [paragraph(item)] })),
  };
}

export function rule(): AdfRule {
  return { type: 'rule' };
}

/** https URLs only: an http or javascript: link in a security ticket is not worth the risk. */
const HTTPS_URL = /https:\/\/[^\s<>"'[\]]+/g;

/** A URL in prose often ends with the sentence's punctuation, or a closing bracket it sits in. */
function trimUrl(url: string): string {
  let trimmed = url.replace(/[.,;:!?]+$/, '');
  while (
    trimmed.endsWith(')') &&
    (trimmed.match(/\(/g) ?? []).length < (trimmed.match(/\)/g) ?? []).length
  ) {
    trimmed = trimmed.slice(0, -1).replace(/[.,;:!?]+$/, '');
  }
  return trimmed;
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/** One line of text with its https URLs (bare, or as in "text [url]") turned into links. */
export function inlineText(line: string): AdfInline[] {
  const inlines: AdfInline[] = [];
  let last = 0;
  for (const match of line.matchAll(HTTPS_URL)) {
    const url = trimUrl(match[0]);
    if (!isHttpsUrl(url)) continue;
    inlines.push(text(line.slice(last, match.index)), link(url, url));
    last = match.index + url.length;
  }
  inlines.push(text(line.slice(last)));
  return nonEmpty(inlines);
}

/**
 * Plain text (as `htmlToText` gives it) to ADF: a paragraph per blank-line-separated block, a
 * hard break per line break, https URLs as links.
 */
export function textToAdf(value: string): AdfDoc {
  const blocks = jiraText(value)
    .replace(/\r\n?/g, '\n')
    .split(/\n[^\S\n]*\n\s*/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0);
  return adfDoc(
    blocks.map((block) =>
      paragraph(
        block
          .split('\n')
          .flatMap((line, index) => [...(index > 0 ? [hardBreak()] : []), ...inlineText(line)]),
      ),
    ),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childrenOf(node: Record<string, unknown>): unknown[] {
  return Array.isArray(node.content) ? node.content : [];
}

function inlineToText(node: unknown): string {
  if (!isRecord(node)) return '';
  if (node.type === 'text') return typeof node.text === 'string' ? node.text : '';
  if (node.type === 'hardBreak') return '\n';
  return childrenOf(node).map(inlineToText).join('');
}

function blockToText(node: unknown): string {
  if (!isRecord(node)) return '';
  switch (node.type) {
    case 'rule':
      return '---';
    case 'bulletList':
    case 'orderedList':
      return childrenOf(node)
        .map((item) => `- ${isRecord(item) ? childrenOf(item).map(blockToText).join('\n') : ''}`)
        .join('\n');
    case 'paragraph':
    case 'heading':
      return inlineToText(node);
    default:
      return blocksToText(childrenOf(node));
  }
}

function blocksToText(nodes: unknown[]): string {
  return nodes
    .map(blockToText)
    .filter((block) => block !== '')
    .join('\n\n');
}

/** Readable text of any ADF document (previews, tests); unknown nodes contribute their text. */
export function adfToText(doc: unknown): string {
  if (!isRecord(doc)) return '';
  return blocksToText(childrenOf(doc));
}
