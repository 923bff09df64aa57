// Real client libraries connected to a test server, configured the same way in every protocol
// test: no INFO ready check (so the test exercises only its own commands) and one retry.
import { Redis } from 'ioredis';

/** An ioredis client on `port` speaking RESP `protocol`, connected. */
export async function connectIoredis(port: number, protocol: 2 | 3): Promise<Redis> {
  const r = new Redis({ port, protocol, enableReadyCheck: false, maxRetriesPerRequest: 1, lazyConnect: true });
  await r.connect();
  return r;
}
