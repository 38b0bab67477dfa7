import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';

/**
 * A full-width table with a caption (visually hidden unless `showCaption`), scrolling sideways when
 * narrow: the scrolling region is named and focusable, so keyboard users can scroll it too.
 */
export function Table({
  caption,
  head,
  children,
  showCaption = false,
  tall = false,
  fixed = false,
}: {
  caption: string;
  head: ReactNode;
  children: ReactNode;
  showCaption?: boolean;
  /** A long list: it scrolls within a screenful, under a header that stays in view. */
  tall?: boolean;
  /** Columns as wide as the header cells say, whatever the rows hold (tables meant to line up). */
  fixed?: boolean;
}) {
  return (
    <div
      role="region"
      aria-label={caption}
      tabIndex={0}
      className={`overflow-x-auto focus-visible:outline-4 focus-visible:outline-sky-500 ${tall ? 'max-h-[32rem] overflow-y-auto' : ''}`}
    >
      <table className={`w-full border-collapse text-left text-base ${fixed ? 'table-fixed' : ''}`}>
        <caption className={showCaption ? 'mb-2 text-left text-lg font-semibold' : 'sr-only'}>{caption}</caption>
        <thead className={tall ? 'sticky top-0 bg-white' : ''}>
          <tr className="border-b border-slate-300 text-sm uppercase tracking-wide text-slate-600">{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function Th({ className = '', ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" {...props} className={`py-3 pr-4 font-semibold ${className}`} />;
}

export function Td({ className = '', ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td {...props} className={`border-b border-slate-200 py-3 pr-4 align-top ${className}`} />;
}

/** A row saying the table has nothing to show. */
export function EmptyRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="py-6 text-center text-slate-600">
        {children}
      </td>
    </tr>
  );
}
