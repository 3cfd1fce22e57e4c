/** Driving the React Flow canvas with a real mouse: nodes and handles by type, drag from the sidebar, draw edges. */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export const node = (page: Page, type: string): Locator => page.locator('.react-flow__node', { has: page.locator(`[data-type="${type}"]`) });
export const handle = (page: Page, type: string, kind: 'source' | 'target', id: string): Locator =>
  node(page, type).locator(`.react-flow__handle.${kind}[data-handleid="${id}"]`);

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element is not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags from one handle to another with the mouse; `hold` runs while hovering the target, before release. */
export async function drawEdge(page: Page, from: Locator, to: Locator, hold?: () => Promise<void>): Promise<void> {
  const a = await center(from);
  const b = await center(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await hold?.();
  await page.mouse.up();
}

export async function dropComponent(page: Page, type: string, x: number, y: number): Promise<void> {
  const before = await node(page, type).count();
  await page.dragAndDrop(`[data-testid="sidebar-${type}"]`, '[data-testid="canvas"]', { targetPosition: { x, y } });
  await expect.poll(() => node(page, type).count()).toBe(before + 1);
}

export async function waitSaved(page: Page): Promise<void> {
  await page.getByTestId('save-status').filter({ hasText: /^Saved$/ }).waitFor({ timeout: 10_000 });
}
