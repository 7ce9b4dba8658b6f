import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess, freePorts, startApp, waitFor } from './support/app-process';

/**
 * What `npm start` promises: one process, embedded store, the example app served, handlers hot-reloaded, Ctrl-C
 * stops it cleanly. The example is copied to a temp folder so the test can edit a handler.
 */
describe('all-in-one (npm start)', () => {
  const work = mkdtempSync(join(tmpdir(), 'all-in-one-'));
  const appDir = join(work, 'pets-api');
  let app: AppProcess;
  let gateway: string;
  let apiId: string;

  beforeAll(async () => {
    cpSync(join(__dirname, '../examples/pets-api'), appDir, { recursive: true });
    const [gw, ws, cp, metrics] = await freePorts(4);
    // The example's passthrough route targets the control plane's readiness endpoint on its default port.
    const openapi = join(appDir, 'openapi.yaml');
    writeFileSync(openapi, readFileSync(openapi, 'utf8').replace('127.0.0.1:9000', `127.0.0.1:${cp}`));
    app = startApp(['node', 'dist/apps/all-in-one/src/main.js'], {
      GATEWAY_PORT: String(gw),
      WS_PORT: String(ws),
      CONTROL_PLANE_PORT: String(cp),
      METRICS_WORKER_PORT: String(metrics),
      BIND_HOST: '127.0.0.1',
      DATA_DIR: join(work, 'data'),
      LOCAL_APP_DIR: appDir,
    });
    gateway = `http://127.0.0.1:${gw}`;
    await waitFor(`${gateway}/health/ready`, app);
    for (let i = 0; i < 50 && !/HTTP API "pets-api" \((\w+)\)/.test(app.output()); i++) await new Promise((r) => setTimeout(r, 100));
    apiId = /HTTP API "pets-api" \((\w+)\)/.exec(app.output())![1];
  });

  afterAll(async () => {
    await app?.stop('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  it('prints the URLs a user needs', () => {
    expect(app.output()).toContain(`http://${apiId}.execute-api.localhost:`);
    expect(app.output()).toContain(`/_aws/execute-api/${apiId}   (path form)`);
    expect(app.output()).toMatch(/GET \/hello/);
  });

  it('serves the example handlers', async () => {
    const hello = await fetch(`${gateway}/_aws/execute-api/${apiId}/hello?name=tester`);
    expect(hello.status).toBe(200);
    expect(await hello.json()).toMatchObject({ message: 'Hello, tester!', path: '/hello' });

    const created = await fetch(`${gateway}/_aws/execute-api/${apiId}/pets`, { method: 'POST', body: JSON.stringify({ name: 'Kit' }) });
    expect(created.status).toBe(201);
    const pet = (await created.json()) as { id: string };
    const fetched = await fetch(`${gateway}/_aws/execute-api/${apiId}/pets/${pet.id}`);
    expect(await fetched.json()).toEqual({ id: pet.id, name: 'Kit', type: 'unknown' });
  });

  it('serves the HTTP passthrough route', async () => {
    const res = await fetch(`${gateway}/_aws/execute-api/${apiId}/status`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('answers an unknown route with the HTTP API 404', async () => {
    const res = await fetch(`${gateway}/_aws/execute-api/${apiId}/nope`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('{"message":"Not Found"}');
  });

  it('runs the edited handler on the next request, without a restart', async () => {
    const file = join(appDir, 'functions/hello/index.js');
    writeFileSync(file, readFileSync(file, 'utf8').replace('message: `${process.env.GREETING}', 'message: `Edited ${process.env.GREETING}'));
    let body: { message?: string } = {};
    for (let i = 0; i < 30 && body.message !== 'Edited Hello, again!'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      body = (await (await fetch(`${gateway}/_aws/execute-api/${apiId}/hello?name=again`)).json()) as { message?: string };
    }
    expect(body.message).toBe('Edited Hello, again!');
  });

  it('stops cleanly on Ctrl-C', async () => {
    expect(await app.stop('SIGINT')).toBe(0);
    expect(app.output()).toContain('stopped cleanly');
  });
});
