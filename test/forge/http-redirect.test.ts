/** Issue 13, finding 4 on Forge: the fetch adapter asks `@forge/api` not to follow redirects. */
import './mocks';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { forgeHttp } from '../../src/forge/http';
import { platform } from './fakes/platform';

it('answers a redirect as it is and never sends the key to its target', async () => {
  const seenByOther: unknown[] = [];
  const other = http.createServer((request, response) => {
    seenByOther.push(request.headers.key);
    response.end('{}');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const otherPort = (other.address() as AddressInfo).port;
  const redirecting = http.createServer((_request, response) => {
    response.writeHead(302, { Location: `http://127.0.0.1:${otherPort}/api/v2/check` });
    response.end();
  });
  await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
  const port = (redirecting.address() as AddressInfo).port;
  platform.egress.push({ from: 'https://api.abuseipdb.com/', to: `http://127.0.0.1:${port}/` });
  try {
    const response = await forgeHttp('https://api.abuseipdb.com/api/v2/check?ipAddress=1.2.3.4', {
      method: 'GET',
      headers: { Key: 'forge-abuseipdb-key-0001' },
    });
    expect(response.status).toBe(302);
    expect(seenByOther).toEqual([]);
  } finally {
    await new Promise((resolve) => redirecting.close(resolve));
    await new Promise((resolve) => other.close(resolve));
  }
});
