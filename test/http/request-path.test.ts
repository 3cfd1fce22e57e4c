import { describe, expect, it } from 'vitest';
import { canonicalPath, canonicalUrl, hasDotSegment, isApiPath, isUploadPath, isWebhookPath, needsCaller } from '../../server/http/request-path.js';

describe('canonicalPath', () => {
  it('leaves canonical paths as they are (the same string)', () => {
    for (const path of ['/', '/api/v1/run/basic-prompting', '/api/v1/flows/', '/assets/index-abc.js', '/api/v1/flows/a%20b']) {
      expect(canonicalPath(path)).toBe(path);
    }
  });

  it('decodes escapes of unreserved characters and of `/`, and no others', () => {
    expect(canonicalPath('/%61pi/v1/v%61riables/')).toBe('/api/v1/variables/');
    expect(canonicalPath('/%41PI/v1/')).toBe('/API/v1/');
    expect(canonicalPath('/api%2Fv1%2fflows/')).toBe('/api/v1/flows/');
    expect(canonicalPath('/api/v1/flows/a%20b%3F%25')).toBe('/api/v1/flows/a%20b%3F%25');
    // One pass only: an escaped escape stays escaped.
    expect(canonicalPath('/%2561pi/')).toBe('/%2561pi/');
  });

  it('folds runs of slashes and keeps dot segments, escaped or not, for the path guard to refuse', () => {
    expect(canonicalPath('//api//v1///flows/')).toBe('/api/v1/flows/');
    expect(canonicalPath('/x/%2E%2e/api/v1/flows/')).toBe('/x/../api/v1/flows/');
    expect(canonicalPath('/api/v1/%2e%2e%2f%2e%2e%2fhealth')).toBe('/api/v1/../../health');
    for (const path of ['/./api', '/x/../api/v1/', '/api/v1/flows/..', '/api/v1/flows/.', '/..']) expect(hasDotSegment(path), path).toBe(true);
    for (const path of ['/api/v1/flows/a..b', '/api/v1/flows/.hidden', '/api/v1/flows/...', '/']) expect(hasDotSegment(path), path).toBe(false);
  });

  it('keeps the query string as sent', () => {
    expect(canonicalUrl('//api/v1/run/x?stream=true&a=%61')).toBe('/api/v1/run/x?stream=true&a=%61');
    expect(canonicalUrl('/api/v1/run/x')).toBe('/api/v1/run/x');
    expect(canonicalUrl('/api/v1/run/x?next=/../y')).toBe('/api/v1/run/x?next=/../y');
    expect(canonicalUrl('*')).toBe('*');
  });
});

describe('what a path is, without regard to case', () => {
  it('tells API paths from the editor files', () => {
    for (const path of ['/api/v1/flows/', '/API/v1/flows/', '/Api', '/health', '/HEALTH_check']) expect(isApiPath(path), path).toBe(true);
    for (const path of ['/', '/index.html', '/assets/x.js', '/apix']) expect(isApiPath(path), path).toBe(false);
  });

  it('asks a caller of every API path but the open session routes', () => {
    expect(needsCaller('/API/v1/variables/')).toBe(true);
    expect(needsCaller('/api')).toBe(true);
    expect(needsCaller('/api/v1/session')).toBe(false);
    expect(needsCaller('/API/V1/SESSION/')).toBe(false);
    expect(needsCaller('/api/v1/session/link')).toBe(true);
    expect(needsCaller('/health')).toBe(false);
  });

  it('knows uploads and the webhook in any case', () => {
    expect(isUploadPath('/API/v1/flows/upload/')).toBe(true);
    expect(isUploadPath('/api/v2/files')).toBe(true);
    expect(isUploadPath('/api/v1/projects/upload/')).toBe(true);
    expect(isUploadPath('/api/v1/folders/upload')).toBe(true);
    expect(isUploadPath('/api/v1/projects/')).toBe(false);
    expect(isUploadPath('/api/v1/flows/')).toBe(false);
    expect(isWebhookPath('/Api/V1/Webhook/x')).toBe(true);
  });
});
