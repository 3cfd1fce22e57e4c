/**
 * The URL a component fetches, from what a user or a model typed: http and https URLs as given, a
 * bare host name (`example.com/docs`, `localhost:11434`) with `https://` in front, anything else
 * (another scheme such as `file:`, `ftp:` or `data:`, or not a URL at all) refused with an error.
 */

/** A host name or IP (IPv6 in brackets), an optional port, then a path, query, fragment or the end. */
const HOST_LIKE = /^(\[[0-9a-f:.]+\]|[\p{L}\p{N}_]([\p{L}\p{N}_-]*[\p{L}\p{N}_])?(\.[\p{L}\p{N}_]([\p{L}\p{N}_-]*[\p{L}\p{N}_])?)*\.?)(:\d{1,5})?([/?#]|$)/iu;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** The absolute http(s) URL for `raw`; throws naming the text when it is not one. */
export function toHttpUrl(raw: string): string {
  const text = raw.trim();
  let candidate: string;
  if (HOST_LIKE.test(text)) candidate = `https://${text}`;
  else {
    const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
    if (scheme === undefined) throw new Error(`Invalid URL: ${raw} (give an http:// or https:// URL, or a host name)`);
    if (scheme !== 'http' && scheme !== 'https') throw new Error(`Unsupported URL scheme ${scheme}: in ${raw} (only http and https URLs can be fetched)`);
    candidate = text;
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new Error(`Invalid URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Unsupported URL scheme ${url.protocol} in ${raw} (only http and https URLs can be fetched)`);
  return url.href;
}
