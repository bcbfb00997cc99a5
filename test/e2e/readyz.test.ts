// /readyz on a real `npm start`: 200 while serving; after SIGTERM the listening socket is closed and
// idle connections are cut, so what still reaches the server is a request already under way. One
// whose headers were half sent before the signal must hear 503 draining.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './stack.js';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ LOG_FORMAT: 'json' });
});
afterAll(() => server?.stop());

describe('GET /readyz', () => {
  it('answers 200 ready while serving, then 503 draining after SIGTERM until the process exits', async () => {
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toEqual({ status: 'ready' });

    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', chunk => (received += chunk));
    const closed = new Promise(resolve => socket.once('close', resolve));
    socket.write(`GET /readyz HTTP/1.1\r\nHost: localhost:${port}\r\n`);
    await new Promise(r => setTimeout(r, 200));
    server.child.kill('SIGTERM');
    await new Promise(r => setTimeout(r, 300));
    socket.write('\r\n');
    await closed;

    expect(received).toMatch(/^HTTP\/1\.1 503 /);
    expect(received).toMatch(/\r\nCache-Control: no-store\r\n/i);
    expect(received.slice(received.indexOf('\r\n\r\n') + 4)).toBe('{"status":"draining"}');
    expect((await server.exited).code).toBe(0);
    // LOG_FORMAT=json: every line the server wrote is one JSON object.
    const lines = server.logs().trim().split('\n');
    expect(lines.some(line => line.includes('SIGTERM received'))).toBe(true);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ time: expect.any(String), level: expect.any(String), msg: expect.any(String) });
  });
});
