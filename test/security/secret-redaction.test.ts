/** What the log and error-answer redaction masks, and what it leaves alone. */
import { describe, expect, it } from 'vitest';
import { createSecretRedactor, redactingLogger } from '../../server/services/secret-redaction.js';

describe('secret redaction', () => {
  it('masks known values: credential variables (live) and secret-looking environment variables', () => {
    const credentials = ['my-own-provider-password'];
    const { redact, watch } = createSecretRedactor({ OPENAI_API_KEY: 'plain-env-secret-1234', HOME: '/home/ada', SHORT_TOKEN: 'abc' });
    watch(() => credentials);
    expect(redact('key plain-env-secret-1234 and my-own-provider-password in /home/ada')).toBe('key *** and *** in /home/ada');
    credentials.push('added-later-secret');
    expect(redact('now added-later-secret too; abc stays')).toBe('now *** too; abc stays');
  });

  it('masks key-shaped text: API keys, the admin token, bearer tokens, keys in URLs and URL passwords', () => {
    const { redact } = createSecretRedactor();
    expect(redact('Incorrect API key provided: sk-proj-AbCdEfGhIjKlMnOpQrSt')).toBe('Incorrect API key provided: sk-***');
    expect(redact('token fda-AbCdEfGhIjKlMnOpQrStUv')).toBe('token fda-***');
    expect(redact('Authorization: Bearer eyJhbGciOi.abc.def')).toBe('Authorization: Bearer ***');
    expect(redact('GET https://x.example/v1?api_key=s3cr3t&x=1 and ?key=abc#f')).toBe('GET https://x.example/v1?api_key=***&x=1 and ?key=***#f');
    expect(redact('http://user:hunter2@proxy.example:8080/')).toBe('http://user:***@proxy.example:8080/');
  });

  it('leaves ordinary text alone: node ids, flow ids, words with sk- inside', () => {
    const { redact } = createSecretRedactor();
    for (const text of ['ChatInput-8a86T', 'flow 3ee93f4c-7814-4e4e-b757-93f5969ef575', 'desk-abcdefghijklmnopqrstuvwxyz', 'task-1']) expect(redact(text)).toBe(text);
  });

  it('wraps a logger so every level is masked', () => {
    const lines: string[] = [];
    const sink = { debug: (m: string) => lines.push(m), info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    const logger = redactingLogger(sink, createSecretRedactor({ MY_TOKEN: 'token-value-123456' }).redact);
    logger.debug('a token-value-123456');
    logger.error('b sk-abcdefghijklmnopqrstu');
    expect(lines).toEqual(['a ***', 'b sk-***']);
  });
});
