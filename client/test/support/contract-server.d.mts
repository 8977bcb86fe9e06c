export function startContractServer(options?: { port?: number; host?: string }): Promise<{
  url: string;
  log: { withdrawals: unknown[] };
  close(): Promise<void>;
}>;
