const TONES = {
  good: 'bg-emerald-100 text-emerald-900',
  warn: 'bg-amber-100 text-amber-900',
  bad: 'bg-red-100 text-red-900',
  neutral: 'bg-slate-100 text-slate-800',
  info: 'bg-sky-100 text-sky-900',
} as const;

export type Tone = keyof typeof TONES;

/** Words with a tint, never colour alone: the text says the status. */
export function StatusBadge({ tone, children }: { tone: Tone; children: string }) {
  return <span className={`inline-block rounded-md px-2 py-1 text-sm font-semibold ${TONES[tone]}`}>{children}</span>;
}

const STATUS_TONES: Record<string, Tone> = {
  online: 'good',
  ok: 'good',
  completed: 'good',
  replayed: 'good',
  open: 'info',
  busy: 'info',
  running: 'info',
  warn: 'warn',
  offline: 'neutral',
  closed: 'neutral',
  discarded: 'neutral',
  error: 'bad',
  fail: 'bad',
  failed: 'bad',
  dead: 'bad',
  revoked: 'bad',
};

/** A status word of the API in its usual tint. */
export function Status({ value }: { value: string }) {
  return <StatusBadge tone={STATUS_TONES[value] ?? 'neutral'}>{value}</StatusBadge>;
}
