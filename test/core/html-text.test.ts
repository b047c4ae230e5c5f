import { htmlToText } from '../../src/core/html-text';

describe('htmlToText', () => {
  it('decodes entities and drops scripts, styles and images', () => {
    const html =
      '<style>p{color:red}</style><p>Tom &amp; Jerry &lt;admins&gt; &eacute;t&eacute; &#x41;</p>' +
      '<script>alert("x")</script><img src="https://x/y.png" alt="icon">';
    expect(htmlToText(html)).toBe('Tom & Jerry <admins> été A');
  });

  it('keeps links as "text [url]", once when the text is the url, and drops unsafe hrefs', () => {
    const html =
      'See <a href="https://portal.example/a?x=1&amp;y=2">the alert</a>, ' +
      '<a href="https://portal.example/b">https://portal.example/b</a> and ' +
      '<a href="javascript:alert(1)">this</a> or <a href="/relative">that</a>.';
    expect(htmlToText(html)).toBe(
      'See the alert [https://portal.example/a?x=1&y=2], https://portal.example/b and this or that.',
    );
  });

  it('turns block elements into line breaks without wrapping long lines', () => {
    const long = 'word '.repeat(40).trim();
    const html = `<div>First</div><div>${long}</div><br/>After<ul><li>one</li><li>two</li></ul><h2>Heading</h2>`;
    expect(htmlToText(html)).toBe(`First\n${long}\n\nAfter\n- one\n- two\n\nHeading`);
  });

  it('removes MCAS template artefacts and tidies the whitespace they leave', () => {
    expect(
      htmlToText("File policy 'block png files' __siteIcon__ was matched by 'image (2).png'"),
    ).toBe("File policy 'block png files' was matched by 'image (2).png'");
  });

  it('passes plain text through with its line breaks, decoding entities only', () => {
    expect(htmlToText('Line one &amp; more\n\n\n\nMail <jane@contoso.com>  now\r\nend  ')).toBe(
      'Line one & more\n\nMail <jane@contoso.com> now\nend',
    );
  });

  it('survives pathological nesting and size without throwing', () => {
    expect(htmlToText(`${'<b>'.repeat(5000)}deep`)).toBe('…');
    const huge = htmlToText(`<p>start</p>${'<p>a</p>'.repeat(30000)}`);
    expect(huge.startsWith('start\n\na')).toBe(true);
    expect(huge.split('\n\n').length).toBeLessThan(30000);
  });

  it('returns an empty string for empty input', () => {
    expect(htmlToText('')).toBe('');
    expect(htmlToText('   \n ')).toBe('');
  });
});
