/** The repository root (where package.json is). */
export const ROOT: string;
/** dist/build.json, written last by `npm run build`. */
export const BUILD_STAMP: string;
/** Why a build is needed (`first start`, `sources changed`), or undefined when dist/ is up to date or there are no sources. */
export function buildNeeded(root?: string): string | undefined;
/** Runs `npm run build` when {@link buildNeeded} says so; rejects with a message for the user when it cannot. */
export function ensureBuild(root?: string): Promise<void>;
