/** A message that cannot be rendered: a payload a channel cannot carry, or an unusable site URL. */
export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RenderError";
  }
}
