/**
 * The type of `inputs` inside a component's `run()`, inferred from its field list by
 * `defineComponent`: each field's kind gives its value's type (str → string, int/float → number,
 * bool → boolean, dict → a record), each port type in `input_types` adds what that port carries
 * (Message, Data, DataFrame = Data[], LanguageModel, Tool), `list: true` makes it an array, and a
 * field without a default may be undefined. Fields the list does not name literally (helpers typed
 * `FieldSpec[]`, dynamic fields such as a Prompt's variables) stay `unknown`, as before.
 *
 * These are the values a field is declared to carry. A value typed in by hand or sent as a tweak
 * reaches `run()` as the JSON gave it, so a component still reads outside values through the
 * coercing helpers (`asString`, `asInteger`, …); the types only spare it casts.
 */
import type { Data } from '../../shared/data.js';
import type { FieldKind, FieldSpec } from '../../shared/component-spec.js';
import type { Message } from '../../shared/message.js';
import type { LanguageModelDescriptor } from './language-model.js';
import type { TextStream } from './text-stream.js';
import type { Tool } from './tool.js';

export interface KindTypes {
  str: string;
  multiline: string;
  prompt: string;
  code: string;
  secret: string;
  dropdown: string;
  file: string;
  int: number;
  float: number;
  slider: number;
  bool: boolean;
  dict: Record<string, unknown>;
}

export interface PortTypes {
  /** A streaming model's answer reaches a Message port as a TextStream until it ends. */
  Message: Message | TextStream;
  Data: Data;
  DataFrame: Data[];
  LanguageModel: LanguageModelDescriptor;
  Tool: Tool;
}

type PortType<T> = T extends readonly (infer P)[] ? (P extends keyof PortTypes ? PortTypes[P] : unknown) : never;

type One<F extends FieldSpec> = (F['kind'] extends FieldKind ? KindTypes[F['kind']] : unknown) | PortType<F['input_types']>;

type Value<F extends FieldSpec> = (F extends { list: true } ? One<F>[] : One<F>) | (F extends { default: unknown } ? never : undefined);

/** `inputs` for the fields `F`: a typed entry per literally named field, `unknown` for any other name. */
export type InputsOf<F extends readonly FieldSpec[]> = { [K in F[number] as string extends K['name'] ? never : K['name']]: Value<K> } & Record<string, unknown>;
