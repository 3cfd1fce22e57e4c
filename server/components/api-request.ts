/**
 * Langflow's "API Request" (`APIRequest`): one HTTP request (method, URL, query, headers, JSON
 * body, timeout) answered as Data: status code, response headers and the parsed body. A request
 * that cannot be made at all answers `status_code: 500` with the error, as Langflow does; one the
 * outbound rule refuses (the server's own address, a private one on an exposed server) fails the run.
 * Save to File writes the response body, byte for byte, into the saved-files folder's
 * `APIRequestComponent/` (Langflow: the temp folder's) and answers its `file_path` instead of `result`.
 */
import { makeData, type Data } from '../../shared/data.js';
import { asBoolean, asInteger, asString } from '../engine/field-values.js';
import { defineComponent, SavedFileExistsError, type FieldValues, type RunContext } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { OutboundRefusedError } from '../engine/capabilities.js';
import { toHeaders, toRecord } from './lib/field-tables.js';
import { toHttpUrl } from './lib/http-url.js';
import { TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, makeTool, toolText, toolOutput } from './lib/tools.js';

const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
const DEFAULT_TIMEOUT_SECONDS = 30;

export default defineComponent({
  type: 'APIRequest',
  display_name: 'API Request',
  description: 'Make HTTP requests using URL or cURL commands.',
  category: 'Data',
  icon: 'Globe',
  fields: [
    { name: 'url_input', display_name: 'URL', kind: 'str', default: '', input_types: ['Message'], info: 'Enter the URL for the request.' },
    { name: 'method', display_name: 'Method', kind: 'dropdown', options: METHODS, default: 'GET', info: 'The HTTP method to use.' },
    { name: 'mode', display_name: 'Mode', kind: 'dropdown', options: ['URL', 'cURL'], default: 'URL', info: 'cURL: take method, URL, headers and body from the cURL command.' },
    { name: 'curl_input', display_name: 'cURL', kind: 'multiline', default: '', advanced: true, info: 'A curl command (cURL mode).' },
    { name: 'query_params', display_name: 'Query Parameters', kind: 'dict', default: {}, input_types: ['Data'], advanced: true, info: 'The query parameters to append to the URL.' },
    { name: 'body', display_name: 'Body', kind: 'dict', default: [], input_types: ['Data'], advanced: true, info: 'The body to send as JSON (POST, PATCH, PUT).' },
    { name: 'headers', display_name: 'Headers', kind: 'dict', default: [], input_types: ['Data'], advanced: true, info: 'The headers to send with the request.' },
    { name: 'timeout', display_name: 'Timeout', kind: 'int', default: DEFAULT_TIMEOUT_SECONDS, advanced: true, info: 'Seconds to wait for the answer.' },
    { name: 'follow_redirects', display_name: 'Follow Redirects', kind: 'bool', default: true, advanced: true, info: 'Whether to follow HTTP redirects.' },
    {
      name: 'save_to_file',
      display_name: 'Save to File',
      kind: 'bool',
      default: false,
      advanced: true,
      info: "Save the API response to a file (in the saved files folder's APIRequestComponent folder); the output then has its file_path instead of the result.",
    },
    {
      name: 'include_httpx_metadata',
      display_name: 'Include HTTPx Metadata',
      kind: 'bool',
      default: false,
      advanced: true,
      info: 'Include the request headers in the output.',
    },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [
    { name: 'data', display_name: 'API Response', types: ['Data'] },
    // An earlier Langflow API Request (before the single data output of today) had `dataframe` (as_dataframe: the response as one row).
    { name: 'dataframe', display_name: 'DataFrame', types: ['DataFrame'] },
    TOOL_OUTPUT_SPEC,
  ],

  async run(inputs, ctx) {
    const outputs = toolOutput(ctx, inputs.tools_metadata, () =>
      makeTool(
        'make_api_request',
        'Make an HTTP request and get the status code, response headers and parsed body. Give the full URL; for POST, PUT and PATCH a JSON body.',
        {
          type: 'object',
          properties: {
            url_input: { type: 'string', description: 'The URL to request.' },
            method: { type: 'string', enum: METHODS, description: 'The HTTP method (default GET).' },
            body: { type: 'object', description: 'JSON body for POST, PUT or PATCH.' },
          },
          required: ['url_input'],
        },
        async (args) => toolText((await apiRequest({ ...inputs, mode: 'URL', ...args }, ctx)).data),
      ),
    );
    if (ctx.wants('data') || ctx.wants('dataframe')) {
      const data = await apiRequest(inputs, ctx);
      Object.assign(outputs, { data, dataframe: [data] });
    }
    return outputs;
  },
});

interface RequestSpec {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export async function apiRequest(inputs: FieldValues, ctx: RunContext): Promise<Data> {
  const spec = asString(inputs.mode) === 'cURL' && asString(inputs.curl_input).trim() ? parseCurl(asString(inputs.curl_input)) : await fromFields(inputs);
  const method = spec.method.toUpperCase();
  if (!METHODS.includes(method)) throw new Error(`Unsupported method: ${method} (use ${METHODS.join(', ')})`);
  const url = withQuery(normalizeUrl(spec.url), toRecord(inputs.query_params));
  const timeoutSeconds = asInteger(inputs.timeout, DEFAULT_TIMEOUT_SECONDS) ?? DEFAULT_TIMEOUT_SECONDS;
  const sendsBody = method !== 'GET' && method !== 'DELETE' && Object.keys(spec.body).length > 0;
  const headers = { ...(sendsBody ? { 'content-type': 'application/json' } : {}), ...spec.headers };
  const metadata = asBoolean(inputs.include_httpx_metadata, false) ? { headers: spec.headers } : {};
  let response: Response;
  try {
    response = await ctx.http(url, {
      method,
      headers,
      ...(sendsBody ? { body: JSON.stringify(spec.body) } : {}),
      redirect: asBoolean(inputs.follow_redirects, true) ? 'follow' : 'manual',
      timeoutMs: (timeoutSeconds > 0 ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS) * 1000,
    });
  } catch (error) {
    // A refused address fails the run (it is not the far end's answer).
    if (ctx.signal.aborted || error instanceof OutboundRefusedError) throw error;
    return makeData({ source: url, status_code: 500, error: (error as Error).message, ...metadata }, 'error');
  }
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, key) => (responseHeaders[key.toLowerCase()] = value));
  if (asBoolean(inputs.save_to_file, false)) {
    const filePath = await saveResponse(response, url, ctx);
    return makeData({ source: url, status_code: response.status, response_headers: responseHeaders, file_path: filePath, ...metadata });
  }
  const result = await readBody(response);
  return makeData({ source: url, status_code: response.status, response_headers: responseHeaders, result, ...metadata }, 'result');
}

