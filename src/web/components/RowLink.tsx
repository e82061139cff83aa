import type { ReactNode } from 'react';
import { UnstyledButton } from '@mantine/core';

/** The name in a clickable table row, as a button of its own (keyboard, screen readers); one click opens once. */
export function RowLink({ onOpen, children }: { onOpen: () => void; children: ReactNode }) {
  return (
    <UnstyledButton
      fw={600}
      fz="sm"
      c="var(--mantine-primary-color-filled)"
      onClick={(e) => {
        e.stopPropagation();
        onOpen();
      }}
    >
      {children}
    </UnstyledButton>
  );
}
