/**
 * Langflow's "Mock Data" (`MockDataGenerator`): sample data for trying flows, in Langflow's shapes:
 * a 50-row customer-orders table, one Lorem Ipsum paragraph, and one record with a summary.
 * Values are random (as Langflow's `secrets` draws them); columns, keys and ranges are Langflow's.
 */
import { randomInt } from 'node:crypto';
import { makeData, type Data } from '../../shared/data.js';
import { defineComponent } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';

const LOREM = [
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit. Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.',
  'Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.',
  'Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium, totam rem aperiam, eaque ipsa quae ab illo inventore veritatis et quasi architecto beatae vitae dicta sunt explicabo.',
  'Nemo enim ipsam voluptatem quia voluptas sit aspernatur aut odit aut fugit, sed quia consequuntur magni dolores eos qui ratione voluptatem sequi nesciunt.',
  'Neque porro quisquam est, qui dolorem ipsum quia dolor sit amet, consectetur, adipisci velit, sed quia non numquam eius modi tempora incidunt ut labore et dolore magnam aliquam quaerat voluptatem.',
];
const COMPANIES = ['TechCorp', 'DataSystems', 'CloudWorks', 'InnovateLab', 'DigitalFlow', 'SmartSolutions', 'FutureTech', 'NextGen'];
const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'HR', 'Finance', 'Operations', 'Support', 'Research'];
const STATUSES = ['active', 'pending', 'completed', 'cancelled', 'in_progress'];
const CATEGORIES = ['A', 'B', 'C', 'D'];
const TAGS = ['important', 'urgent', 'review', 'approved', 'draft', 'final'];
const FIRST_NAMES = ['John', 'Jane', 'Michael', 'Sarah', 'David', 'Emily', 'Robert', 'Lisa', 'William', 'Jennifer'];
const LAST_NAMES = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez'];
const CITIES = ['New York', 'Los Angeles', 'Chicago', 'Houston', 'Phoenix', 'Philadelphia', 'San Antonio', 'San Diego', 'Dallas', 'San Jose'];
const COUNTRIES = ['USA', 'Canada', 'UK', 'Germany', 'France', 'Australia', 'Japan', 'Brazil', 'India', 'Mexico'];
const PRODUCTS = ['Product A', 'Product B', 'Product C', 'Product D', 'Product E', 'Service X', 'Service Y', 'Service Z'];
const DAY = 86_400_000;

export default defineComponent({
  type: 'MockDataGenerator',
  display_name: 'Mock Data',
  description: 'Generate mock data for testing and development.',
  category: 'Data',
  icon: 'database',
  fields: [],
  outputs: [
    { name: 'dataframe_output', display_name: 'Result', types: ['DataFrame'] },
    { name: 'message_output', display_name: 'Result', types: ['Message'] },
    { name: 'data_output', display_name: 'Result', types: ['Data'] },
  ],

  async run(_inputs, ctx) {
    const outputs: Record<string, unknown> = {};
    if (ctx.wants('dataframe_output')) outputs.dataframe_output = customers(50);
    if (ctx.wants('message_output')) outputs.message_output = buildMessage(ctx, { text: choice(LOREM), sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) });
    if (ctx.wants('data_output')) outputs.data_output = records(1);
    return outputs;
  },
});

/** `secrets.randbelow(n)` and `secrets.choice(list)`. */
const below = (n: number) => randomInt(n);
const choice = <T>(list: readonly T[]): T => list[below(list.length)] as T;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function records(count: number): Data {
  const base = Date.now() - 365 * DAY;
  const list = Array.from({ length: count }, (_, i) => ({
    id: `REC-${1000 + i}`,
    name: `Sample Record ${i + 1}`,
    company: choice(COMPANIES),
    department: choice(DEPARTMENTS),
    status: choice(STATUSES),
    category: choice(CATEGORIES),
    value: round(below(9901) + 100 + below(100) / 100, 2),
    quantity: below(100) + 1,
    rating: round(below(41) / 10 + 1, 1),
    is_active: choice([true, false]),
    // Python's isoformat() of an aware UTC datetime: microseconds and `+00:00`.
    created_date: `${new Date(base + below(366) * DAY).toISOString().slice(0, 23)}000+00:00`,
    tags: Array.from({ length: below(3) + 1 }, () => choice(TAGS)),
  }));
  return makeData({
    records: list,
    summary: {
      total_count: count,
      active_count: list.filter((r) => r.is_active).length,
      total_value: list.reduce((sum, r) => sum + r.value, 0),
      average_rating: round(list.reduce((sum, r) => sum + r.rating, 0) / count, 2),
      categories: [...new Set(list.map((r) => r.category))],
      companies: [...new Set(list.map((r) => r.company))],
    },
  });
}

function customers(count: number): Data[] {
  const base = Date.now() - 365 * DAY;
  const day = () => new Date(base + below(366) * DAY).toISOString().slice(0, 10);
  return Array.from({ length: count }, (_, i) => {
    const first = choice(FIRST_NAMES);
    const last = choice(LAST_NAMES);
    const age = below(63) + 18;
    const orderValue = round(below(991) + 10 + below(100) / 100, 2);
    const quantity = below(10) + 1;
    const discount = round(below(31) / 100, 2);
    const discounted = orderValue * (1 - discount);
    return makeData({
      customer_id: `CUST-${10000 + i}`,
      first_name: first,
      last_name: last,
      email: `user${i + 1}@example.com`,
      age,
      city: choice(CITIES),
      country: choice(COUNTRIES),
      product: choice(PRODUCTS),
      order_date: day(),
      order_value: orderValue,
      quantity,
      discount,
      is_premium: choice([true, false]),
      satisfaction_score: below(10) + 1,
      last_contact: day(),
      full_name: `${first} ${last}`,
      discounted_value: discounted,
      total_value: discounted * quantity,
      // pd.cut with bins (0, 25], (25, 35], (35, 50], (50, 65], (65, 100].
      age_group: age <= 25 ? '18-25' : age <= 35 ? '26-35' : age <= 50 ? '36-50' : age <= 65 ? '51-65' : '65+',
    });
  });
}
