/** Fixed ports for the test stacks, clear of `npm run dev` (54321/54322/3000). */
export const integrationPorts = { gateway: 55321, db: 55322, app: 55300 };
export const dbTestPort = 55422;
export const e2ePorts = { gateway: 56321, db: 56322, app: 56300 };
