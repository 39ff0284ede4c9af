/** A scenario that validates but cannot be compiled (e.g. vertiports no road connects). */
export class ScenarioCompileError extends Error {}
