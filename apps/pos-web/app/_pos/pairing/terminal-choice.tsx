import type { terminals } from '@tillwire/contracts';
import { Button } from '../ui/button';

/** The terminals the signed-in administrator or supervisor may bind this screen to. */
export function TerminalChoice({
  choices,
  preselected,
  onChoose,
  onBack,
}: {
  choices: terminals.Terminal[];
  preselected?: string | undefined;
  onChoose: (terminal: terminals.Terminal) => void;
  onBack: () => void;
}) {
  return (
    <section aria-labelledby="choose-heading" className="mx-auto flex w-full max-w-3xl flex-col gap-5 rounded-2xl bg-white p-8 shadow-sm">
      <h1 id="choose-heading" className="text-3xl font-bold">
        Choose this screen&apos;s terminal
      </h1>
      {choices.length === 0 ? <p className="text-lg">No terminal is registered for you to pair.</p> : null}
      <ul className="grid max-h-[26rem] grid-cols-2 gap-3 relative overflow-y-auto p-1">
        {choices.map((terminal) => (
          <li key={terminal.id}>
            <Button
              variant={terminal.id === preselected ? 'primary' : 'secondary'}
              className="h-full w-full flex-col !items-start py-3 text-left"
              onClick={() => onChoose(terminal)}
            >
              <span className="text-xl">
                <span className="sr-only">Pair with </span>
                {terminal.name}
              </span>
              <span className="text-base font-normal">
                {terminal.id} · {terminal.departmentCode} · {terminal.status}
              </span>
            </Button>
          </li>
        ))}
      </ul>
      <Button onClick={onBack}>Back</Button>
    </section>
  );
}
