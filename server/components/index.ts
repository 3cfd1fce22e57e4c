/** Every built-in component. A test checks that each file of this folder is listed here. */
import type { ComponentDefinition } from '../engine/define-component.js';
import ChatInput from './chat-input.js';
import ChatOutput from './chat-output.js';
import OpenAIModel from './openai-model.js';
import Prompt from './prompt.js';
import TextInput from './text-input.js';
import TextOutput from './text-output.js';
import Webhook from './webhook.js';

export const builtinComponents: ComponentDefinition[] = [ChatInput, TextInput, Webhook, Prompt, OpenAIModel, ChatOutput, TextOutput];
