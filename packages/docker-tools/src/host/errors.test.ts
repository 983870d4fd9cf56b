import { CancelledError, TimeoutError } from '@agentos/core';
import { AgentOSError } from '@agentos/policy';
import { describe, expect, it } from 'vitest';
import {
  ContainerNotFoundError, ContainerNotRunningError, DaemonUnreachableError, DockerError, DockerPermissionError, ImageNotFoundError, toDockerError,
} from './errors.js';

const modemError = (statusCode: number, message: string) => Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode, json: { message } });
const sysError = (code: string) => Object.assign(new Error(`connect ${code} /var/run/docker.sock`), { code });
const ctx = { host: 'local', address: 'unix:///var/run/docker.sock', container: 'web', operation: 'inspect' };

describe('toDockerError', () => {
  it('maps 404 "No such container" to ContainerNotFoundError', () => {
    const e = toDockerError(modemError(404, 'No such container: web'), ctx);
    expect(e).toBeInstanceOf(ContainerNotFoundError);
    expect(e.message).toContain('no such container "web" on host "local"');
  });

  it('maps 404 "No such image" to ImageNotFoundError', () => {
    const e = toDockerError(modemError(404, 'No such image: redis:7'), { ...ctx, operation: 'run' });
    expect(e).toBeInstanceOf(ImageNotFoundError);
    expect(e.message).toContain('"redis:7"');
  });

  it('maps 409 "is not running" to ContainerNotRunningError', () => {
    expect(toDockerError(modemError(409, 'Container abc is not running'), { ...ctx, operation: 'exec' })).toBeInstanceOf(ContainerNotRunningError);
  });

  it.each(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EHOSTUNREACH'])('maps %s to DaemonUnreachableError with the address', (code) => {
    const e = toDockerError(sysError(code), ctx);
    expect(e).toBeInstanceOf(DaemonUnreachableError);
    expect(e.message).toContain('daemon unreachable at unix:///var/run/docker.sock');
  });

  it('maps EACCES to DockerPermissionError with a socket hint', () => {
    const e = toDockerError(sysError('EACCES'), ctx);
    expect(e).toBeInstanceOf(DockerPermissionError);
    expect(e.message).toMatch(/permission denied .*unix:\/\/\/var\/run\/docker.sock.*docker" group/);
  });

  it('maps other statuses to DockerError carrying the status code and daemon message', () => {
    const e = toDockerError(modemError(500, 'driver failed'), ctx);
    expect(e).toBeInstanceOf(DockerError);
    expect((e as DockerError).statusCode).toBe(500);
    expect(e.message).toContain('driver failed');
    expect((toDockerError(modemError(409, 'name in use'), ctx) as DockerError).code).toBe('DOCKER_CONFLICT');
  });

  it('maps aborts to CancelledError, or TimeoutError when a timeout fired', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(toDockerError(abort, ctx)).toBeInstanceOf(CancelledError);
    const t = toDockerError(abort, { ...ctx, timedOutAfterMs: 500 });
    expect(t).toBeInstanceOf(TimeoutError);
    expect(t.message).toContain('500 ms');
  });

  it('passes AgentOS errors through and keeps the cause', () => {
    const original = new ContainerNotFoundError('x');
    expect(toDockerError(original)).toBe(original);
    const raw = sysError('ECONNREFUSED');
    expect(toDockerError(raw, ctx).cause).toBe(raw);
    expect(toDockerError(raw, ctx)).toBeInstanceOf(AgentOSError);
  });
});
