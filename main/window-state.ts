/**
 * The editor window's size and position, remembered in a small JSON file between launches, and
 * placed back only where it is still visible (a display may have been unplugged since).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Rect } from './electron-surface.js';

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export interface WindowPlacement {
  width: number;
  height: number;
  /** Absent: let Electron center the window. */
  x?: number;
  y?: number;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 };
export const MIN_SIZE = { width: 720, height: 480 };
/** How much of a saved window must overlap a display for it to be put back there. */
const MIN_VISIBLE = { width: 120, height: 60 };

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function parseWindowState(text: string): WindowState | undefined {
  try {
    const raw = JSON.parse(text) as { bounds?: Partial<Rect>; maximized?: unknown } | null;
    const b = raw?.bounds;
    if (!b || !isFiniteNumber(b.x) || !isFiniteNumber(b.y) || !isFiniteNumber(b.width) || !isFiniteNumber(b.height)) return undefined;
    if (b.width <= 0 || b.height <= 0) return undefined;
    return { bounds: { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) }, maximized: raw?.maximized === true };
  } catch {
    return undefined;
  }
}

export async function loadWindowState(file: string): Promise<WindowState | undefined> {
  try {
    return parseWindowState(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Writes the state atomically (temporary file, then rename). */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n');
  await rename(tmp, file);
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/** Where to open the window: the saved bounds if enough of them is on a display (size capped to it), else centered. */
export function placeWindow(saved: WindowState | undefined, workAreas: readonly Rect[]): WindowPlacement {
  const primary = workAreas[0];
  const fallback = (): WindowPlacement => ({
    width: primary ? Math.min(DEFAULT_SIZE.width, primary.width) : DEFAULT_SIZE.width,
    height: primary ? Math.min(DEFAULT_SIZE.height, primary.height) : DEFAULT_SIZE.height,
    maximized: saved?.maximized ?? false,
  });
  if (!saved) return fallback();
  const area = workAreas.find((candidate) => {
    const o = overlap(saved.bounds, candidate);
    return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height;
  });
  if (!area) return fallback();
  return {
    x: saved.bounds.x,
    y: saved.bounds.y,
    width: Math.max(MIN_SIZE.width, Math.min(saved.bounds.width, area.width)),
    height: Math.max(MIN_SIZE.height, Math.min(saved.bounds.height, area.height)),
    maximized: saved.maximized,
  };
}
