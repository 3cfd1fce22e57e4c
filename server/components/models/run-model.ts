/**
 * What every model component does with its descriptor: ask the provider with the node's Input and
 * System Message and answer a Message, or (with `stream` on) a TextStream that fills while the
 * model is still writing. The descriptor itself is the `model_output`.
 */
import { CancelledError } from '../../../shared/errors.js';
import type { FieldValues, OutputValues, RunContext } from '../../engine/define-component.js';
import type { LanguageModelDescriptor } from '../../engine/language-model.js';
import { buildMessage, nodeSource } from '../../engine/messages.js';
import { resolveText } from '../../engine/resolve-text.js';
import { TextStream } from '../../engine/text-stream.js';
import { chatClient, type ChatStream } from './chat-client.js';
import type { ChatRequest } from './chat-types.js';

export async function runModel(model: LanguageModelDescriptor, inputs: FieldValues, ctx: RunContext): Promise<OutputValues> {
  // Used only as a model for an Agent: nothing to ask yet.
  if (!ctx.wants('text_output')) return { model_output: model };
  const request = await chatRequest(inputs);
  const client = chatClient(model);
  const source = nodeSource(ctx, model.model);

  if (!model.stream) {
    const reply = await client.complete(request, ctx.signal);
    return { text_output: buildMessage(ctx, { text: reply.text, sender: 'Machine', sender_name: 'AI', source, usage: reply.usage }), model_output: model };
  }
  const deltas = await client.stream(request, ctx.signal);
  const stream = new TextStream({ source, icon: ctx.icon });
  void relay(deltas, stream, ctx.signal);
  return { text_output: stream, model_output: model };
}

async function chatRequest(inputs: FieldValues): Promise<ChatRequest> {
  const [system, user] = await Promise.all([resolveText(inputs.system_message), resolveText(inputs.input_value)]);
  if (!system && !user) throw new Error('The model has no input: give it an Input or a System Message');
  return { system, messages: user ? [{ role: 'user', content: user }] : [] };
}

/** Copies the provider's deltas into the stream; an abort fails it rather than ending it short. */
async function relay(deltas: ChatStream, stream: TextStream, signal: AbortSignal): Promise<void> {
  try {
    for await (const delta of deltas) stream.push(delta);
    if (signal.aborted) stream.fail(new CancelledError());
    else {
      stream.usage = deltas.usage;
      stream.end();
    }
  } catch (error) {
    stream.fail(error);
  }
}

/** A key from the field, else the global variable (or environment variable) the provider conventionally uses. */
export async function providerKey(value: unknown, variable: string, ctx: Pick<RunContext, 'variables' | 'env'>): Promise<string | undefined> {
  const given = typeof value === 'string' ? value.trim() : '';
  if (given) return given;
  return (await ctx.variables.get(variable)) || ctx.env[variable] || undefined;
}

/** The key as `providerKey` finds it; none fails naming the variable to create. */
export async function requiredKey(value: unknown, variable: string, service: string, ctx: Pick<RunContext, 'variables' | 'env'>): Promise<string> {
  const key = await providerKey(value, variable, ctx);
  if (key) return key;
  throw new Error(
    `No ${service} API key: set the node's API key field, or create the ${variable} Credential variable ` +
      `(Settings → Model Providers, or POST /api/v1/variables/ {"name": "${variable}", "value": "…", "type": "Credential"}), or set ${variable} in the environment`,
  );
}
