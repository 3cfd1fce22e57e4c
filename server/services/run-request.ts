/** Reads the body of `POST /api/v1/run/{flow}` the way FastAPI/pydantic would (422 issues). */
import { INPUT_TYPES, OUTPUT_TYPES, type RunRequest } from '../../shared/api.js';
import { BodyChecker } from './body-checks.js';

/** Every field is optional and unknown fields are ignored; an empty body or no body gives the defaults. */
export function parseRunRequest(body: unknown): RunRequest {
  const check = new BodyChecker(BodyChecker.object(body === '' ? undefined : body));
  const request: RunRequest = {
    input_value: check.string('input_value', { nullable: true }) ?? null,
    output_component: check.string('output_component', { nullable: true }) ?? '',
    session_id: check.string('session_id', { nullable: true }) ?? null,
    input_type: check.oneOf('input_type', INPUT_TYPES, { nullable: true }) ?? 'chat',
    output_type: check.oneOf('output_type', OUTPUT_TYPES, { nullable: true }) ?? 'chat',
    tweaks: check.object('tweaks') ?? null,
  };
  check.done();
  return request;
}
