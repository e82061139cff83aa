import type { MouseEvent, ReactNode } from 'react';
import { Anchor, type AnchorProps } from '@mantine/core';
import { Link } from '@tanstack/react-router';

/** A link to a unit's page (opening at `date` when given), styled as Mantine's Anchor. */
export function UnitAnchor({
  id,
  date,
  children,
  onClick,
  ...rest
}: AnchorProps & { id: string; date?: string; children: ReactNode; onClick?: (e: MouseEvent<HTMLAnchorElement>) => void }) {
  return (
    <Anchor
      {...rest}
      onClick={onClick}
      renderRoot={(props) => <Link {...props} to="/units/$id" params={{ id }} search={date ? { date } : {}} />}
    >
      {children}
    </Anchor>
  );
}
