/**
 * The readable text of an HTML page: scripts, styles and other non-content dropped, block elements
 * on their own lines, entities decoded, whitespace tidied. Also the page's title, description,
 * language and links, for the URL component.
 */

const DROPPED = /<(script|style|noscript|template|svg|canvas|iframe|object|head)\b[\s\S]*?<\/\1\s*>/gi;
const BLOCK = /<\/?(address|article|aside|blockquote|br|dd|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul)\b[^>]*>/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', copy: '©', reg: '®', trade: '™', laquo: '«', raquo: '»', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' };

export interface PageInfo {
  text: string;
  title: string;
  description: string;
  language: string;
  /** Absolute http(s) links found on the page, once each. */
  links: string[];
}

export function readPage(html: string, baseUrl: string): PageInfo {
  const title = decode(/<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '').replace(/\s+/g, ' ').trim();
  const description = decode(attribute(/<meta\b[^>]*name\s*=\s*["']description["'][^>]*>/i.exec(html)?.[0] ?? '', 'content'));
  const language = attribute(/<html\b[^>]*>/i.exec(html)?.[0] ?? '', 'lang');
  return { text: htmlToText(html), title, description, language, links: links(html, baseUrl) };
}

export function htmlToText(html: string): string {
  const body = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(DROPPED, '\n')
    .replace(BLOCK, '\n')
    .replace(/<[^>]+>/g, '');
  return decode(body)
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1]?.toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[entity.toLowerCase()] ?? whole;
  });
}

function attribute(tag: string, name: string): string {
  const match = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return (match?.[1] ?? match?.[2] ?? match?.[3] ?? '').trim();
}

function links(html: string, baseUrl: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/<a\b[^>]*\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const href = decode(match[1] ?? match[2] ?? match[3] ?? '');
    try {
      const url = new URL(href, baseUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
      url.hash = '';
      found.add(url.href);
    } catch {
      // not a URL
    }
  }
  return [...found];
}
