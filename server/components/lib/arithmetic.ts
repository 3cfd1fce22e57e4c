/**
 * Kept by hand: expression libraries (mathjs, expr-eval) bring functions, variables and Python-unlike operators; the Calculator needs exactly Python's + - * / // % ** and nothing else.
 *
 * A safe arithmetic evaluator for the Calculator: numbers, + - * / // % ** (and ^ as power),
 * unary signs and parentheses. Anything else is refused; nothing is ever executed as code.
 */

export function evaluateArithmetic(expression: string): number {
  const tokens = tokenize(expression);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => tokens[pos++];

  const expr = (): number => {
    let value = term();
    while (peek() === '+' || peek() === '-') value = take() === '+' ? value + term() : value - term();
    return value;
  };
  const term = (): number => {
    let value = power();
    for (;;) {
      const op = peek();
      if (op !== '*' && op !== '/' && op !== '//' && op !== '%') return value;
      take();
      const right = power();
      if ((op === '/' || op === '//' || op === '%') && right === 0) throw new Error('Division by zero');
      value = op === '*' ? value * right : op === '/' ? value / right : op === '//' ? Math.floor(value / right) : value - right * Math.floor(value / right);
    }
  };
  const power = (): number => {
    const base = unary();
    if (peek() === '**' || peek() === '^') {
      take();
      return base ** power();
    }
    return base;
  };
  const unary = (): number => {
    if (peek() === '-') {
      take();
      return -unary();
    }
    if (peek() === '+') {
      take();
      return unary();
    }
    return primary();
  };
  const primary = (): number => {
    const token = take();
    if (token === '(') {
      const value = expr();
      if (take() !== ')') throw new Error('Missing closing parenthesis');
      return value;
    }
    if (token !== undefined && /^[\d.]/.test(token)) return Number(token);
    throw new Error(token === undefined ? 'Unexpected end of expression' : `Unexpected "${token}"`);
  };

  if (tokens.length === 0) throw new Error('Empty expression');
  const value = expr();
  if (pos < tokens.length) throw new Error(`Unexpected "${tokens[pos]}"`);
  if (!Number.isFinite(value)) throw new Error('The result is not a finite number');
  return value;
}

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+|\*\*|\/\/|[-+*/%^()])/y;
  let index = 0;
  const text = expression.trim();
  while (index < text.length) {
    re.lastIndex = index;
    const match = re.exec(text);
    if (!match) throw new Error(`Unsupported character "${text.slice(index).trim()[0]}": only numbers, + - * / // % ** and parentheses`);
    tokens.push(match[1] as string);
    index = re.lastIndex;
  }
  return tokens;
}

/** Six decimals at most, trailing zeros dropped (as Langflow's Calculator prints). */
export function formatNumber(value: number): string {
  return value.toFixed(6).replace(/\.?0+$/, '') || '0';
}
