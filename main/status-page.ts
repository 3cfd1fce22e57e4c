/**
 * The page the editor window shows while the server is down: what happened, what happens next,
 * and the server's last lines. A static data: URL with no script (its CSP forbids any).
 */
export interface StatusPage {
  title: string;
  reason: string;
  /** What happens next or what to do. */
  next: string;
  recentOutput?: string[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

export function statusPageHtml(page: StatusPage): string {
  const output = (page.recentOutput ?? []).slice(-20);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(page.title)}</title>`,
    '<style>body{font:15px/1.5 system-ui,sans-serif;margin:3em auto;max-width:46em;padding:0 1.5em;color:#1d2330;background:#f6f7f9}',
    'h1{font-size:1.4em}pre{background:#fff;border:1px solid #d8dbe2;padding:1em;overflow:auto;font-size:12px;white-space:pre-wrap}</style>',
    '</head><body>',
    `<h1>${escapeHtml(page.title)}</h1>`,
    `<p>${escapeHtml(page.reason)}</p>`,
    `<p><strong>${escapeHtml(page.next)}</strong></p>`,
    output.length > 0 ? `<h2>Last server output</h2><pre>${escapeHtml(output.join('\n'))}</pre>` : '',
    '</body></html>',
  ].join('\n');
}

export function statusPageUrl(page: StatusPage): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(statusPageHtml(page))}`;
}
