import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postgresClient, unixSocketOf } from './database.js';

describe('a DATABASE_URL naming a Unix socket (libpq: ?host=/folder)', () => {
  it('gives the socket path and the URL without the setting postgres.js would send to the server', () => {
    expect(unixSocketOf('postgres://app@localhost/shebao?host=/var/run/postgresql&sslmode=disable')).toEqual({
      url: 'postgres://app@localhost/shebao?sslmode=disable',
      socketPath: '/var/run/postgresql/.s.PGSQL.5432',
    });
    expect(unixSocketOf('postgres://app@localhost:6543/shebao?host=/tmp').socketPath).toBe('/tmp/.s.PGSQL.6543');
  });

  it('leaves a TCP URL as it is', () => {
    for (const url of ['postgres://app@db.internal:5432/shebao', 'postgres://app@localhost/shebao?host=db.internal']) expect(unixSocketOf(url)).toEqual({ url });
  });

  const socketFolder = '/var/run/postgresql';
  const tcpUrl = process.env.DATABASE_URL;
  it.skipIf(!tcpUrl || !existsSync(`${socketFolder}/.s.PGSQL.5432`))('connects through the socket', async () => {
    const url = new URL(tcpUrl!);
    url.host = 'localhost';
    url.searchParams.set('host', socketFolder);
    const client = postgresClient(url.href, { max: 1, onnotice: () => {} });
    try {
      const [row] = await client<{ viaSocket: boolean }[]>`select inet_server_addr() is null as "viaSocket"`;
      expect(row!.viaSocket).toBe(true);
    } finally {
      await client.end({ timeout: 5 });
    }
  });
});
