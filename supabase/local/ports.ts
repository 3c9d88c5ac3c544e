/** Checks that the stack's ports are free before anything starts, naming any that is taken. */
import { createServer } from "node:net";

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

export async function assertPortsFree(ports: Record<string, number>): Promise<void> {
  const taken: string[] = [];
  for (const [name, port] of Object.entries(ports)) {
    if (!(await isPortFree(port))) taken.push(`${name} port ${port}`);
  }
  if (taken.length > 0) {
    throw new Error(`Cannot start: ${taken.join(", ")} ${taken.length === 1 ? "is" : "are"} already in use. ` +
      "Stop whatever holds it (another `npm run dev`?) and try again.");
  }
}
