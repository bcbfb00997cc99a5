export function findRedisServer(): string | undefined;
export function ensureRedisServer(options?: { log?: (message: string) => void }): string;
