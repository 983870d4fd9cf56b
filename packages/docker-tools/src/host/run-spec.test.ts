import { describe, expect, it } from 'vitest';
import { DockerRequestRefusedError, InvalidRunSpecError } from './errors.js';
import { checkRunSpec, parseRunSpec, runRefusals } from './run-spec.js';

describe('run spec', () => {
  it('defaults to network mode none, no privileges, no mounts', () => {
    const s = parseRunSpec({ image: 'busybox:latest', cmd: ['sleep', '1'] });
    expect(s).toMatchObject({ networkMode: 'none', privileged: false, pidMode: 'private', mounts: [], capAdd: [], tty: false, autoRemove: false });
    expect(runRefusals(s)).toEqual([]);
  });

  it.each([
    [{ privileged: true }, 'privileged mode', 'privileged'],
    [{ mounts: [{ type: 'bind', source: '/', target: '/host' }] }, 'host mount (/:/host)', 'hostMounts'],
    [{ pidMode: 'host' }, 'host PID namespace', 'hostPid'],
    [{ networkMode: 'host' }, 'host network', 'hostNetwork'],
    [{ capAdd: ['SYS_ADMIN'] }, 'added capabilities (SYS_ADMIN)', 'capabilities'],
  ])('refuses %j unless allowed', (extra, what, flag) => {
    try {
      checkRunSpec({ image: 'busybox', ...extra });
      expect.unreachable('should have been refused');
    } catch (e) {
      expect(e).toBeInstanceOf(DockerRequestRefusedError);
      expect((e as DockerRequestRefusedError).refusals).toEqual([{ what, allowFlag: flag }]);
      expect((e as Error).message).toContain(what);
      expect((e as Error).message).toContain(`allow.${flag}`);
    }
    expect(() => checkRunSpec({ image: 'busybox', ...extra, allow: { [flag]: true } })).not.toThrow();
  });

  it('lists every refusal at once', () => {
    expect(() => checkRunSpec({ image: 'x', privileged: true, networkMode: 'host' })).toThrow(/privileged mode, host network/);
  });

  it('allows named volumes and tmpfs without hostMounts', () => {
    expect(() => checkRunSpec({ image: 'x', mounts: [{ type: 'volume', source: 'data', target: '/data' }, { type: 'tmpfs', target: '/tmp' }] })).not.toThrow();
  });

  it.each<[unknown, string]>([
    [{ image: 'x', HostConfig: { Privileged: true } }, 'unknown key'],
    [{ image: 'bad image' }, 'image'],
    [{ image: 'x', env: { '1BAD': 'v' } }, 'env name'],
    [{ image: 'x', networkMode: 'container:abc' }, 'network namespace join'],
    [{ image: 'x', healthcheck: { test: ['CMD-SHELL', 'curl x || exit 1'] } }, 'shell healthcheck'],
    [{ image: 'x', cmd: 'sh -c "rm -rf /"' }, 'shell string cmd'],
  ])('rejects malformed spec %j (%s)', (spec) => {
    expect(() => checkRunSpec(spec)).toThrow(InvalidRunSpecError);
  });
});