async function fromFields(inputs: FieldValues): Promise<RequestSpec> {
  return {
    method: asString(inputs.method, 'GET') || 'GET',
    url: (await resolveText(inputs.url_input)).trim(),
    headers: toHeaders(inputs.headers),
    body: parseBodyValues(toRecord(inputs.body)),
  };
}

/** Body values written as JSON text (`"[1, 2]"`) are sent as JSON. */
function parseBodyValues(body: Record<string, unknown>): Record<string, unknown> {
  const parsed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
      try {
        parsed[key] = JSON.parse(value);
        continue;
      } catch {
        // plain text
      }
    }
    parsed[key] = value;
  }
  return parsed;
}

function normalizeUrl(raw: string): string {
  if (!raw) throw new Error('URL cannot be empty');
  return toHttpUrl(raw);
}

function withQuery(url: string, params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return url;
  const parsed = new URL(url);
  for (const [key, value] of entries) parsed.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  return parsed.href;
}

/** The folder Langflow saves responses in (under its temp folder; here, under the saved-files folder). */
export const SAVE_FOLDER = 'APIRequestComponent';
/** Langflow's extensions, by the exact Content-Type (one with parameters gets the default). */
const EXTENSIONS: Record<string, string> = {
  'text/plain': '.txt',
  'application/json': '.json',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'application/octet-stream': '.bin',
};

/**
 * Langflow's file name for a saved response: the quoted `filename` of Content-Disposition, else the
 * last segment of the (final) URL's path, or `response`, plus the extension of the Content-Type
 * (`.bin` for binary types, else `.txt`). Unlike Langflow, a Content-Disposition name keeps only its
 * last path segment: the server answering does not choose folders.
 */
export function responseFileName(contentType: string, contentDisposition: string, url: string): string {
  const lastSegment = (p: string) => p.split(/[/\\]+/).filter((s) => s !== '' && s !== '.').pop() ?? '';
  const given = lastSegment(/filename="(.+?)"/.exec(contentDisposition)?.[1] ?? '');
  if (given && given !== '..') return given;
  const binary = contentType.includes('application/octet-stream') || contentType.includes('application/binary');
  const base = lastSegment(new URL(url).pathname) || 'response';
  return base + (EXTENSIONS[contentType] ?? (binary ? '.bin' : '.txt'));
}

/** Langflow's `%Y%m%d%H%M%S%f` in UTC (microseconds: the milliseconds padded). */
function timestamp(date: Date): string {
  return `${date.toISOString().replace(/\D/g, '').slice(0, 17)}000`;
}

/** Writes the body as received; a name already taken gets Langflow's timestamp prefix. Answers the absolute path. */
async function saveResponse(response: Response, requestUrl: string, ctx: RunContext): Promise<string> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const name = responseFileName(response.headers.get('content-type') ?? '', response.headers.get('content-disposition') ?? '', response.url || requestUrl);
  const save = (fileName: string) => ctx.files.save({ name: `${SAVE_FOLDER}/${fileName}`, mode: 'create', content: () => Promise.resolve(bytes) });
  try {
    return (await save(name)).absolute;
  } catch (error) {
    if (!(error instanceof SavedFileExistsError)) throw error;
    return (await save(`${timestamp(new Date())}-${name}`)).absolute;
  }
}

/** JSON when it parses as JSON, else the text. */
async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The parts of a curl command a request needs: -X, -H, -d/--data/--data-raw/--json and the URL. */
export function parseCurl(command: string): RequestSpec {
  const words = shellWords(command.replace(/\\\r?\n/g, ' '));
  if (words[0] === 'curl') words.shift();
  const spec: RequestSpec = { method: '', url: '', headers: {}, body: {} };
  let data: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const next = () => words[++i] ?? '';
    if (word === '-X' || word === '--request') spec.method = next();
    else if (word === '-H' || word === '--header') {
      const header = next();
      const colon = header.indexOf(':');
      if (colon > 0) spec.headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
    } else if (['-d', '--data', '--data-raw', '--data-binary', '--json'].includes(word)) data = next();
    else if (word.startsWith('-')) continue;
    else if (!spec.url) spec.url = word;
  }
  if (data !== undefined) {
    try {
      const parsed: unknown = JSON.parse(data);
      spec.body = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { data: parsed };
    } catch {
      spec.body = { data };
    }
  }
  spec.method ||= data !== undefined ? 'POST' : 'GET';
  return spec;
}

function shellWords(text: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? ''));
  return words;
}
