/** Langflow's "Pass" (`Pass`, legacy): forwards its input message unchanged; a second input is only for ordering. */
import { defineComponent } from '../engine/define-component.js';

export default defineComponent({
  type: 'Pass',
  display_name: 'Pass',
  description: 'Forwards the input message, unchanged.',
  category: 'Logic',
  icon: 'arrow-right',
  fields: [
    { name: 'input_message', display_name: 'Input Message', kind: 'str', input_types: ['Message'], required: true, info: 'The message to be passed forward.' },
    { name: 'ignored_message', display_name: 'Ignored Message', kind: 'str', input_types: ['Message'], advanced: true, info: 'A second message to be ignored. Used as a workaround for continuity.' },
  ],
  outputs: [{ name: 'output_message', display_name: 'Output Message', types: ['Message'] }],

  async run(inputs) {
    return { output_message: inputs.input_message };
  },
});
