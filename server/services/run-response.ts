/** The blocking response of `POST /api/v1/run/{flow}` (contract §1, Response), from a finished run. */
import type { RunOutput, RunRequest, RunResponse } from '../../shared/api.js';
import { isData } from '../../shared/data.js';
import { langflowMessage } from '../../shared/langflow-message.js';
import { isMessage } from '../../shared/message.js';
import { NO_SOURCE } from '../engine/messages.js';
import { plainText } from '../engine/resolve-text.js';
import type { FlowRunResult } from '../engine/run-flow.js';
import type { FlowPlan, PlannedNode } from '../engine/run-plan.js';
import { TextStream } from '../engine/text-stream.js';

export function buildRunResponse(plan: FlowPlan, run: FlowRunResult, request: RunRequest, sessionId: string): RunResponse {
  const outputs: RunOutput[] = [];
  for (const node of reportedNodes(plan, request)) {
    const result = run.nodes.get(node.id);
    if (result) outputs.push(reportNode(node, result.outputs, sessionId));
  }
  return {
    session_id: sessionId,
    outputs: [{ inputs: request.input_value === null ? {} : { input_value: request.input_value }, outputs }],
  };
}

/**
 * `output_component` (node id or display name) alone if given; else `debug`: every node; else
 * the output components whose id contains the output type (`any`: all), or all of them if none does.
 */
export function reportedNodes(plan: FlowPlan, request: RunRequest): readonly PlannedNode[] {
  const wanted = request.output_component;
  if (wanted) return plan.nodes.filter((n) => n.id === wanted || n.displayName === wanted);
  if (request.output_type === 'debug') return plan.nodes;
  const outputs = plan.nodes.filter((n) => n.role === 'output');
  if (request.output_type === 'any') return outputs;
  const matching = outputs.filter((n) => n.id.toLowerCase().includes(request.output_type));
  return matching.length > 0 ? matching : outputs;
}

function reportNode(node: PlannedNode, values: Readonly<Record<string, unknown>>, sessionId: string): RunOutput {
  const results: Record<string, unknown> = {};
  const outputs: RunOutput['outputs'] = {};
  const logs: RunOutput['logs'] = {};
  for (const output of node.def.outputs) {
    const value = values[output.name];
    if (value === undefined) continue;
    results[output.name] = serialize(value);
    outputs[output.name] = { message: outputMessage(value), type: valueType(value) };
    logs[output.name] = [];
  }
  const main = node.def.outputs[0] && values[node.def.outputs[0].name];
  results.result = plainText(main);
  const report: RunOutput = {
    results,
    artifacts: artifactsOf(main),
    outputs,
    logs,
    messages: [],
    timedelta: null,
    duration: null,
    component_display_name: node.displayName,
    component_id: node.id,
    used_frozen_result: false,
  };
  if (isMessage(main) && node.role !== 'process') {
    report.messages.push({
      message: main.text,
      sender: main.sender,
      sender_name: main.sender_name,
      session_id: main.session_id || sessionId,
      component_id: node.id,
      files: main.files,
      type: 'text',
      stream_url: null,
    });
  }
  return report;
}

/** A JSON-ready form of an output value: a message in Langflow's Message shape; a finished stream becomes a message-like `{text}`. */
function serialize(value: unknown): unknown {
  if (isMessage(value)) return langflowMessage(value);
  if (value instanceof TextStream) return { text: value.textSoFar, properties: { source: value.source ?? NO_SOURCE } };
  if (Array.isArray(value)) return value.map(serialize);
  return value;
}

function outputMessage(value: unknown): unknown {
  if (typeof value === 'string' || isMessage(value) || value instanceof TextStream) return plainText(value);
  if (isData(value)) return value.data;
  return serialize(value);
}

function valueType(value: unknown): string {
  if (typeof value === 'string' || isMessage(value) || value instanceof TextStream) return 'text';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object' && value !== null) return 'object';
  return 'unknown';
}

function artifactsOf(value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (isMessage(value)) {
    return { message: value.text, sender: value.sender, sender_name: value.sender_name, files: value.files, type: 'object' };
  }
  return { repr: plainText(value), raw: serialize(value), type: valueType(value) };
}
