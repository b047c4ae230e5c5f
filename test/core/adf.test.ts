import {
  adfDoc,
  adfToText,
  bulletList,
  heading,
  link,
  paragraph,
  rule,
  text,
  textToAdf,
} from '../../src/core/adf';

describe('textToAdf', () => {
  it('makes a paragraph per blank-line block and a hard break per line', () => {
    expect(textToAdf('First line\nsecond line\n\n\nNext block')).toEqual({
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'First line' },
            { type: 'hardBreak' },
            { type: 'text', text: 'second line' },
          ],
        },
        { type: 'paragraph', content: [{ type: 'text', text: 'Next block' }] },
      ],
    });
  });

  it('turns "text [url]" into a link mark for https only', () => {
    const doc = textToAdf(
      'See the alert [https://portal.example/a?x=1&y=2]. Also http://plain.example and javascript:alert(1).',
    );
    expect(doc.content[0]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'See the alert [' },
        {
          type: 'text',
          text: 'https://portal.example/a?x=1&y=2',
          marks: [{ type: 'link', attrs: { href: 'https://portal.example/a?x=1&y=2' } }],
        },
        { type: 'text', text: ']. Also http://plain.example and javascript:alert(1).' },
      ],
    });
  });

  it('keeps a bare URL link clear of sentence punctuation and a closing parenthesis', () => {
    const doc = textToAdf('(details at https://x.example/p_(1)/q).');
    expect(adfToText(doc)).toBe('(details at https://x.example/p_(1)/q).');
    const linked = doc.content[0]?.type === 'paragraph' ? doc.content[0].content[1] : undefined;
    expect(linked).toEqual({
      type: 'text',
      text: 'https://x.example/p_(1)/q',
      marks: [{ type: 'link', attrs: { href: 'https://x.example/p_(1)/q' } }],
    });
  });

  it('gives an empty document for empty text and never an empty text node', () => {
    expect(textToAdf('  \n\n ')).toEqual({ type: 'doc', version: 1, content: [] });
    expect(JSON.stringify(textToAdf('https://a.example\n\nx'))).not.toContain('"text":""');
  });
});

describe('adfToText', () => {
  it('renders the nodes the app writes', () => {
    const doc = adfDoc([
      heading(3, 'Details'),
      paragraph([text('a'), link('portal', 'https://p.example')]),
      bulletList([[text('one')], [text('two')]]),
      rule(),
    ]);
    expect(adfToText(doc)).toBe('Details\n\naportal\n\n- one\n- two\n\n---');
  });

  it('tolerates things that are not ADF', () => {
    expect(adfToText(null)).toBe('');
    expect(
      adfToText({
        type: 'doc',
        content: [
          { type: 'mystery', content: 'x' },
          4,
          { type: 'panel', content: [paragraph([text('kept')])] },
        ],
      }),
    ).toBe('kept');
  });
});
