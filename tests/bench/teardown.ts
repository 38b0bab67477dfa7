/**
 * Clean-up steps that run once, newest first, however the benchmark ends (done, failed or Ctrl-C).
 * A step added after the clean-up began runs at once, so nothing started late is left behind.
 */
export class Teardown {
  private readonly steps: Array<{ name: string; run: () => Promise<void> }> = [];
  private running: Promise<void> | undefined;

  constructor(private readonly log: (message: string) => void) {}

  add(name: string, run: () => Promise<void>): void {
    if (this.running) {
      this.running = this.running.then(() => this.runStep({ name, run }));
    } else {
      this.steps.push({ name, run });
    }
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) await this.runStep(step);
    })();
    return this.running;
  }

  private async runStep(step: { name: string; run: () => Promise<void> }): Promise<void> {
    try {
      await step.run();
    } catch (error) {
      this.log(`clean-up: could not ${step.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
