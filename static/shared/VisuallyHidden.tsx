/** Text for assistive technology only: present in the accessibility tree, not drawn. */
import type { ReactNode } from 'react';

const HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

export function VisuallyHidden({
  as = 'span',
  children,
}: {
  as?: 'span' | 'h1';
  children: ReactNode;
}) {
  const Tag = as;
  return <Tag style={HIDDEN}>{children}</Tag>;
}
