/** Langflow's "Calculator" (`CalculatorComponent`): evaluates an arithmetic expression, safely; also a tool for Agents. */
import { makeData } from '../../shared/data.js';
import { defineComponent } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { evaluateArithmetic, formatNumber } from './lib/arithmetic.js';
import { TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, textArgumentTool, toolOutput } from './lib/tools.js';

export default defineComponent({
  type: 'CalculatorComponent',
  display_name: 'Calculator',
  description: 'Perform basic arithmetic operations on a given expression.',
  category: 'Tools',
  icon: 'calculator',
  fields: [
    {
      name: 'expression',
      display_name: 'Expression',
      kind: 'str',
      default: '',
      input_types: ['Message'],
      info: "The arithmetic expression to evaluate (e.g. '4*4*(33/22)+12-20').",
    },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [{ name: 'result', display_name: 'Data', types: ['Data'] }, TOOL_OUTPUT_SPEC],

  async run(inputs, ctx) {
    const outputs = toolOutput(ctx, inputs.tools_metadata, () =>
      textArgumentTool(
        'evaluate_expression',
        'Evaluate an arithmetic expression: numbers, + - * / // % ** and parentheses. Use it for any calculation.',
        'expression',
        "The expression, e.g. '4*4*(33/22)+12-20'.",
        async (expression) => formatNumber(evaluateArithmetic(String(expression ?? ''))),
      ),
    );
    if (ctx.wants('result')) {
      const expression = (await resolveText(inputs.expression)).trim();
      try {
        outputs.result = makeData({ result: formatNumber(evaluateArithmetic(expression)) }, 'result');
      } catch (error) {
        // As Langflow: an expression that cannot be computed is an answer, not a failed run.
        outputs.result = makeData({ error: `Error evaluating "${expression}": ${(error as Error).message}` }, 'error');
      }
    }
    return outputs;
  },
});
