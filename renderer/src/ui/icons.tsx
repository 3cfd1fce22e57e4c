/** Small stroke icons drawn inline (no icon font, no emoji: both are missing on some Linux desktops). */
import type { ReactNode } from 'react';

const PATHS: Record<string, ReactNode> = {
  chain: (
    <>
      <path d="M9 15l6-6" />
      <path d="M11 6l2-2a4 4 0 0 1 6 6l-2 2" />
      <path d="M13 18l-2 2a4 4 0 0 1-6-6l2-2" />
    </>
  ),
  chat: <path d="M4 5h16v11H9l-5 4z" />,
  text: (
    <>
      <path d="M5 6h14" />
      <path d="M12 6v13" />
    </>
  ),
  braces: (
    <>
      <path d="M9 4C6 4 7 9 5 12c2 3 1 8 4 8" />
      <path d="M15 4c3 0 2 5 4 8-2 3-1 8-4 8" />
    </>
  ),
  sparkle: <path d="M12 3l2 7 7 2-7 2-2 7-2-7-7-2 7-2z" />,
  anchor: (
    <>
      <circle cx="12" cy="5" r="2" />
      <path d="M12 7v14" />
      <path d="M5 13a7 7 0 0 0 14 0" />
    </>
  ),
  note: (
    <>
      <path d="M5 4h14v12l-4 4H5z" />
      <path d="M15 20v-4h4" />
    </>
  ),
  globe: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18" />
      <path d="M12 3c3 3 3 15 0 18c-3-3-3-15 0-18" />
    </>
  ),
  box: <rect x="4" y="4" width="16" height="16" rx="3" />,
};

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 14, label }: { name: string; size?: number; label?: string }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    >
      {PATHS[name] ?? PATHS.box}
    </svg>
  );
}
