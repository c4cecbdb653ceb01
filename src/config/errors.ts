/** One problem in `catalog.providers.iis`, with the full key and the fix. */
export interface IisConfigProblem {
  key: string;
  message: string;
}

/** Thrown at startup when `catalog.providers.iis` is invalid; lists every problem found. */
export class IisConfigError extends Error {
  readonly problems: IisConfigProblem[];

  constructor(problems: IisConfigProblem[]) {
    const lines = problems.map(problem => `- ${problem.key}: ${problem.message}`);
    super(`Invalid IIS provider config in app-config:\n${lines.join('\n')}`);
    this.name = 'IisConfigError';
    this.problems = problems;
  }
}
